/**
 * Spec 004's aggregation intervals (1m, 5m, 1h) and the bucket a time falls in. Buckets are
 * aligned on the Unix epoch, start inclusive, end exclusive. Pure.
 */
import { STORED_INTERVAL_MS, coarsestStoredInterval } from '../../../src/protocol';

export const AGGREGATE_INTERVALS = ['1m', '5m', '1h'] as const;
export type AggregateInterval = (typeof AGGREGATE_INTERVALS)[number];
/** What `/metrics/query` accepts: a stored interval, or the raw samples. */
export type QueryInterval = AggregateInterval | 'raw';

export const INTERVAL_MS: Record<AggregateInterval, number> = STORED_INTERVAL_MS;

export function isAggregateInterval(value: string): value is AggregateInterval {
  return (AGGREGATE_INTERVALS as readonly string[]).includes(value);
}

export function bucketStart(time: number, interval: AggregateInterval): number {
  const ms = INTERVAL_MS[interval];
  return Math.floor(time / ms) * ms;
}

/** The coarsest stored interval not above a panel's interval (the data source's choice). */
export const coarsestIntervalWithin = coarsestStoredInterval;
