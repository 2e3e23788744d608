/**
 * What a connection holds back while its client is not reading (limits in docs/server.md).
 * State-channel frames carry the whole state, so a newer one replaces a queued older one
 * (coalescing) and the older one's bytes are let go at once; every other frame (event channels,
 * batches, control messages) is kept in order. The queue is bounded twice: once more than
 * `maxEvents` non-state frames wait, or more than `maxBytes` bytes are held for the client (the
 * frames of any kind waiting here plus what the caller says it already holds elsewhere: the
 * socket's unread write buffer), it reports an overflow, and the caller closes the connection with
 * a reason so the client resumes instead of silently missing events. Memory stays proportional to
 * what waits: a replaced frame leaves an empty slot, and empty slots are swept once they outnumber
 * the waiting ones.
 */

export interface OutboundItem {
  /** A whole text message, UTF-8. */
  bytes: Buffer;
  /**
   * The same message framed for the wire (a WebSocket text frame), made once by the first
   * connection that writes it and shared by the others, as the item is.
   */
  frame?: Buffer;
  /** Set for state-channel data frames, which may be coalesced; absent for everything else. */
  stateChannel?: string;
  /** The channels of the data events in this frame, for counting (empty for control messages). */
  channels: readonly string[];
  /** `channels` counted per channel, for an item of several events written to many clients. */
  counts?: ReadonlyArray<readonly [string, number]>;
}

export type PushResult = 'queued' | 'coalesced' | 'overflow';

/** Empty slots are swept only past this many, so a sweep is rare and its cost amortised. */
const SWEEP_AFTER_EMPTY_SLOTS = 1024;

/**
 * The waiting items in one array, each slot the item itself (no wrapper object per waiting frame:
 * a stalled client queues thousands, and a hundred such clients would otherwise allocate hundreds
 * of thousands of small objects that outlive the young heap). A replaced state frame's slot is
 * set to `undefined`; the slot of each state channel's waiting frame is found by its index.
 */
export class OutboundQueue {
  private slots: Array<OutboundItem | undefined> = [];
  private head = 0;
  /** The index in `slots` of each state channel's waiting frame. */
  private readonly stateSlots = new Map<string, number>();
  private events = 0;
  private emptySlots = 0;
  private bytes = 0;

  constructor(
    private readonly maxEvents: number,
    private readonly maxBytes: number = Number.MAX_SAFE_INTEGER
  ) {}

  /** Items waiting (coalesced ones excluded). */
  get length(): number {
    return this.events + this.stateSlots.size;
  }

  /** Bytes of the items waiting: what this queue keeps in memory (coalesced ones excluded). */
  get retainedBytes(): number {
    return this.bytes;
  }

  /** Slots held, waiting or empty (for tests: stays proportional to `length`). */
  get slotCount(): number {
    return this.slots.length - this.head;
  }

  /**
   * Queue `item`. `heldElsewhere`: bytes already held for the same client outside this queue (its
   * socket's unread buffer), which count toward `maxBytes` with the queue's own, so that queue and
   * socket together stay within one bound.
   */
  push(item: OutboundItem, heldElsewhere = 0): PushResult {
    this.slots.push(item);
    this.bytes += item.bytes.length;
    let result: PushResult = 'queued';
    if (item.stateChannel !== undefined) {
      const previous = this.stateSlots.get(item.stateChannel);
      this.stateSlots.set(item.stateChannel, this.slots.length - 1);
      if (previous !== undefined) {
        this.release(previous);
        result = 'coalesced';
      }
    } else {
      this.events += 1;
    }
    return this.events > this.maxEvents || this.bytes + heldElsewhere > this.maxBytes ? 'overflow' : result;
  }

  shift(): OutboundItem | undefined {
    while (this.head < this.slots.length) {
      const item = this.slots[this.head];
      this.slots[this.head] = undefined;
      this.head += 1;
      if (item === undefined) {
        this.emptySlots -= 1;
        continue;
      }
      if (item.stateChannel !== undefined) {
        this.stateSlots.delete(item.stateChannel);
      } else {
        this.events -= 1;
      }
      this.bytes -= item.bytes.length;
      this.compact();
      return item;
    }
    this.compact();
    return undefined;
  }

  /** Let go of everything (the connection is closing: its client resumes from its last seq). */
  clear(): void {
    this.slots = [];
    this.head = 0;
    this.stateSlots.clear();
    this.events = 0;
    this.emptySlots = 0;
    this.bytes = 0;
  }

  private release(index: number): void {
    this.bytes -= this.slots[index]!.bytes.length;
    this.slots[index] = undefined;
    this.emptySlots += 1;
    if (this.emptySlots > SWEEP_AFTER_EMPTY_SLOTS && this.emptySlots * 2 > this.slotCount) {
      this.slots = this.slots.slice(this.head).filter((kept) => kept !== undefined);
      this.head = 0;
      this.emptySlots = 0;
      this.indexStateSlots();
    }
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.slots.length) {
      this.slots.splice(0, this.head);
      this.head = 0;
      this.indexStateSlots();
    }
  }

  /** After slots moved: find each state channel's waiting frame again (one per channel at most). */
  private indexStateSlots(): void {
    this.stateSlots.clear();
    this.slots.forEach((item, index) => {
      if (item?.stateChannel !== undefined) {
        this.stateSlots.set(item.stateChannel, index);
      }
    });
  }
}
