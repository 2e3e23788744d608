/**
 * Bounded column storage that grows with the rows it holds: each column starts small and doubles
 * (up to `capacity`) as rows arrive, so memory follows the data, not the configured maximum. Once
 * full, the oldest row is overwritten (a moving start index): appending writes a few slots and
 * never copies. Numeric columns are Float64Arrays (8 bytes a value, no boxed numbers); a missing
 * number is stored as NaN and read back as null, in either kind of column. Rows are read back
 * oldest first; `read` copies a column in two straight runs (storage end, then its start), since it
 * runs for every row of every field at each repaint.
 */
export type ColumnKind = 'number' | 'value';

type Column = Float64Array | unknown[];

/** Rows a ring holds before its first growth. */
const INITIAL_ROWS = 16;

function allocate(kind: ColumnKind, rows: number): Column {
  return kind === 'number' ? new Float64Array(rows) : new Array<unknown>(rows);
}

export class RingColumns {
  readonly capacity: number;
  private readonly kinds: readonly ColumnKind[];
  private columns: Column[];
  private allocated: number;
  private start = 0;
  private count = 0;

  /** `columns`: the kind of each column, or a count of untyped columns. */
  constructor(capacity: number, columns: number | readonly ColumnKind[]) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new Error(`Invalid ring capacity ${capacity}: expected an integer ≥ 1.`);
    }
    this.capacity = capacity;
    this.kinds = typeof columns === 'number' ? new Array<ColumnKind>(columns).fill('value') : columns;
    this.allocated = Math.min(capacity, INITIAL_ROWS);
    this.columns = this.kinds.map((kind) => allocate(kind, this.allocated));
  }

  get length(): number {
    return this.count;
  }

  get isFull(): boolean {
    return this.count === this.capacity;
  }

  /** Slots allocated per column (grows to `capacity`), for memory checks. */
  get allocatedRows(): number {
    return this.allocated;
  }

  /** Doubles every column, up to the capacity; rows keep their order (start is 0 until full). */
  private grow(): void {
    this.allocated = Math.min(this.capacity, this.allocated * 2);
    this.columns = this.columns.map((old, index) => {
      const column = allocate(this.kinds[index], this.allocated);
      for (let i = 0; i < this.count; i++) {
        column[i] = old[i];
      }
      return column;
    });
  }

  /**
   * The physical index to write the next row into. When the ring is full this is the oldest row,
   * still readable until the caller overwrites it (so callers can forget its key first).
   */
  nextSlot(): number {
    if (this.count < this.capacity) {
      if (this.count === this.allocated) {
        this.grow();
      }
      const slot = (this.start + this.count) % this.allocated;
      this.count += 1;
      return slot;
    }
    const slot = this.start;
    this.start = (this.start + 1) % this.capacity;
    return slot;
  }

  /** The physical index of the row at logical position `index` (0 = oldest). */
  physical(index: number): number {
    return (this.start + index) % this.allocated;
  }

  /** Writes one value; a numeric column stores anything but a number as NaN (read back as null). */
  set(column: number, slot: number, value: unknown): void {
    const target = this.columns[column];
    if (target instanceof Float64Array) {
      target[slot] = typeof value === 'number' ? value : NaN;
    } else {
      target[slot] = value;
    }
  }

  /** The value at a physical slot. */
  get(column: number, slot: number): unknown {
    const value = this.columns[column][slot];
    return typeof value === 'number' && Number.isNaN(value) ? null : value;
  }

  /** Value of column `column` at logical position `index` (0 = oldest). */
  at(column: number, index: number): unknown {
    return this.get(column, this.physical(index));
  }

  /** A new array with the column's rows from logical position `from` to the newest. */
  read(column: number, from = 0): unknown[] {
    const length = Math.max(0, this.count - from);
    const out = new Array<unknown>(length);
    if (length === 0) {
      return out;
    }
    const first = (this.start + from) % this.allocated;
    const head = Math.min(length, this.allocated - first);
    const source = this.columns[column];
    const copy = source instanceof Float64Array ? copyNumbers : copyValues;
    copy(source as never, first, out, 0, head);
    copy(source as never, 0, out, head, length - head);
    return out;
  }
}

/** `count` numbers from `source[from]` into `out[at]`; NaN (a missing number) becomes null. */
function copyNumbers(source: Float64Array, from: number, out: unknown[], at: number, count: number): void {
  for (let i = 0; i < count; i++) {
    const value = source[from + i];
    out[at + i] = value !== value ? null : value;
  }
}

/** As `copyNumbers` for an untyped column: a NaN stored there reads back as null too. */
function copyValues(source: unknown[], from: number, out: unknown[], at: number, count: number): void {
  for (let i = 0; i < count; i++) {
    const value = source[from + i];
    out[at + i] = value !== value ? null : value;
  }
}
