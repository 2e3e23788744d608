/**
 * What a connection holds back while its client is not reading (DESIGN §3 limits). State-channel
 * frames carry the whole state, so a newer one replaces a queued older one (coalescing); every
 * other frame (event channels, batches, control messages) is kept in order, and once more than
 * `maxEvents` of them wait the queue reports an overflow: the caller closes the connection with a
 * reason, so the client resumes instead of silently missing events.
 */

export interface OutboundItem {
  /** A whole text frame, UTF-8. */
  bytes: Buffer;
  /** Set for state-channel data frames, which may be coalesced; absent for everything else. */
  stateChannel?: string;
  /** The channels of the data events in this frame, for counting (empty for control messages). */
  channels: readonly string[];
}

export type PushResult = 'queued' | 'coalesced' | 'overflow';

interface Slot {
  item: OutboundItem;
  live: boolean;
}

export class OutboundQueue {
  private readonly slots: Slot[] = [];
  private head = 0;
  private readonly stateSlots = new Map<string, Slot>();
  private events = 0;

  constructor(private readonly maxEvents: number) {}

  /** Items waiting (coalesced ones excluded). */
  get length(): number {
    return this.events + this.stateSlots.size;
  }

  push(item: OutboundItem): PushResult {
    const slot: Slot = { item, live: true };
    if (item.stateChannel !== undefined) {
      const previous = this.stateSlots.get(item.stateChannel);
      this.stateSlots.set(item.stateChannel, slot);
      this.slots.push(slot);
      if (previous !== undefined) {
        previous.live = false;
        return 'coalesced';
      }
      return 'queued';
    }
    this.slots.push(slot);
    this.events += 1;
    return this.events > this.maxEvents ? 'overflow' : 'queued';
  }

  shift(): OutboundItem | undefined {
    while (this.head < this.slots.length) {
      const slot = this.slots[this.head];
      this.head += 1;
      if (!slot.live) {
        continue;
      }
      if (slot.item.stateChannel !== undefined) {
        this.stateSlots.delete(slot.item.stateChannel);
      } else {
        this.events -= 1;
      }
      this.compact();
      return slot.item;
    }
    this.compact();
    return undefined;
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.slots.length) {
      this.slots.splice(0, this.head);
      this.head = 0;
    }
  }
}
