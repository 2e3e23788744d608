/**
 * One bounded time series: a ring of at most `capacity` points in time order, growing with the
 * points it holds. A point not newer than the last one is dropped (the snapshot after subscribe
 * and the REST polls repeat the latest state), so time stays increasing and the window trim is a
 * binary search. With an `intervalMs` (Grafana's request interval: the time range divided by the
 * points the panel can draw), a point in the same interval as the newest replaces it: a series
 * keeps one point per interval, the latest, so memory follows what the panel can show.
 */
import { FieldType, type DataFrame } from '@grafana/data';
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
    capacity: number,
    private readonly intervalMs = 0
  ) {
    this.ring = new RingColumns(
      capacity,
      specs.map((spec) => (spec.type === FieldType.number || spec.type === FieldType.time ? 'number' : 'value'))
    );
  }

  get length(): number {
    return this.ring.length;
  }

  /** Slots allocated per column, for memory checks. */
  get allocatedRows(): number {
    return this.ring.allocatedRows;
  }

  push(row: Row): boolean {
    if (!(row.time > this.lastTime)) {
      return false;
    }
    const sameInterval =
      this.intervalMs > 0 &&
      this.ring.length > 0 &&
      Math.floor(row.time / this.intervalMs) === Math.floor(this.lastTime / this.intervalMs);
    const slot = sameInterval ? this.ring.physical(this.ring.length - 1) : this.ring.nextSlot();
    this.lastTime = row.time;
    for (let column = 0; column < this.specs.length; column++) {
      this.ring.set(column, slot, this.specs[column].get(row));
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
