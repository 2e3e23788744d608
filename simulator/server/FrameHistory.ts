/**
 * The bounded history of one channel for resume and backfill: at most `maxFrames` frames and at
 * most `maxBytes` bytes of them (a 2000-symbol market frame is ~280 KB, so a count alone could
 * hold hundreds of megabytes). The oldest frames go first.
 */
export interface SizedFrame {
  seq: number;
  bytes: Buffer;
}

export class FrameHistory<F extends SizedFrame> {
  private frames: F[] = [];
  private head = 0;
  private totalBytes = 0;

  constructor(
    private readonly maxFrames: number,
    private readonly maxBytes: number
  ) {}

  get length(): number {
    return this.frames.length - this.head;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  push(frame: F): void {
    if (this.maxFrames === 0) {
      return;
    }
    this.frames.push(frame);
    this.totalBytes += frame.bytes.length;
    // Always keep the newest frame, even when it alone is over the byte bound.
    while (this.length > 1 && (this.length > this.maxFrames || this.totalBytes > this.maxBytes)) {
      this.totalBytes -= this.frames[this.head].bytes.length;
      this.head += 1;
    }
    if (this.head > 1024 && this.head * 2 > this.frames.length) {
      this.frames = this.frames.slice(this.head);
      this.head = 0;
    }
  }

  /** Oldest first. */
  toArray(): F[] {
    return this.frames.slice(this.head);
  }
}
