/**
 * The newest `capacity` rows of an append-only log, stored as columns whose kept rows are always
 * contiguous: each column is a plain array with the oldest kept row at `start` and the newest at
 * its end, so a frame copies a column with one native `slice` (several times cheaper than a loop
 * that wraps around a ring, and a repaint copies every kept row of every field). A row pushed out
 * is cleared at once, so its values do not outlive it; once `capacity` rows were pushed out, the
 * kept rows move down to the front of each array (one native `splice`, at most one move per
 * appended row), so storage stays under twice the rows kept and grows with the rows held.
 * A NaN written is stored as null, as the other buffers read a missing number back.
 */
export class SlidingColumns {
  readonly capacity: number;
  private readonly columns: unknown[][];
  /** Index of the oldest kept row in every column. */
  private start = 0;
  /** Index after the newest row. */
  private end = 0;

  constructor(capacity: number, width: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new Error(`Invalid row window capacity ${capacity}: expected an integer ≥ 1.`);
    }
    this.capacity = capacity;
    this.columns = Array.from({ length: width }, () => []);
  }

  get length(): number {
    return this.end - this.start;
  }

  get isFull(): boolean {
    return this.length === this.capacity;
  }

  /** A value of the oldest kept row (the one the next `append` pushes out when full). */
  oldest(column: number): unknown {
    return this.length === 0 ? undefined : this.columns[column][this.start];
  }

  /** Makes room for a new newest row (dropping the oldest when full); returns its index for `set`. */
  append(): number {
    if (this.isFull) {
      for (const column of this.columns) {
        column[this.start] = undefined;
      }
      this.start += 1;
    }
    if (this.start >= this.capacity) {
      for (const column of this.columns) {
        column.splice(0, this.start);
      }
      this.end -= this.start;
      this.start = 0;
    }
    // Every column gets the slot, written or not, so all columns keep the same length.
    for (const column of this.columns) {
      column.push(undefined);
    }
    this.end += 1;
    return this.end - 1;
  }

  /** Writes one value of the row `append` returned; NaN is stored as null. */
  set(column: number, row: number, value: unknown): void {
    this.columns[column][row] = value !== value ? null : value;
  }

  /** A new array with the column's kept rows, oldest first. */
  read(column: number): unknown[] {
    return this.columns[column].slice(this.start, this.end);
  }
}
