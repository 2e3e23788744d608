/**
 * One virtual user of `mci-sim load`: the project's protocol client (`createMciClient`) over a
 * `ws` socket, subscribed to the run's channels, feeding what it sees into LoadStats:
 * connect+ack and subscribe times from the client's status, per-message latency (receipt time −
 * the event's server timestamp), gaps and errors, and the wire bytes of each frame, attributed to
 * the channels of the events it carried.
 *
 * Two ways to read data events (docs/load.md):
 * - the fast path (default): the session reads each data frame's envelope itself, from the
 *   frame's bytes (`readEventFrame`: channel, seq, snapshot, timestamp; no UTF-8 decoding, no
 *   JSON.parse, no schema validation), tracks `seq` with the client's own rules (`ChannelSequence`),
 *   and hands the client, as text, only the other messages (ack, subscribed, heartbeat, errors, …)
 *   and frames it cannot read. So that the client still resumes where the session left off after
 *   a reconnect, the session hands it the newest event of each channel just before the next
 *   `connection:ack`; what the client emits for those is not counted again.
 * - `--validate`: every frame goes through the client, which parses and validates it fully.
 */
import { performance } from 'perf_hooks';
import type { Subscription } from 'rxjs';
import WebSocket from 'ws';
import type { Channel, DataMessage } from '../../src/protocol';
import type { ChannelItem, ClientOptions, ClientStatus, MciClient, WebSocketLike } from '../../src/client';
import { ChannelSequence, DUPLICATE } from './ChannelSequence';
import type { ChannelStats, LoadStats } from './LoadStats';
import { readEventFrame, type EnvelopeEvent } from './readEventFrame';
import { createReceiptClock } from './receiptClock';

export type CreateClient = (options: ClientOptions) => MciClient;

/** Opens the raw socket a session reads (tests pass a fake). */
export type OpenSocket = (url: string, options: { apiKey?: string; trusted: boolean }) => RawSocket;

/** The part of a `ws` socket a session uses: frames arrive as bytes, as `ws` gives them. */
export type RawSocket = Pick<WebSocket, 'readyState' | 'onopen' | 'onclose' | 'onerror' | 'on' | 'send' | 'close'>;

export interface LoadSessionOptions {
  /** Where this client connects first. */
  url: string;
  /** Every URL of the run; after a failed connection the client moves to the next one. */
  urls?: string[];
  apiKey?: string;
  channels: Channel[];
  batchMs: number;
  /** Every frame through the client's full validation instead of the envelope-only fast path. */
  validate: boolean;
  stats: LoadStats;
  createClient: CreateClient;
  openSocket?: OpenSocket;
}

/** `urls` starting after `first`, so a client goes round all of them from where it started. */
function rotateFrom(urls: string[], first: string): string[] {
  const at = urls.indexOf(first);
  return at < 0 ? urls : [...urls.slice(at + 1), ...urls.slice(0, at)];
}

/** Sub-millisecond wall clock: the server's timestamps are epoch ms, receipts need finer steps. */
export const preciseNow = () => performance.timeOrigin + performance.now();

/** `preciseNow` read once per socket read (all sessions share it: one read is one socket's). */
const receiptTime = createReceiptClock(preciseNow);

const openWsSocket: OpenSocket = (url, { apiKey, trusted }) =>
  new WebSocket(url, {
    headers: apiKey === undefined ? {} : { Authorization: `Bearer ${apiKey}` },
    perMessageDeflate: false,
    maxPayload: 64 * 1024 * 1024,
    // The fast path trusts the server's bytes as it trusts its JSON; --validate checks both.
    skipUTF8Validation: trusted,
  });

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

/** What the fast path keeps for each channel it reads, so an event costs one map lookup. */
interface FastChannel {
  stats: ChannelStats;
  sequence: ChannelSequence;
  /**
   * The newest event the client has not seen (none when `newestFrame` is undefined): its frame and
   * where it sits in it. Holding the frame (a view of the socket read it came in, which Node sizes
   * to what was read) costs no copy per event.
   */
  newestFrame: Buffer | undefined;
  newestStart: number;
  newestEnd: number;
}

export class LoadSession {
  private readonly client: MciClient;
  private readonly subscriptions: Subscription[] = [];
  private readonly startedAt = preciseNow();
  private connectingSince: number | undefined = this.startedAt;
  private connectedAt: number | undefined;
  private wasConnected = false;
  private state: ClientStatus['state'] = 'disconnected';
  private epoch: string | undefined;
  /**
   * The channels of the events the frame being handled carried (byte attribution): the first
   * `frameEvents` entries, reused frame after frame.
   */
  private readonly frameStats: ChannelStats[] = [];
  private frameEvents = 0;
  private closed = false;
  // ---- the fast path
  private readonly wanted: ReadonlySet<string>;
  private readonly fast = new Map<Channel, FastChannel>();
  /** Handing the client the newest events: what it emits meanwhile was counted already. */
  private syncing = false;
  private frame: Buffer = Buffer.alloc(0);
  private receivedAt = 0;

