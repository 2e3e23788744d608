/**
 * One virtual user of `mci-sim load`: the project's protocol client (`createMciClient`) over a
 * `ws` socket, subscribed to the run's channels, feeding what it sees into LoadStats:
 * connect+ack and subscribe times from the client's status, per-message latency (receipt time −
 * the event's server timestamp), gaps and errors from the client's items and errors, and the
 * wire bytes of each frame, attributed to the channels of the events it carried.
 */
import { performance } from 'perf_hooks';
import type { Subscription } from 'rxjs';
import WebSocket from 'ws';
import type { Channel, DataMessage } from '../../src/protocol';
import type { ChannelItem, ClientOptions, ClientStatus, MciClient, WebSocketLike } from '../../src/client';
import type { LoadStats } from './LoadStats';

export type CreateClient = (options: ClientOptions) => MciClient;

export interface LoadSessionOptions {
  url: string;
  apiKey?: string;
  channels: Channel[];
  batchMs: number;
  stats: LoadStats;
  createClient: CreateClient;
}

/** Sub-millisecond wall clock: the server's timestamps are epoch ms, receipts need finer steps. */
export const preciseNow = () => performance.timeOrigin + performance.now();

/**
 * The server time an event happened, by channel (docs/load.md): `data.timestamp` on every channel
 * that has one; orders fall back to `order.updatedAt`, then `order.createdAt`.
 */
export function eventTimestamp(message: DataMessage): number | undefined {
  // Called for every event: plain property checks, no allocation.
  const data = message.data as { timestamp?: unknown; order?: { updatedAt?: unknown; createdAt?: unknown } };
  if (typeof data.timestamp === 'number' && Number.isFinite(data.timestamp)) {
    return data.timestamp;
  }
  const order = data.order;
  if (order !== undefined && typeof order.updatedAt === 'number') {
    return order.updatedAt;
  }
  return order !== undefined && typeof order.createdAt === 'number' ? order.createdAt : undefined;
}

export class LoadSession {
  private readonly client: MciClient;
  private readonly subscriptions: Subscription[] = [];
  private readonly startedAt = preciseNow();
  private connectingSince: number | undefined = this.startedAt;
  private connectedAt: number | undefined;
  private wasConnected = false;
  private state: ClientStatus['state'] = 'disconnected';
  /** Channels of the events the frame being handled carried (byte attribution). */
  private frameChannels: string[] | undefined;
  private closed = false;

  constructor(private readonly options: LoadSessionOptions) {
    const { stats } = options;
    stats.totals.connectAttempts += 1;
    this.client = options.createClient({
      wsUrl: options.url,
      webSocketFactory: (url) => this.openSocket(url),
      batchMs: options.batchMs,
      // Sockets only: REST polling and gap healing would load the server with requests the run did not ask for.
      now: preciseNow,
      lingerMs: 0,
    });
    this.subscriptions.push(this.client.status$.subscribe((status) => this.onStatus(status)));
    this.subscriptions.push(this.client.errors$.subscribe((error) => stats.error(error.code)));
    for (const channel of options.channels) {
      this.subscriptions.push(this.client.channel(channel).subscribe((item) => this.onItem(item)));
    }
  }

  private openSocket(url: string): WebSocketLike {
    const ws = new WebSocket(url, {
      headers: this.options.apiKey === undefined ? {} : { Authorization: `Bearer ${this.options.apiKey}` },
      perMessageDeflate: false,
      maxPayload: 64 * 1024 * 1024,
    });
    return this.countingSocket(ws);
  }

