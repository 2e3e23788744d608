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
import { encodeMessage, type Channel, type ServerMessage } from '../../src/protocol';
import { BatchClock, type BatchMember } from './BatchClock';
import type { Burst, BurstMember } from './Burst';
import type { PublishedEvent } from './ChannelHub';
import { OutboundQueue, type OutboundItem } from './OutboundQueue';
import { batchOf, countsOf, frameOf, itemOf, joinedFrames, type JoinedFrames } from './sharedFrames';
import { textBytes, textFrame } from './wireBytes';

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

/** What a sender shares with the other connections of its gateway. */
export interface SenderShared {
  /** The batch windows' clock; a sender without one has its own. */
  clock?: BatchClock;
  /** The engine step being published, whose events each connection writes in one piece at its end. */
  burst?: Burst;
}

export class ConnectionSender implements BatchMember, BurstMember {
  private readonly queue: OutboundQueue;
  private readonly clock: BatchClock;
  private readonly burst: Burst | undefined;
  private batchWindowMs = 0;
  /**
   * Events held for the end of the batch window (when batching) or of the burst, in
   * `held[0..heldCount)`. The list keeps its capacity and its slots are cleared when it is
   * written, so a window or a burst allocates no list and keeps no event alive after it.
   */
  private readonly held: Array<PublishedEvent | undefined> = [];
  private heldCount = 0;
  /** Set while this sender waits in a window of `clock`. */
  private inWindow = false;
  /** The burst this sender holds events for (`Burst.id`), 0 for none. */
  private inBurst = 0;
  private stopped = false;

  constructor(
    private readonly socket: SocketLike,
    private readonly limits: SenderLimits,
    private readonly hooks: SenderHooks,
    private readonly wire?: SocketWire,
    shared: SenderShared = {}
  ) {
    this.queue = new OutboundQueue(limits.maxQueuedEvents, limits.maxQueuedBytes);
    this.clock = shared.clock ?? new BatchClock();
    this.burst = shared.burst;
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

  /** One published event: into the open batch window, held for the end of the burst, or written. */
  deliver(event: PublishedEvent): void {
    if (this.stopped) {
      return;
    }
    if (this.batchWindowMs > 0) {
      this.hold(event);
      if (!this.inWindow) {
        this.inWindow = true;
        this.clock.join(this, this.batchWindowMs);
      }
      return;
    }
    const burst = this.burst;
    if (burst !== undefined && burst.collecting) {
      this.hold(event);
      if (this.inBurst !== burst.id) {
        this.inBurst = burst.id;
        burst.join(this);
      }
      return;
    }
    this.send(event);
  }

  private hold(event: PublishedEvent): void {
    this.held[this.heldCount] = event;
    this.heldCount += 1;
  }

  /** One event now: straight to the socket, or behind what waits in the queue. */
  private send(event: PublishedEvent): void {
    if (this.queue.length === 0 && this.socket.bufferedAmount < this.limits.maxBufferedBytes) {
      // The common case, a client that keeps up: straight to the socket, no queue item made.
      this.writeEvent(event);
      return;
    }
    this.enqueue(itemOf(event));
  }

  /** Control messages keep their order with data: what is held goes first. */
  sendControl(message: ServerMessage): void {
    this.flushBatch();
    this.enqueue({ bytes: textBytes(encodeMessage(message)), channels: [] });
  }

  /**
   * What is held goes out now: the open window's events as one batch (the window itself runs on
   * until the clock ends it), or the burst's events so far.
   */
  flushBatch(): void {
    const count = this.heldCount;
    if (count === 0) {
      return;
    }
    const held = this.held as PublishedEvent[];
    this.heldCount = 0;
    if (this.batchWindowMs > 0) {
      const item = batchOf(held, count);
      held.fill(undefined as never, 0, count);
      this.enqueue(item);
      return;
    }
    if (count > 1 && this.wire !== undefined && this.canWriteNow()) {
      const joined = joinedFrames(held, count);
      held.fill(undefined as never, 0, count);
      this.writeJoined(joined);
      return;
    }
    // One event, or a client behind: each event as `deliver` would have sent it.
    for (let i = 0; i < count; i += 1) {
      const event = held[i];
      held[i] = undefined as never;
      this.send(event);
    }
  }

  windowEnded(): void {
    this.inWindow = false;
    this.flushBatch();
  }

  burstEnded(): void {
    this.inBurst = 0;
    this.flushBatch();
  }

  /** Nothing waits and the client keeps up: a frame may go straight to the socket. */
  private canWriteNow(): boolean {
    return this.queue.length === 0 && this.socket.bufferedAmount < this.limits.maxBufferedBytes;
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
    this.clock.leave(this);
    this.inWindow = false;
    this.held.fill(undefined, 0, this.heldCount);
    this.heldCount = 0;
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
    countSent(item, this.hooks);
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

  private writeJoined(joined: JoinedFrames): void {
    if (this.socket.readyState !== OPEN) {
      return;
    }
    this.wire!.writeFrame(joined.frames, this.written);
    for (const [channel, count] of joined.counts) {
      this.hooks.sent(channel as Channel, count);
    }
  }
}

function countSent(item: OutboundItem, hooks: SenderHooks): void {
  const { channels } = item;
  if (channels.length === 0) {
    return;
  }
  if (channels.length === 1) {
    hooks.sent(channels[0] as Channel, 1);
    return;
  }
  for (const [channel, count] of item.counts ?? countsOf(channels)) {
    hooks.sent(channel as Channel, count);
  }
}
