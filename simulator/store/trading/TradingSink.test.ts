/**
 * Spec 003's tables filled from a real engine run through the trading sink, on SQLite and
 * MariaDB: one trade row per closed position the engine reported, hourly windows whose account
 * rows add up the strategies' rows, and sampled health.
 */
import pino from 'pino';
import { createEngine } from '../../engine/createEngine';
import { openStore } from '../openStore';
import type { Store } from '../Store';
import type { SinkEvent } from '../StoreSink';
import { eachBackEnd } from '../testing/eachBackEnd';
import { createTradingSink } from './TradingSink';
import { TradingRepository } from './TradingRepository';

const HOUR = 3_600_000;
const START = 1_767_225_600_000; // 2026-01-01T00:00:00Z

function engineEvents(minutes: number): SinkEvent[] {
  const engine = createEngine({ seed: 11, startTime: START });
  const events: SinkEvent[] = [];
  let seq = 0;
  for (let second = 0; second < minutes * 60; second++) {
    for (const event of engine.advance(1000)) {
      events.push({ channel: event.channel, seq: ++seq, time: event.time, bytes: new Uint8Array(), data: event.data });
    }
  }
  return events;
}

let events: SinkEvent[];
beforeAll(() => {
  events = engineEvents(62);
});

eachBackEnd('the trading sink', (backEnd) => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore(await backEnd.freshUrl());
  });
  afterEach(async () => {
    await store.close();
  });

  it('stores every closed trade, closes the hour window per profile and samples health', async () => {
    const sink = createTradingSink({
      store,
      epoch: 'test',
      logger: pino({ level: 'silent' }),
      now: () => START,
      retention: { rawMs: 24 * HOUR, aggregateMs: 7 * 24 * HOUR },
      source: 'serve',
    });
    sink.write(events);
    await sink.flush();
    const closed = events.filter(
      (e) =>
        e.channel === 'activity' && (e.data as { details?: { kind?: unknown } }).details?.kind === 'position_closed'
    );
    expect(closed.length).toBeGreaterThan(0);
    const repository = new TradingRepository(store.database!.db, () => START);
    const trades = await repository.trades(0, 0, START + 2 * HOUR, 100_000);
    expect(trades).toHaveLength(closed.length);
    expect(trades[0]).toEqual(
      expect.objectContaining({
        entry_price: expect.any(Number),
        exit_price: expect.any(Number),
        quantity: expect.any(Number),
        duration_seconds: expect.any(Number),
        reason: expect.any(String),
      })
    );

    const rows = await repository.windowMetrics(0, 'breakout', 'hour', START, START + HOUR);
    const value = (name: string, list = rows) => list.find((row) => row.metric_name === name)?.metric_value;
    const inHour = trades.filter((t) => t.exit_time < START + HOUR);
    expect(value('trades')).toBe(inHour.length);
    expect(value('pnl')).toBeCloseTo(
      inHour.reduce((sum, t) => sum + t.pnl, 0),
      2
    );
    let strategyTrades = 0;
    for (const profile of [1, 2, 3]) {
      strategyTrades +=
        value('trades', await repository.windowMetrics(profile, 'breakout', 'hour', START, START + HOUR)) ?? 0;
    }
    expect(strategyTrades).toBe(inHour.length);
    const orders = await repository.windowMetrics(0, 'orders', 'hour', START, START + HOUR);
    expect(value('placed', orders)).toBeGreaterThan(0);

    const engineHealth = await repository.health(0, START, START + 2 * HOUR, 1000);
    expect(engineHealth.filter((row) => row.metric_name === 'cpu').length).toBeGreaterThanOrEqual(60);
    await sink.close();
    // Closing writes the open windows too: the second hour now has its rows.
    expect(
      (await repository.windowMetrics(0, 'breakout', 'hour', START + HOUR, START + 2 * HOUR)).length
    ).toBeGreaterThan(0);
  }, 120_000);
});
