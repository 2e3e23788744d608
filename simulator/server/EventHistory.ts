/**
 * The bounded history of one channel's published events for resume and backfill: at most
 * `maxEvents` events and at most `maxBytes` bytes of their messages (a 2000-symbol market event is
 * ~280 KB, so a count alone could hold hundreds of megabytes). The oldest events go first.
 *
 * The messages are copied into one byte arena per history, used as a ring: each new message goes
 * after the newest one (or back at the start of the arena when it does not fit before the end),
 * overwriting the oldest events' bytes, and a message's seq, time, offset and length sit in typed
 * arrays. So a history that has reached its working size allocates nothing per event: the
 * published frame is not kept, and lives only as long as its delivery. Keeping each event's own
 * Buffer for a second or more (as long as the history held it) moved it and the 8 KB pool slab it
 * is a view of to V8's old heap, where only a full collection, seconds apart, freed them: tens of
 * megabytes at thousands of events a second (docs/server.md, "Memory per published event").
 *
 * The arena starts small and doubles, up to `maxBytes`, while the count bound is not reached, so
 * a quiet channel holds little. A message larger than `maxBytes` is still kept, alone, in an arena
 * of its own size, which is let go at the next event. Reading (resume, backfill) copies the
 * messages out, because the arena is overwritten as events arrive.
 */
import { framedBytes } from './wireBytes';

export interface HistoryEvent {
  seq: number;
  /** When the event happened (epoch ms). */
  time: number;
  /** The whole wire message. */
  bytes: Buffer;
}

/** A kept event read back: its own copy of the message, and that message as a WebSocket frame. */
export interface KeptEvent extends HistoryEvent {
  /** One WebSocket text frame; `bytes` is a view of its payload. */
  frame: Buffer;
}

/** The arena's first size: a few events of a busy channel, one of a large market channel. */
const MIN_ARENA_BYTES = 16 * 1024;
/** Entry slots are allocated in steps too, so `--history-size 1000000` costs nothing up front. */
const MIN_SLOTS = 64;

export class EventHistory {
  private arena = Buffer.alloc(0);
  /** Ring of entry slots: the oldest at `head`, `count` of them. */
  private seqs = new Float64Array(0);
  private times = new Float64Array(0);
  private starts = new Float64Array(0);
  private lengths = new Float64Array(0);
  private head = 0;
  private count = 0;
  /** Where the newest message's bytes end in the arena. */
  private end = 0;
  private totalBytes = 0;

  constructor(
    private readonly maxEvents: number,
    private readonly maxBytes: number
  ) {}

  get length(): number {
    return this.count;
  }

  /** Bytes of the messages kept. */
  get bytes(): number {
    return this.totalBytes;
  }

  /** Bytes the arena holds (kept messages, and the room the ring has for more). */
  get arenaBytes(): number {
    return this.arena.length;
  }

  /** The oldest kept seq, or undefined when the history is empty. */
  get firstSeq(): number | undefined {
    return this.count === 0 ? undefined : this.seqs[this.head];
  }

  push(event: HistoryEvent): void {
    if (this.maxEvents <= 0) {
      return;
    }
    while (this.count >= this.maxEvents) {
      this.evictOldest();
    }
    const length = event.bytes.length;
    const at = this.place(length);
    event.bytes.copy(this.arena, at);
    if (this.count === this.seqs.length) {
      this.resizeSlots(Math.min(this.maxEvents, Math.max(MIN_SLOTS, this.seqs.length * 2)));
    }
    const slot = (this.head + this.count) % this.seqs.length;
    this.seqs[slot] = event.seq;
    this.times[slot] = event.time;
    this.starts[slot] = at;
    this.lengths[slot] = length;
    this.count += 1;
    this.end = at + length;
    this.totalBytes += length;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
    this.end = 0;
    this.totalBytes = 0;
  }

  /** Oldest first, each a copy. */
  toArray(): KeptEvent[] {
    return this.read(0);
  }

