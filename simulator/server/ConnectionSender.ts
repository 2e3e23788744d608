/**
 * The writer of one connection, as `ws` keeps framing in its sender: the batch window, the
 * bounded outbound queue, draining it as the socket's write callbacks come back, and counting what
 * was sent. It never closes anything: when the queue passes its bound it reports `onOverflow`, and
 * the connection decides (it closes with the slow-consumer reason).
 */
import { encodeMessage, isStateChannel, type Channel, type ServerMessage } from '../../src/protocol';
import type { PublishedEvent } from './ChannelHub';
import { OutboundQueue, type OutboundItem } from './OutboundQueue';
import { batchBytes, textBytes } from './wireBytes';

/** The part of a `ws` WebSocket a connection uses. */
export interface SocketLike {
  readonly bufferedAmount: number;
  readonly readyState: number;
  /** `ws` sends a Buffer with `binary: false` as a text frame without re-encoding it. */
  send(data: Buffer, options: { binary: boolean }, callback: (error?: Error) => void): void;
  close(code: number, reason?: string): void;
  terminate(): void;
  /** A WebSocket protocol ping; every conforming peer (browsers, `ws`, wscat) answers it with a pong. */
  ping(): void;
}

export const OPEN = 1;
const TEXT_FRAME = { binary: false };

export interface SenderLimits {
  /** Bytes the client may leave unread in its socket before frames wait in the queue. */
  maxBufferedBytes: number;
  /** Event-channel frames, batches and control messages that may wait before an overflow. */
  maxQueuedEvents: number;
  /** Bytes of waiting frames of any kind before an overflow. */
  maxQueuedBytes: number;
}

export interface SenderHooks {
  /** Data events written to the socket, per channel. */
  sent(channel: Channel, count: number): void;
  /** A waiting state-channel event was replaced by a newer one. */
  dropped(channel: Channel): void;
  /** The queue passed a bound; nothing more is queued once the owner calls `stop()`. */
  onOverflow(queued: { events: number; bytes: number }): void;
}

export class ConnectionSender {
  private readonly queue: OutboundQueue;
  private batchWindowMs = 0;
  private batch: PublishedEvent[] = [];
  private batchTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly socket: SocketLike,
    private readonly limits: SenderLimits,
    private readonly hooks: SenderHooks
  ) {
    this.queue = new OutboundQueue(limits.maxQueuedEvents, limits.maxQueuedBytes);
  }

  /** Bytes waiting in the queue (not yet handed to the socket). */
  get queuedBytes(): number {
    return this.queue.retainedBytes;
  }

  get batchMs(): number {
    return this.batchWindowMs;
  }

  /** A new window length (0: no batching); what the old window held goes out first. */
  setBatchMs(batchMs: number): void {
    this.flushBatch();
    this.batchWindowMs = batchMs;
  }

  /** One published event, into the open batch window or straight to the queue. */
  deliver(event: PublishedEvent): void {
    if (this.stopped) {
      return;
    }
    if (this.batchWindowMs > 0) {
      this.batch.push(event);
      this.batchTimer ??= setTimeout(() => this.flushBatch(), this.batchWindowMs);
      return;
    }
    this.enqueue({
      bytes: event.bytes,
      channels: [event.channel],
      stateChannel: isStateChannel(event.channel) ? event.channel : undefined,
    });
  }

  /** Control messages keep their order with data: a pending batch goes first. */
  sendControl(message: ServerMessage): void {
    this.flushBatch();
    this.enqueue({ bytes: textBytes(encodeMessage(message)), channels: [] });
  }

  flushBatch(): void {
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    if (this.batch.length === 0) {
      return;
    }
    const events = this.batch;
    this.batch = [];
    this.enqueue(batchOf(events));
  }

  /** Write what waits while the socket takes it. */
  drain(): void {
    while (!this.stopped && this.queue.length > 0 && this.socket.bufferedAmount < this.limits.maxBufferedBytes) {
      this.write(this.queue.shift()!);
    }
  }

  /** Write past the queue: used only on the way out. */
  writeNow(message: ServerMessage): void {
    if (this.socket.readyState === OPEN) {
      this.socket.send(textBytes(encodeMessage(message)), TEXT_FRAME, () => undefined);
    }
  }

  /**
   * Nothing more is queued or written through the queue (the connection is closing or closed),
   * and what waited is let go at once rather than when the socket finally goes.
   */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    this.batch = [];
    this.queue.clear();
  }

  private enqueue(item: OutboundItem): void {
    if (this.stopped) {
      return;
    }
    if (this.queue.length === 0 && this.socket.bufferedAmount < this.limits.maxBufferedBytes) {
      this.write(item);
      return;
    }
    const result = this.queue.push(item);
    if (result === 'coalesced') {
      this.hooks.dropped(item.stateChannel as Channel);
    } else if (result === 'overflow') {
      this.hooks.onOverflow({ events: this.queue.length, bytes: this.queue.retainedBytes });
    }
  }

  private write(item: OutboundItem): void {
    if (this.socket.readyState !== OPEN) {
      return;
    }
    this.socket.send(item.bytes, TEXT_FRAME, (error) => {
      if (error === undefined || error === null) {
        this.drain();
      }
    });
    countChannels(item.channels, this.hooks);
  }
}

/**
 * Connections with the same channels receive the same published events in the same tick, so
 * their windows hold the same events: the first to flush joins the bytes, the others reuse them
 * (one join per window for all such clients, not one per client). Keyed by the window's first
 * event; a window of other events (other channels, another start) simply joins its own.
 */
const sharedBatches = new WeakMap<PublishedEvent, { events: PublishedEvent[]; item: OutboundItem }>();

export function batchOf(events: PublishedEvent[]): OutboundItem {
  const shared = sharedBatches.get(events[0]);
  if (
    shared &&
    shared.events.length === events.length &&
    shared.events.every((event, index) => event === events[index])
  ) {
    return shared.item;
  }
  const item: OutboundItem = {
    bytes: batchBytes(events.map((event) => event.bytes)),
    channels: events.map((event) => event.channel),
  };
  sharedBatches.set(events[0], { events, item });
  return item;
}

function countChannels(channels: readonly string[], hooks: SenderHooks): void {
  if (channels.length === 0) {
    return;
  }
  const counts = new Map<string, number>();
  channels.forEach((channel) => counts.set(channel, (counts.get(channel) ?? 0) + 1));
  counts.forEach((count, channel) => hooks.sent(channel as Channel, count));
}
