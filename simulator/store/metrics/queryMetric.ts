/**
 * `/metrics/query` over the store: `raw` returns the samples themselves (count 1 each); `1m`,
 * `5m` and `1h` return the stored buckets, and the buckets the aggregator has not closed yet
 * (the current one, or any after a pause) computed from their raw rows the same way, so the
 * answer always reaches `to`. Every point comes from raw samples, never from finer aggregates.
 */
import type { MetricPoint, MetricQueryInterval } from '../../../src/protocol';
import { aggregateSamples } from './aggregateSamples';
import { bucketStart } from './intervals';
import type { MetricsRepository } from './MetricsRepository';

/** Most raw samples one query returns (a day of one series at 1 s is 86,400). */
export const MAX_RAW_POINTS = 100_000;

export interface MetricQuery {
  service: string;
  metric_type: string;
  from: number;
  to: number;
  interval: MetricQueryInterval;
}

export async function queryMetric(repository: MetricsRepository, query: MetricQuery): Promise<MetricPoint[]> {
  const series = { service: query.service, metric_type: query.metric_type };
  if (query.interval === 'raw') {
    const samples = await repository.samplesBetween(query.from, query.to, series, MAX_RAW_POINTS);
    return samples.map((s) => ({
      timestamp: s.timestamp,
      p50: s.value,
      p95: s.value,
      p99: s.value,
      min: s.value,
      max: s.value,
      avg: s.value,
      count: 1,
    }));
  }
  const interval = query.interval;
  const first = bucketStart(query.from, interval);
  const closed = Math.max(first, (await repository.aggregatedUntil(interval)) ?? first);
  const stored = closed > first ? await repository.aggregates(series, interval, first, Math.min(closed, query.to)) : [];
  if (closed >= query.to) {
    return stored;
  }
  const recent = await repository.samplesBetween(closed, query.to, series);
  const open = aggregateSamples(recent, interval, closed, Number.POSITIVE_INFINITY).map(
    ({ timestamp, p50, p95, p99, min, max, avg, count }) => ({ timestamp, p50, p95, p99, min, max, avg, count })
  );
  return [...stored, ...open];
}
