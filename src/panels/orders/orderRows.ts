/**
 * Pure model of the order blotter: which frame rows show, in which order. Rows stay frame
 * indices (no object per order), so a 10,000-order frame costs one array per update.
 */
import type { Field } from '@grafana/data';
import { toText, toTimeMs } from '../common/values';
import { ORDER_FIELD_KEYS, type OrderFieldKey, type SideFilter } from './types';

export type OrderFields = Partial<Record<OrderFieldKey, Field>>;

export interface OrderFilter {
  statuses: string[];
  side: SideFilter;
}

/** Frame indices that pass the filter, newest first (ties keep the frame order). */
export function visibleOrders(fields: OrderFields, length: number, filter: OrderFilter): number[] {
  const statuses = filter.statuses.length > 0 ? new Set(filter.statuses) : undefined;
  const side = filter.side === 'all' ? undefined : filter.side;
  const times = new Float64Array(length);
  const indices: number[] = [];
  let newestFirst = true;
  for (let index = 0; index < length; index++) {
    times[index] = toTimeMs(fields.time?.values[index]) ?? -Infinity;
    if (index > 0 && times[index] > times[index - 1]) {
      newestFirst = false;
    }
    if (statuses && !statuses.has(toText(fields.status?.values[index]))) {
      continue;
    }
    if (side && toText(fields.side?.values[index]).toLowerCase() !== side) {
      continue;
    }
    indices.push(index);
  }
  // Our data source already sends newest first; other sources (CSV) are sorted here.
  return newestFirst ? indices : indices.sort((a, b) => times[b] - times[a] || a - b);
}

/** How many orders of the frame have each value of a field (for the filter chips). */
export function countBy(field: Field | undefined, length: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let index = 0; index < length; index++) {
    const value = toText(field?.values[index]);
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}

/** Filled fraction in [0, 1]; 0 when the quantity is unknown or zero. */
export function fillFraction(qty: number | null, filledQty: number | null): number {
  if (!qty || qty <= 0 || filledQty === null) {
    return 0;
  }
  return Math.min(1, Math.max(0, filledQty / qty));
}

/**
 * Whether row `a` of one frame and row `b` of another show the same order the same way: every
 * field present in both or in neither, with the same value. A new frame is new arrays, so the
 * blotter compares values to leave the rows that did not change alone.
 */
export function sameOrderRow(fieldsA: OrderFields, a: number, fieldsB: OrderFields, b: number): boolean {
  return ORDER_FIELD_KEYS.every((key) => {
    const left = fieldsA[key];
    const right = fieldsB[key];
    return left === right || (left !== undefined && right !== undefined && left.values[a] === right.values[b]);
  });
}
