/**
 * `seedHistory` on SQLite: a seeded span stores its events and service-metric samples, and the
 * aggregates the seed stored (closed from the samples the sink handed over, without reading them
 * back) equal those the aggregator computes from the raw rows read back.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import pino from 'pino';
import { createEngine } from '../engine';
import { MetricAggregator } from '../store/metrics/MetricAggregator';
import { MetricsRepository } from '../store/metrics/MetricsRepository';
import { openStore } from '../store/openStore';
import type { Store } from '../store/Store';
import { seedHistory } from './seedHistory';

const END = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const SPAN_MS = 20 * 60_000;

describe('seedHistory', () => {
  let dir: string;
  let store: Store;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mci-seed-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    store = await openStore(`sqlite:${join(dir, `seed-${Date.now()}.db`)}`);
  });
  afterEach(async () => {
    await store.close();
  });

  it('stores a span whose aggregates equal those computed from the raw rows read back', async () => {
    const result = await seedHistory({
      store,
      createEngine,
      engine: { seed: 7 },
      durationMs: SPAN_MS,
      end: END,
      logger: pino({ level: 'silent' }),
      retention: { rawMs: 86_400_000, aggregateMs: 7 * 86_400_000 },
    });
    const db = store.database!.db;
    const repository = new MetricsRepository(db);
    // The engine's 25 series each second.
    expect(await repository.countSamples(END - SPAN_MS, END)).toBeGreaterThanOrEqual(25 * (SPAN_MS / 1000 - 1));
    expect((await store.events.history({ channel: 'strategy', limit: 10 })).events[0].epoch).toBe(result.epoch);
    const table = () =>
      db
        .selectFrom('aggregated_metrics')
        .selectAll()
        .orderBy('interval')
        .orderBy('service')
        .orderBy('metric_type')
        .orderBy('timestamp')
        .execute();
    const seeded = await table();
    // The last sample is at `end`, so every bucket of the span is closed: 20 minutes, 4 five-minute
    // buckets and the hour the span ends (partly filled), of 25 series.
    expect(seeded.length).toBe(25 * (20 + 4 + 1));
    await db.deleteFrom('aggregated_metrics').execute();
    await new MetricAggregator(repository).advance(END);
    expect(await table()).toEqual(seeded);
  }, 120_000);
});
