/**
 * Fixed-capacity column storage: one preallocated array per column and a moving start index, so
 * appending a row writes a few slots and never copies or allocates (the ingest hot path). The
 * oldest row is overwritten once the ring is full. Rows are read back oldest first.
 */
export class RingColumns {
  readonly capacity: number;
  readonly columns: unknown[][];
  private start = 0;
  private count = 0;

  constructor(capacity: number, width: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new Error(`Invalid ring capacity ${capacity}: expected an integer ≥ 1.`);
    }
    this.capacity = capacity;
    this.columns = Array.from({ length: width }, () => new Array<unknown>(capacity));
  }

  get length(): number {
    return this.count;
  }

  get isFull(): boolean {
    return this.count === this.capacity;
  }

  /**
   * The physical index to write the next row into. When the ring is full this is the oldest row,
   * still readable until the caller overwrites it (so callers can forget its key first).
   */
  nextSlot(): number {
    if (this.count < this.capacity) {
      const slot = (this.start + this.count) % this.capacity;
      this.count += 1;
      return slot;
    }
    const slot = this.start;
    this.start = (this.start + 1) % this.capacity;
    return slot;
  }

  /** The physical index of the row at logical position `index` (0 = oldest). */
  physical(index: number): number {
    return (this.start + index) % this.capacity;
  }

  /** Value of column `column` at logical position `index` (0 = oldest). */
  at(column: number, index: number): unknown {
    return this.columns[column][this.physical(index)];
  }

  /** A new array with the column's rows from logical position `from` to the newest. */
  read(column: number, from = 0): unknown[] {
    const length = Math.max(0, this.count - from);
    const out = new Array<unknown>(length);
    const source = this.columns[column];
    for (let i = 0; i < length; i++) {
      out[i] = source[(this.start + from + i) % this.capacity];
    }
    return out;
  }

  clear(): void {
    this.start = 0;
    this.count = 0;
    for (const column of this.columns) {
      column.fill(undefined);
    }
  }
}