  /** The socket the client sees: the same, except each inbound frame's bytes are counted. */
  private countingSocket(ws: WebSocket): WebSocketLike {
    const { stats } = this.options;
    let onmessage: WebSocketLike['onmessage'] = null;
    ws.onmessage = (event) => {
      const data = event.data;
      const bytes = typeof data === 'string' ? Buffer.byteLength(data) : (data as Buffer).length;
      this.frameChannels = [];
      try {
        onmessage?.({ data });
      } finally {
        const channels = this.frameChannels;
        this.frameChannels = undefined;
        if (channels.length === 0) {
          stats.bytes(undefined, bytes);
        } else {
          // A batch frame holds several events: share its bytes among them (rounding stays in the total).
          const share = Math.floor(bytes / channels.length);
          stats.bytes(undefined, bytes - share * channels.length);
          channels.forEach((channel) => stats.bytes(channel, share));
        }
      }
    };
    return {
      get readyState() {
        return ws.readyState;
      },
      get onopen() {
        return ws.onopen as WebSocketLike['onopen'];
      },
      set onopen(handler) {
        ws.onopen = handler;
      },
      get onmessage() {
        return onmessage;
      },
      set onmessage(handler) {
        onmessage = handler;
      },
      get onclose() {
        return ws.onclose as WebSocketLike['onclose'];
      },
      set onclose(handler) {
        ws.onclose = handler;
      },
      get onerror() {
        return ws.onerror as WebSocketLike['onerror'];
      },
      set onerror(handler) {
        ws.onerror = handler;
      },
      send: (text) => ws.send(text),
      close: (code, reason) => ws.close(code, reason),
    };
  }

  private onStatus(status: ClientStatus): void {
    const { stats } = this.options;
    const previous = this.state;
    this.state = status.state;
    const at = preciseNow();
    if (status.state === 'reconnecting' && previous !== 'reconnecting') {
      stats.totals.reconnects += 1;
    }
    if ((status.state === 'connecting' || status.state === 'reconnecting') && this.connectingSince === undefined) {
      this.connectingSince = at;
    }
    const isOpen = status.state === 'connected' || status.state === 'subscribed' || status.state === 'streaming';
    const wasOpen = previous === 'connected' || previous === 'subscribed' || previous === 'streaming';
    if (isOpen && !wasOpen) {
      stats.open += 1;
      if (!this.wasConnected) {
        this.wasConnected = true;
        stats.totals.connected += 1;
      }
      if (this.connectingSince !== undefined) {
        stats.connectTime(at - this.connectingSince);
        this.connectingSince = undefined;
      }
    } else if (!isOpen && wasOpen) {
      stats.open -= 1;
    }
    if (status.state === 'connected') {
      this.connectedAt = at;
    } else if (status.state === 'subscribed' && this.connectedAt !== undefined) {
      stats.subscribeTime(at - this.connectedAt);
      this.connectedAt = undefined;
    }
  }

  private onItem(item: ChannelItem): void {
    const { stats } = this.options;
    if (item.kind === 'gap') {
      const missed = item.fromSeq !== undefined && item.toSeq !== undefined ? item.toSeq - item.fromSeq + 1 : undefined;
      stats.gap(item.channel, missed);
      return;
    }
    if (item.kind !== 'event') {
      return;
    }
    this.frameChannels?.push(item.channel);
    // A snapshot is the current state, stamped when that state was made: not a delivery delay.
    const timestamp = item.snapshot ? undefined : eventTimestamp(item.message);
    stats.message(item.channel, timestamp === undefined ? undefined : item.receivedAt - timestamp);
  }

  /** Close the socket and stop counting this user (a churn step or the end of the run). */
  close(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    // Stop listening to status and errors first: closing on purpose is neither a loss nor an error.
    this.subscriptions.slice(0, 2).forEach((subscription) => subscription.unsubscribe());
    const wasOpen = this.state === 'connected' || this.state === 'subscribed' || this.state === 'streaming';
    if (wasOpen) {
      this.options.stats.open -= 1;
    } else if (!this.wasConnected) {
      this.options.stats.totals.connectFailures += 1;
    }
    this.client.close();
    this.subscriptions.slice(2).forEach((subscription) => subscription.unsubscribe());
  }
}
