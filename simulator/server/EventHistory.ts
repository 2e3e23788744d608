/**
 * The bounded history of one channel's published events for resume and backfill: at most
 * `maxEvents` events and at most `maxBytes` bytes of them (a 2000-symbol market event is
 * ~280 KB, so a count alone could hold hundreds of megabytes). The oldest events go first.
 */
export interface SizedEvent {
  seq: number;
  bytes: Buffer;
}

export class EventHistory<E extends SizedEvent> {
  private events: E[] = [];
  private head = 0;
  private totalBytes = 0;

  constructor(
    private readonly maxEvents: number,
    private readonly maxBytes: number
  ) {}

  get length(): number {
    return this.events.length - this.head;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  push(event: E): void {
    if (this.maxEvents === 0) {
      return;
    }
    this.events.push(event);
    this.totalBytes += event.bytes.length;
    // Always keep the newest event, even when it alone is over the byte bound.
    while (this.length > 1 && (this.length > this.maxEvents || this.totalBytes > this.maxBytes)) {
      this.totalBytes -= this.events[this.head].bytes.length;
      this.head += 1;
    }
    if (this.head > 1024 && this.head * 2 > this.events.length) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
  }

  clear(): void {
    this.events = [];
    this.head = 0;
    this.totalBytes = 0;
  }

  /** Oldest first. */
  toArray(): E[] {
    return this.events.slice(this.head);
  }
}