  /**
   * The kept events after `seq`, oldest first (copies); undefined when the history no longer
   * holds every one of them (the oldest kept is later than `seq + 1`, or nothing is kept).
   * Assumes the kept seqs are contiguous, as the hub keeps them.
   */
  after(seq: number): KeptEvent[] | undefined {
    const first = this.firstSeq;
    if (first === undefined || first > seq + 1) {
      return undefined;
    }
    let from = 0;
    while (from < this.count && this.seqs[this.slot(from)] <= seq) {
      from += 1;
    }
    return this.read(from);
  }

  private read(from: number): KeptEvent[] {
    const out: KeptEvent[] = [];
    for (let i = from; i < this.count; i += 1) {
      const slot = this.slot(i);
      const start = this.starts[slot];
      const { frame, bytes } = framedBytes(this.arena.subarray(start, start + this.lengths[slot]));
      out.push({ seq: this.seqs[slot], time: this.times[slot], bytes, frame });
    }
    return out;
  }

  private slot(index: number): number {
    return (this.head + index) % this.seqs.length;
  }

  /**
   * Where `length` bytes go: after the newest message, or at the start of the arena when they do
   * not fit before its end, once the oldest messages in the way are gone. The arena grows instead
   * of evicting while it is below `maxBytes`.
   */
  private place(length: number): number {
    if (length > this.maxBytes) {
      this.clear();
      this.arena = Buffer.allocUnsafeSlow(length);
      return 0;
    }
    for (;;) {
      if (this.count === 0) {
        if (this.arena.length < length || this.arena.length > this.maxBytes) {
          this.arena = Buffer.allocUnsafeSlow(this.initialSize(length));
        }
        return 0;
      }
      const at = this.fit(length);
      if (at !== -1) {
        return at;
      }
      if (this.arena.length < this.maxBytes) {
        this.grow(length);
      } else {
        this.evictOldest();
      }
    }
  }

  /** The offset where `length` bytes fit without touching a kept message, or -1. */
  private fit(length: number): number {
    const oldest = this.starts[this.head];
    if (this.end > oldest) {
      // Kept bytes are [oldest, end): room after them, else before them at the arena's start.
      if (this.arena.length - this.end >= length) {
        return this.end;
      }
      return oldest >= length ? 0 : -1;
    }
    // Wrapped: kept bytes are [oldest, arena end) and [0, end); room only between the two.
    return oldest - this.end >= length ? this.end : -1;
  }

  private initialSize(length: number): number {
    return Math.min(this.maxBytes, Math.max(MIN_ARENA_BYTES, length));
  }

  /** A larger arena with the kept messages copied to its start, oldest first. */
  private grow(length: number): void {
    const size = Math.min(this.maxBytes, Math.max(this.arena.length * 2, this.totalBytes + length));
    const arena = Buffer.allocUnsafeSlow(size);
    let at = 0;
    for (let i = 0; i < this.count; i += 1) {
      const slot = this.slot(i);
      const start = this.starts[slot];
      this.arena.copy(arena, at, start, start + this.lengths[slot]);
      this.starts[slot] = at;
      at += this.lengths[slot];
    }
    this.arena = arena;
    this.end = at;
  }

  private evictOldest(): void {
    this.totalBytes -= this.lengths[this.head];
    this.head = (this.head + 1) % this.seqs.length;
    this.count -= 1;
    if (this.count === 0) {
      this.head = 0;
      this.end = 0;
    }
  }

  private resizeSlots(size: number): void {
    const move = (from: Float64Array) => {
      const to = new Float64Array(size);
      for (let i = 0; i < this.count; i += 1) {
        to[i] = from[this.slot(i)];
      }
      return to;
    };
    const [seqs, times, starts, lengths] = [move(this.seqs), move(this.times), move(this.starts), move(this.lengths)];
    this.seqs = seqs;
    this.times = times;
    this.starts = starts;
    this.lengths = lengths;
    this.head = 0;
  }
}
