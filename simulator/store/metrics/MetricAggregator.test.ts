/**
 * Spec 004's aggregates against the raw rows they come from, on SQLite and MariaDB: every stored
 * bucket equals the percentiles computed directly from the raw rows read back, for a hand-made
 * table and for seeded random series; retention deletes exactly what is past each window.
 */
import pino from 'pino';
import { openStore } from '../openStore';
import type { Store } from '../Store';
import { eachBackEnd } from '../testing/eachBackEnd';
import { createRandom } from '../../engine/random';
import { MetricAggregator } from './MetricAggregator';
import { MetricsRepository, type RawSample } from './MetricsRepository';
import { INTERVAL_MS, AGGREGATE_INTERVALS } from './intervals';
import { createServiceMetricsSink } from './ServiceMetricsSink';

const HOUR = 3_600_000;
const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z, on every bucket boundary

/** The reference: nearest-rank percentile over rows read straight from the table, written independently. */
function reference(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil(Math.round(p * sorted.length * 1e6) / 1e6) - 1)];
  return {
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    count: sorted.length,
  };
}

async function expectAggregatesMatchRaw(store: Store, until: number): Promise<number> {
  const repository = new MetricsRepository(store.database!.db);
  const raw = await repository.samplesBetween(0, until);
  let checked = 0;
  for (const interval of AGGREGATE_INTERVALS) {
    const rows = await store
      .database!.db.selectFrom('aggregated_metrics')
      .selectAll()
      .where('interval', '=', interval)
      .execute();
    for (const row of rows) {
      const start = Number(row.timestamp);
      const values = raw
        .filter(
          (s) =>
            s.service === row.service &&
            s.metric_type === row.metric_type &&
            s.timestamp >= start &&
            s.timestamp < start + INTERVAL_MS[interval]
        )
        .map((s) => s.value);
      expect({
        p50: Number(row.p50),
        p95: Number(row.p95),
        p99: Number(row.p99),
        min: Number(row.min),
        max: Number(row.max),
        count: Number(row.count),
      }).toEqual(reference(values));
      expect(Number(row.avg)).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 9);
      checked += 1;
    }
  }
  return checked;
}

