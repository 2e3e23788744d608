/**
 * `/metrics/query` over a day of raw service-metric samples at the 1m interval, on SQLite: the
 * p95 of the query path the route runs (stored 1m aggregates plus the not-yet-closed tail from
 * raw, answer serialised as JSON) against computing the same buckets from the raw rows at query
 * time. The store is filled once (25 series at 1 s, as the engine writes them) in a temporary
 * directory and aggregated as the service-metrics sink does, then queried.
 *
 * Fair to both sides: runs interleave (ours, baseline, …), each run starts after a forced full GC
 * (so one side's garbage is not collected inside the other's timings) and one untimed query, and
 * the reported number is the median of the runs' p95 with their spread. The baseline reads 86,400
 * rows per query (a second or more), so it runs fewer queries per run: its p95 is nearly its max.
 */
import { join } from 'path';
import { performance } from 'perf_hooks';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import { aggregateSamples } from '../../simulator/store/metrics/aggregateSamples';
import { MetricAggregator } from '../../simulator/store/metrics/MetricAggregator';
import { MetricsRepository, type RawSample } from '../../simulator/store/metrics/MetricsRepository';
import { queryMetric } from '../../simulator/store/metrics/queryMetric';
import { openStore } from '../../simulator/store/openStore';
import { SERVICE_METRICS, SERVICES } from '../../src/protocol';
import { defineCase } from '../lib/benchCase';
import { compare, round } from '../lib/results';
import { interleave } from '../lib/verdict';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface MetricsQuerySize {
  /** Hours of raw samples stored (and queried). */
  hours: number;
  /** Queries per run of ours (the p95 is over these). */
  queries: number;
  /** Queries per run of the baseline. */
  baselineQueries: number;
}

const HOUR = 3_600_000;
const END = 1_767_225_600_000; // 2026-01-01T00:00:00Z

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)];
}

/** The p95 of `queries` timed calls of `work` (answer serialised as the route does), after a full GC and one untimed call. */
async function timedP95(work: () => Promise<unknown>, queries: number): Promise<number> {
  gc();
  JSON.stringify(await work());
  const latencies: number[] = [];
  for (let i = 0; i < queries; i++) {
    const began = performance.now();
    JSON.stringify(await work());
    latencies.push(performance.now() - began);
  }
  return p95(latencies);
}

export const metricsQueryCase = defineCase<MetricsQuerySize>({
  name: 'metrics-query',
  command:
    'POST /metrics/query path (queryMetric over stored 1m aggregates) vs 1m buckets computed from raw rows per query; SQLite',
  sizes: {
    smoke: { hours: 1, queries: 5, baselineQueries: 2 },
    quick: { hours: 24, queries: 200, baselineQueries: 5 },
    full: { hours: 24, queries: 1000, baselineQueries: 20 },
  },
  run: async (size, { runs, tmp, log }) => {
    const store = await openStore(`sqlite:${join(tmp, 'metrics-query.db')}`);
    try {
      const repository = new MetricsRepository(store.database!.db);
      const aggregator = new MetricAggregator(repository);
      const start = END - size.hours * HOUR;
      log(`metrics-query: storing and aggregating ${size.hours} h × 25 series of 1 s samples`);
      for (let hour = 0; hour < size.hours; hour++) {
        const batch: RawSample[] = [];
        for (let second = 0; second < 3600; second++) {
          const timestamp = start + hour * HOUR + second * 1000;
          for (const service of SERVICES) {
            for (const metric_type of SERVICE_METRICS) {
              batch.push({ timestamp, service, metric_type, value: ((second * 7919 + hour * 31) % 1000) / 10 });
            }
          }
        }
        await repository.insertSamples(batch);
        // As the service-metrics sink does: the samples just stored spare reading them back.
        await aggregator.advance(start + (hour + 1) * HOUR, batch);
      }
      const query = { service: 'api', metric_type: 'latency', from: start, to: END, interval: '1m' as const };
      const stored = () => queryMetric(repository, query);
      const fromRaw = async () =>
        aggregateSamples(await repository.samplesBetween(start, END, query), '1m', start, END);
      const { a: ours, b: base } = await interleave(
        runs,
        () => timedP95(stored, size.queries),
        () => timedP95(fromRaw, size.baselineQueries)
      );
      return [
        compare({
          benchmark: 'metrics query',
          metric: `/metrics/query p95 over ${size.hours} h of raw samples at 1m (${size.queries} queries per run, ${size.hours * 60} points)`,
          unit: 'ms',
          ours: ours.map((v) => round(v)),
          baselineLabel: `1m buckets computed from the raw rows at query time (${size.baselineQueries} queries per run)`,
          base: base.map((v) => round(v)),
          goal: { on: 'value', goal: { op: '<=', target: 50 }, text: '≤ 50 ms on SQLite' },
          note:
            `the route path without HTTP (Fastify inject adds well under a millisecond); SQLite driver ${store.database!.sqliteDriver}; ` +
            'a forced GC before each run; noisy on a shared machine',
        }),
      ];
    } finally {
      await store.close();
    }
  },
});