  constructor(private readonly options: LoadSessionOptions) {
    const { stats } = options;
    this.wanted = new Set(options.channels);
    stats.totals.connectAttempts += 1;
    this.client = options.createClient({
      wsUrl: options.url,
      // The client rotates from wsUrl (random 0 keeps the start where the run placed it).
      wsUrls: rotateFrom(options.urls ?? [], options.url),
      random: () => 0,
      webSocketFactory: (url) => this.openSocket(url),
      batchMs: options.batchMs,
      // Sockets only: REST polling and gap healing would load the server with requests the run did not ask for.
      now: preciseNow,
      lingerMs: 0,
    });
    this.subscriptions.push(this.client.status$.subscribe((status) => this.onStatus(status)));
    this.subscriptions.push(
      this.client.errors$.subscribe((error) => {
        if (!this.syncing) {
          stats.error(error.code);
        }
      })
    );
    for (const channel of options.channels) {
      this.subscriptions.push(this.client.channel(channel).subscribe((item) => this.onItem(item)));
    }
  }

  /** The socket the client sees: the same, except that each inbound frame passes here first. */
  private openSocket(url: string): WebSocketLike {
    const open = this.options.openSocket ?? openWsSocket;
    const ws = open(url, { apiKey: this.options.apiKey, trusted: !this.options.validate });
    let onmessage: WebSocketLike['onmessage'] = null;
    const forward = (data: unknown) => onmessage?.({ data });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        this.options.stats.bytes(undefined, data.length);
        forward(data);
      } else {
        this.onFrame(data, forward);
      }
    });
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

  private onFrame(data: Buffer, forward: (data: string) => void): void {
    this.frameEvents = 0;
    try {
      if (this.options.validate) {
        forward(data.toString());
        return;
      }
      this.frame = data;
      // The frames of one socket read (and the events of a batch) arrived together.
      this.receivedAt = receiptTime();
      const frame = readEventFrame(data, this.isWanted, this.onEnvelope);
      if (frame.kind === 'data') {
        return;
      }
      if (frame.kind === 'control' && frame.event === 'connection:ack') {
        this.handNewestToClient(forward);
      }
      forward(data.toString());
    } finally {
      this.countBytes(data.length);
    }
  }

  private readonly isWanted = (channel: Channel): boolean => this.wanted.has(channel);

  private fastChannel(channel: Channel): FastChannel {
    let fast = this.fast.get(channel);
    if (fast === undefined) {
      fast = {
        stats: this.options.stats.channel(channel),
        sequence: new ChannelSequence(channel),
        newestFrame: undefined,
        newestStart: 0,
        newestEnd: 0,
      };
      this.fast.set(channel, fast);
    }
    return fast;
  }

  /** One data event read by the fast path: the client's seq rules, then counted and timed. */
  private readonly onEnvelope = (event: EnvelopeEvent): void => {
    const fast = this.fastChannel(event.channel);
    const verdict = fast.sequence.observe(this.epoch, event.seq, event.snapshot);
    if (verdict === DUPLICATE) {
      return;
    }
    const { stats } = this.options;
    if (verdict > 0) {
      stats.gap(event.channel, verdict);
    }
    fast.newestFrame = this.frame;
    fast.newestStart = event.start;
    fast.newestEnd = event.end;
    this.frameStats[this.frameEvents++] = fast.stats;
    const timestamp = event.snapshot ? undefined : event.timestamp;
    stats.messageOn(fast.stats, timestamp === undefined ? undefined : this.receivedAt - timestamp);
  };

  /** Before a new `connection:ack`: the client learns our resume point of each channel. */
  private handNewestToClient(forward: (data: string) => void): void {
    this.syncing = true;
    try {
      this.fast.forEach((fast) => {
        const frame = fast.newestFrame;
        fast.newestFrame = undefined;
        if (frame !== undefined) {
          forward(frame.toString('utf8', fast.newestStart, fast.newestEnd));
        }
      });
    } finally {
      this.syncing = false;
    }
  }

  private countBytes(bytes: number): void {
    const { stats } = this.options;
    const events = this.frameEvents;
    if (events <= 1) {
      stats.bytesOn(events === 0 ? undefined : this.frameStats[0], bytes);
      return;
    }
    // A batch frame holds several events: share its bytes among them (rounding stays in the total).
    const share = Math.floor(bytes / events);
    stats.bytesOn(undefined, bytes - share * events);
    for (let i = 0; i < events; i += 1) {
      stats.bytesOn(this.frameStats[i], share);
    }
  }

  private onStatus(status: ClientStatus): void {
    const { stats } = this.options;
    const previous = this.state;
    this.state = status.state;
    this.epoch = status.epoch ?? this.epoch;
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
    if (this.syncing) {
      return;
    }
    const { stats } = this.options;
    if (item.kind === 'gap') {
      const missed = item.fromSeq !== undefined && item.toSeq !== undefined ? item.toSeq - item.fromSeq + 1 : undefined;
      stats.gap(item.channel, missed);
      return;
    }
    if (item.kind !== 'event') {
      return;
    }
    if (!this.options.validate && item.seq !== undefined && this.epoch !== undefined) {
      // A frame the fast path could not read went through the client: keep its seq in step.
      const fast = this.fastChannel(item.channel);
      fast.sequence.set(this.epoch, item.seq);
      fast.newestFrame = undefined;
    }
    this.frameStats[this.frameEvents++] = stats.channel(item.channel);
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
