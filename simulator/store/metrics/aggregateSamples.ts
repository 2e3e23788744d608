/**
 * Raw samples → the closed buckets of one interval, each summarised from exactly the samples whose
 * time falls in it (`summarize.ts`). Only buckets wholly inside [from, to) are produced, so a
 * caller never stores a bucket it read only part of. Pure.
 */
import { INTERVAL_MS, bucketStart, type AggregateInterval } from './intervals';
import { summarize, type MetricSummary } from './summarize';

export interface SeriesSample {
  timestamp: number;
  service: string;
  metric_type: string;
  value: number;
}

export interface AggregateRow extends MetricSummary {
  /** Bucket start, epoch ms. */
  timestamp: number;
  service: string;
  metric_type: string;
  interval: AggregateInterval;
}

export function aggregateSamples(
  samples: readonly SeriesSample[],
  interval: AggregateInterval,
  from: number,
  to: number
): AggregateRow[] {
  const ms = INTERVAL_MS[interval];
  const groups = new Map<string, { service: string; metric_type: string; timestamp: number; values: number[] }>();
  for (const sample of samples) {
    const start = bucketStart(sample.timestamp, interval);
    if (start < from || start + ms > to) {
      continue;
    }
    const key = `${sample.service}\u0000${sample.metric_type}\u0000${start}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { service: sample.service, metric_type: sample.metric_type, timestamp: start, values: [] };
      groups.set(key, group);
    }
    group.values.push(sample.value);
  }
  const rows: AggregateRow[] = [];
  for (const group of groups.values()) {
    const summary = summarize(group.values) as MetricSummary;
    rows.push({
      timestamp: group.timestamp,
      service: group.service,
      metric_type: group.metric_type,
      interval,
      ...summary,
    });
  }
  return rows.sort(
    (a, b) =>
      a.service.localeCompare(b.service) || a.metric_type.localeCompare(b.metric_type) || a.timestamp - b.timestamp
  );
}
