/**
 * The writer of one connection, as `ws` keeps framing in its sender: the batch window, the
 * bounded outbound queue, draining it as the socket's write callbacks come back, and counting what
 * was sent. It never closes anything: when the queue passes its bound it reports `onOverflow`, and
 * the connection decides (it closes with the slow-consumer reason).
 *
 * Memory for a client that stopped reading (measured with `bench/cases/overload.ts`, see
 * docs/server.md): a frame's bytes (payload and WebSocket framing) are shared by every client,
 * but each frame handed to the socket costs that socket a write-queue entry of its own, so the
 * socket is handed only `maxBufferedBytes` before frames wait in the queue, where a waiting frame
 * costs one small slot and state frames coalesce. The byte bound counts the socket's unread bytes
 * and the queue's together.
 */
import { encodeMessage, isStateChannel, type Channel, type ServerMessage } from '../../src/protocol';
import type { PublishedEvent } from './ChannelHub';
import { OutboundQueue, type OutboundItem } from './OutboundQueue';
import { batchBytes, textBytes, textFrame } from './wireBytes';

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
  /** Bytes the client may leave unread in its socket's write buffer before frames wait in the queue. */
  maxBufferedBytes: number;
  /** Event-channel frames, batches and control messages that may wait before an overflow. */
  maxQueuedEvents: number;
  /** Bytes held for the client, the queue's and the socket's unread ones together, before an overflow. */
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

/**
 * Runs `write` with the client's TCP socket corked, so the frames it writes leave in one write
 * call (one `writev`) instead of one per frame; the gateway passes one over the socket under `ws`.
 */
export type Cork = (write: () => void) => void;

const uncorked: Cork = (write) => write();

/**
 * Writes one whole WebSocket frame to the client's TCP socket, past `ws`'s sender (which frames
 * each message anew for each client: with a hundred clients that is most of a fan-out's CPU).
 * The bytes go to the same socket `ws` writes to, in call order, so they stay in order with its
 * own frames (pings, close) and count in its `bufferedAmount`.
 */
export type FrameWriter = (frame: Buffer, callback: (error?: Error | null) => void) => void;

/** How a connection reaches its TCP socket under `ws`; absent in tests of the protocol alone. */
export interface SocketWire {
  cork: Cork;
  writeFrame: FrameWriter;
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
    private readonly hooks: SenderHooks,
    private readonly wire?: SocketWire
  ) {
    this.queue = new OutboundQueue(limits.maxQueuedEvents, limits.maxQueuedBytes);
  }

  /** Bytes waiting in the queue (not yet handed to the socket). */
  get queuedBytes(): number {
    return this.queue.retainedBytes;
  }

  /** Bytes held for the client: waiting in the queue plus unread in the socket's write buffer. */
  get heldBytes(): number {
    return this.queue.retainedBytes + this.socket.bufferedAmount;
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
    if (this.queue.length === 0 && this.socket.bufferedAmount < this.limits.maxBufferedBytes) {
      // The common case, a client that keeps up: straight to the socket, no queue item made.
      this.writeEvent(event);
      return;
    }
    this.enqueue(itemOf(event));
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

  /**
   * Write what waits while the socket takes it, corked: a client that falls behind and catches up
   * gets what waited in one write call, not one per frame (each costs CPU the readers need).
   */
  drain(): void {
    if (!this.canWriteQueued()) {
      return;
    }
    (this.wire?.cork ?? uncorked)(() => {
      while (this.canWriteQueued()) {
        this.write(this.queue.shift()!);
      }
    });
  }

  private canWriteQueued(): boolean {
    return !this.stopped && this.queue.length > 0 && this.socket.bufferedAmount < this.limits.maxBufferedBytes;
  }

  /** One callback for every frame (not a closure per frame): a written frame makes room for the next. */
  private readonly written = (error?: Error | null): void => {
    if (error === undefined || error === null) {
      this.drain();
    }
  };

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
    const result = this.queue.push(item, this.socket.bufferedAmount);
    if (result === 'coalesced') {
      this.hooks.dropped(item.stateChannel as Channel);
    } else if (result === 'overflow') {
      this.hooks.onOverflow({ events: this.queue.length, bytes: this.heldBytes });
    }
  }

  private write(item: OutboundItem): void {
    if (this.socket.readyState !== OPEN) {
      return;
    }
    if (this.wire === undefined) {
      this.socket.send(item.bytes, TEXT_FRAME, this.written);
    } else {
      item.frame ??= textFrame(item.bytes);
      this.wire.writeFrame(item.frame, this.written);
    }
    countChannels(item.channels, this.hooks);
  }

  private writeEvent(event: PublishedEvent): void {
    if (this.socket.readyState !== OPEN) {
      return;
    }
    if (this.wire === undefined) {
      this.socket.send(event.bytes, TEXT_FRAME, this.written);
    } else {
      this.wire.writeFrame(frameOf(event), this.written);
    }
    this.hooks.sent(event.channel, 1);
  }
}

/** The event's frame: the hub's, or made once from its bytes and shared by every connection. */
function frameOf(event: PublishedEvent): Buffer {
  if (event.frame !== undefined) {
    return event.frame;
  }
  const item = itemOf(event);
  item.frame ??= textFrame(item.bytes);
  return item.frame;
}

/** One frozen one-element list per channel, so an item does not allocate its own. */
const singleChannels = new Map<string, readonly string[]>();

function channelList(channel: string): readonly string[] {
  let list = singleChannels.get(channel);
  if (list === undefined) {
    list = Object.freeze([channel]);
    singleChannels.set(channel, list);
  }
  return list;
}

/**
 * One queue item per published event, shared by every connection that queues it: a stalled
 * client's queue then costs a slot per waiting frame, not a slot and an item of its own. Made
 * only when some connection must queue the event (or frame it itself), not for every event.
 */
const sharedItems = new WeakMap<PublishedEvent, OutboundItem>();

function itemOf(event: PublishedEvent): OutboundItem {
  let item = sharedItems.get(event);
  if (item === undefined) {
    item = {
      bytes: event.bytes,
      frame: event.frame,
      channels: channelList(event.channel),
      stateChannel: isStateChannel(event.channel) ? event.channel : undefined,
    };
    sharedItems.set(event, item);
  }
  return item;
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
  if (channels.length === 1) {
    hooks.sent(channels[0] as Channel, 1);
    return;
  }
  const counts = new Map<string, number>();
  channels.forEach((channel) => counts.set(channel, (counts.get(channel) ?? 0) + 1));
  counts.forEach((count, channel) => hooks.sent(channel as Channel, count));
}