eachBackEnd('service-metric aggregates', (backEnd) => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore(await backEnd.freshUrl());
  });
  afterEach(async () => {
    await store.close();
  });

  it('closes 1m, 5m and 1h buckets that equal the percentiles of their raw rows (table)', async () => {
    const repository = new MetricsRepository(store.database!.db);
    // Minute 0: 1..100 (p50 50, p95 95, p99 99); minute 1: a single 500; minute 2 stays open.
    const samples: RawSample[] = [
      ...Array.from({ length: 100 }, (_, i) => ({
        timestamp: T0 + i * 500,
        service: 'api',
        metric_type: 'latency',
        value: 100 - i,
      })),
      { timestamp: T0 + 60_000, service: 'api', metric_type: 'latency', value: 500 },
      { timestamp: T0 + 120_000, service: 'api', metric_type: 'latency', value: 7 },
    ];
    await repository.insertSamples(samples);
    await new MetricAggregator(repository).advance(T0 + 120_000);
    const points = await repository.aggregates({ service: 'api', metric_type: 'latency' }, '1m', T0, T0 + HOUR);
    expect(points).toEqual([
      { timestamp: T0, p50: 50, p95: 95, p99: 99, min: 1, max: 100, avg: 50.5, count: 100 },
      { timestamp: T0 + 60_000, p50: 500, p95: 500, p99: 500, min: 500, max: 500, avg: 500, count: 1 },
    ]);
    // The 5m and 1h buckets are not over yet.
    expect(await repository.aggregates({ service: 'api', metric_type: 'latency' }, '5m', T0, T0 + HOUR)).toEqual([]);
    await new MetricAggregator(repository).advance(T0 + HOUR);
    const [hour] = await repository.aggregates({ service: 'api', metric_type: 'latency' }, '1h', T0, T0 + HOUR);
    expect(hour).toMatchObject({ count: 102, p50: 50, p99: 100, max: 500, min: 1 });
  });

  it('matches the raw rows for seeded random series over two hours (bounded: 3 series × 7,200 samples)', async () => {
    const random = createRandom(7);
    const repository = new MetricsRepository(store.database!.db);
    const samples: RawSample[] = [];
    for (let second = 0; second < 7_200; second++) {
      for (const [service, metric_type] of [
        ['api', 'latency'],
        ['db', 'cpu'],
        ['queue', 'throughput'],
      ]) {
        // Heavy-tailed values with ties (rounded), so percentiles are not trivial.
        const value = Math.round(Math.exp(random.normal() * 1.5 + 3) * 10) / 10;
        samples.push({ timestamp: T0 + second * 1000 + random.int(0, 999), service, metric_type, value });
      }
    }
    await repository.insertSamples(samples);
    await new MetricAggregator(repository).advance(T0 + 2 * HOUR);
    const checked = await expectAggregatesMatchRaw(store, T0 + 3 * HOUR);
    // 3 series × (120 + 24 + 2) buckets
    expect(checked).toBe(3 * (120 + 24 + 2));
  }, 120_000);

  it('closes from the samples the writer hands over exactly as from the rows read back, and reads back when the table holds others', async () => {
    const random = createRandom(11);
    const repository = new MetricsRepository(store.database!.db);
    const samples: RawSample[] = [];
    for (let second = 0; second < 5_400; second++) {
      for (const [service, metric_type] of [
        ['api', 'latency'],
        ['db', 'cpu'],
      ]) {
        // Several samples per millisecond now and then, so equal times must keep insertion order.
        const timestamp = T0 + second * 1000 + (second % 7 === 0 ? 0 : random.int(0, 999));
        samples.push({ timestamp, service, metric_type, value: Math.round(random.normal() * 1000) / 10 });
      }
    }
    // Handed over in flushes, as the sink does; another path stores one sample in the second hour.
    const handedOver = new MetricAggregator(repository);
    const readBack = jest.spyOn(repository, 'samplesBetween');
    for (let i = 0; i < samples.length; i += 1_500) {
      const batch = samples.slice(i, i + 1_500);
      await repository.insertSamples(batch);
      if (i === 6_000) {
        await repository.insertSamples([
          { timestamp: T0 + HOUR + 5, service: 'api', metric_type: 'latency', value: 1e6 },
        ]);
      }
      await handedOver.advance(batch[batch.length - 1].timestamp, batch);
    }
    // Only the 1m and 5m spans that hold the other sample were read back (its hour is still open).
    expect(readBack).toHaveBeenCalledTimes(2);
    readBack.mockRestore();
    const table = () =>
      store
        .database!.db.selectFrom('aggregated_metrics')
        .selectAll()
        .orderBy('interval')
        .orderBy('service')
        .orderBy('timestamp')
        .execute();
    const fromKept = await table();
    await store.database!.db.deleteFrom('aggregated_metrics').execute();
    await new MetricAggregator(repository).advance(samples[samples.length - 1].timestamp);
    expect(fromKept).toEqual(await table());
    const [hour] = await repository.aggregates(
      { service: 'api', metric_type: 'latency' },
      '1h',
      T0 + HOUR,
      T0 + 2 * HOUR
    );
    expect(hour).toBeUndefined();
    const minutes = await repository.aggregates(
      { service: 'api', metric_type: 'latency' },
      '1m',
      T0 + HOUR,
      T0 + HOUR + 60_000
    );
    expect(minutes[0]).toMatchObject({ max: 1e6, count: 61 });
    expect(await expectAggregatesMatchRaw(store, T0 + 2 * HOUR)).toBeGreaterThan(0);
  }, 120_000);

  it('re-closes a closed bucket when a late sample lands in it', async () => {
    const repository = new MetricsRepository(store.database!.db);
    const aggregator = new MetricAggregator(repository);
    await repository.insertSamples([{ timestamp: T0 + 1_000, service: 'api', metric_type: 'cpu', value: 10 }]);
    await aggregator.advance(T0 + 60_000);
    await repository.insertSamples([{ timestamp: T0 + 2_000, service: 'api', metric_type: 'cpu', value: 30 }]);
    await aggregator.reclose([T0 + 2_000]);
    const [minute] = await repository.aggregates({ service: 'api', metric_type: 'cpu' }, '1m', T0, T0 + 60_000);
    expect(minute).toMatchObject({ count: 2, max: 30, min: 10, avg: 20 });
  });

  it('fills raw samples, aggregates and alerts from engine events through the sink, and retention deletes exactly what is past each window', async () => {
    const sink = createServiceMetricsSink(
      {
        store,
        epoch: 'test',
        logger: pino({ level: 'silent' }),
        now: () => T0,
        retention: { rawMs: 2 * 60_000, aggregateMs: 5 * 60_000 },
        source: 'serve',
      },
      { flushIntervalMs: 60_000 }
    );
    const values = { latency: 10, throughput: 500, error_rate: 1, cpu: 20, memory: 30 };
    const services = { auth: values, api: values, database: values, cache: values, queue: values };
    const events = Array.from({ length: 600 }, (_, i) => ({
      channel: 'services' as const,
      seq: i + 1,
      time: T0 + i * 1000,
      bytes: new Uint8Array(),
      data: { services, timestamp: T0 + i * 1000 },
    }));
    sink.write(events);
    await sink.flush();
    const repository = new MetricsRepository(store.database!.db);
    expect((await repository.samplesBetween(0, T0 + HOUR)).length).toBe(600 * 25);
    // Nine closed minutes (the tenth is still open), one closed 5-minute bucket.
    const minutes = await repository.aggregates({ service: 'api', metric_type: 'latency' }, '1m', 0, T0 + HOUR);
    expect(minutes.map((p) => p.count)).toEqual(Array(9).fill(60));

    await sink.prune(T0 + 6 * 60_000);
    const left = await repository.samplesBetween(0, T0 + HOUR);
    // Raw kept 2 min: samples from T0 + 4 min on.
    expect(left[0].timestamp).toBe(T0 + 4 * 60_000);
    expect(left.length).toBe(6 * 60 * 25);
    // Aggregates kept 5 min: buckets starting at T0 + 1 min or later.
    const kept = await repository.aggregates({ service: 'api', metric_type: 'latency' }, '1m', 0, T0 + HOUR);
    expect(kept[0].timestamp).toBe(T0 + 60_000);
    await sink.close();
  });
});
