/**
 * Rows kept by key and stored as columns: each key owns a slot (a freed slot is taken again by the
 * next new key), an update rewrites its slot's values, and a frame gathers each column in whatever
 * row order it shows. A row's values are computed once per update; a repaint only copies them, so
 * it calls no per-field getter for each of the rows it shows. Values are kept exactly as written.
 */
export class KeyedColumns {
  private readonly columns: unknown[][];
  /** Key → slot, in the order the keys were first written (an update keeps a key's place). */
  private readonly slots = new Map<string, number>();
  private readonly free: number[] = [];

  constructor(width: number) {
    this.columns = Array.from({ length: width }, () => []);
  }

  get size(): number {
    return this.slots.size;
  }

  /** The slot of `key`, or undefined when it is not held. */
  slotOf(key: string): number | undefined {
    return this.slots.get(key);
  }

  /** The held keys, oldest first (first written first). */
  keys(): IterableIterator<string> {
    return this.slots.keys();
  }

  /** The slot of `key`, taking one (a freed one first) when the key is new. */
  claim(key: string): number {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      // With no freed slot, the slots in use are exactly 0 … size - 1.
      slot = this.free.pop() ?? this.slots.size;
      this.slots.set(key, slot);
    }
    return slot;
  }

  set(column: number, slot: number, value: unknown): void {
    this.columns[column][slot] = value;
  }

  get(column: number, slot: number): unknown {
    return this.columns[column][slot];
  }

  /** A column's values by slot (not a copy: read it, never change it). */
  column(column: number): readonly unknown[] {
    return this.columns[column];
  }

  /** Forgets `key`; its values are dropped at once, so they do not outlive the row. */
  delete(key: string): void {
    const slot = this.slots.get(key);
    if (slot === undefined) {
      return;
    }
    this.slots.delete(key);
    this.free.push(slot);
    for (const column of this.columns) {
      column[slot] = undefined;
    }
  }

  /** A new array with the column's values at `slots`, in that order. */
  gather(column: number, slots: readonly number[]): unknown[] {
    const source = this.columns[column];
    const out = new Array<unknown>(slots.length);
    for (let i = 0; i < slots.length; i++) {
      out[i] = source[slots[i]];
    }
    return out;
  }
}
