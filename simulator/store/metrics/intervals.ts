/**
 * Spec 004's aggregation intervals (1m, 5m, 1h) and the bucket a time falls in. Buckets are
 * aligned on the Unix epoch, start inclusive, end exclusive. Pure.
 */

export const AGGREGATE_INTERVALS = ['1m', '5m', '1h'] as const;
export type AggregateInterval = (typeof AGGREGATE_INTERVALS)[number];
/** What `/metrics/query` accepts: a stored interval, or the raw samples. */
export type QueryInterval = AggregateInterval | 'raw';

export const INTERVAL_MS: Record<AggregateInterval, number> = {
  '1m': 60_000,
  '5m': 300_000,
  '1h': 3_600_000,
};

export function isAggregateInterval(value: string): value is AggregateInterval {
  return (AGGREGATE_INTERVALS as readonly string[]).includes(value);
}

export function bucketStart(time: number, interval: AggregateInterval): number {
  const ms = INTERVAL_MS[interval];
  return Math.floor(time / ms) * ms;
}

/**
 * The coarsest stored interval not above `panelIntervalMs` (a Grafana panel's interval), so a
 * panel gets as few points as still resolve what it shows; `1m` when the panel is finer than that.
 */
export function coarsestIntervalWithin(panelIntervalMs: number): AggregateInterval {
  let best: AggregateInterval = '1m';
  for (const interval of AGGREGATE_INTERVALS) {
    if (INTERVAL_MS[interval] <= panelIntervalMs) {
      best = interval;
    }
  }
  return best;
}
