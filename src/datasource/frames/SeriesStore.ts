/**
 * One bounded time series: a ring of `capacity` points in time order. A point not newer than the
 * last one is dropped (the snapshot after subscribe and the REST polls repeat the latest state),
 * so time stays increasing and the window trim is a binary search.
 */
import type { DataFrame } from '@grafana/data';
import type { FieldSpec } from './fieldSpecs';
import { RingColumns } from './RingColumns';
import { toFrame, type FrameParts } from './toFrame';

export class SeriesStore<Row extends { time: number }> {
  private readonly ring: RingColumns;
  private lastTime = -Infinity;
  private cached?: { frame: DataFrame; from: number };
  private dirty = true;

  constructor(
    private readonly specs: ReadonlyArray<FieldSpec<Row>>,
    capacity: number
  ) {
    this.ring = new RingColumns(capacity, specs.length);
  }

  get length(): number {
    return this.ring.length;
  }

  push(row: Row): boolean {
    if (!(row.time > this.lastTime)) {
      return false;
    }
    this.lastTime = row.time;
    const slot = this.ring.nextSlot();
    for (let column = 0; column < this.specs.length; column++) {
      this.ring.columns[column][slot] = this.specs[column].get(row);
    }
    this.dirty = true;
    return true;
  }

  /** Logical index of the first point at or after `cutoff` (column 0 is time). */
  private firstFrom(cutoff: number): number {
    let low = 0;
    let high = this.ring.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.ring.at(0, mid) as number) < cutoff) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  frame(parts: FrameParts, now: number, windowMs?: number): DataFrame {
    const from = windowMs !== undefined && windowMs > 0 ? this.firstFrom(now - windowMs) : 0;
    if (!this.dirty && this.cached && this.cached.from === from) {
      return this.cached.frame;
    }
    const values = this.specs.map((_spec, column) => this.ring.read(column, from));
    const frame = toFrame(this.specs, values, this.ring.length - from, parts);
    this.cached = { frame, from };
    this.dirty = false;
    return frame;
  }
}
