/**
 * Spec 003's routes answer the spec's shapes from the store (SQLite in a temporary directory):
 * profiles with names, per-profile window metrics, trades, performance and health, with time
 * windows; unknown profiles and bad windows are 404/400 with what/why/how.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import pino from 'pino';
import { PROFILE_API_PATHS } from '../../../src/protocol';
import { openStore } from '../../store/openStore';
import type { Store } from '../../store/Store';
import { TradingRepository, type NewTrade } from '../../store/trading/TradingRepository';
import { createSimulatorServer, type SimulatorServer } from '../createSimulatorServer';
import { DEFAULT_SERVE_CONFIG } from '../serverConfig';
import { createFakeEngine } from '../testing/fakeEngine';

const HOUR = 3_600_000;
const NOW = 1_767_225_600_000 + 10 * HOUR;

const trade = (profile_id: number, pnl: number, exit_time: number): NewTrade => ({
  profile_id,
  symbol: 'TCS',
  trade_type: 'stop_loss',
  side: 'long',
  entry_price: 100,
  exit_price: 100 + pnl / 10,
  quantity: 10,
  pnl,
  slippage: 0.05,
  entry_time: exit_time - 90_000,
  exit_time,
  duration_seconds: 90,
  reason: 'stop loss: 2×ATR against the position',
  metadata: { strategy: 'momentum' },
});

let dir: string;
let store: Store;
let server: SimulatorServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mci-trading-routes-'));
  store = await openStore(`sqlite:${join(dir, 'telemetry.db')}`);
  server = createSimulatorServer(
    { ...DEFAULT_SERVE_CONFIG, port: 0, host: '127.0.0.1', auth: false },
    {
      createEngine: (c) => createFakeEngine(c),
      logger: pino({ level: 'silent' }),
      processMetrics: false,
      store,
      now: () => NOW,
    }
  );
  const repository = new TradingRepository(store.database!.db, () => NOW);
  await repository.insertTrades([
    trade(1, 50, NOW - 3 * HOUR),
    trade(1, -20, NOW - 2 * HOUR),
    trade(2, 30, NOW - HOUR),
  ]);
  await repository.replaceWindow('hour', NOW - 3 * HOUR, [
    {
      profile_id: 1,
      metric_type: 'breakout',
      metric_name: 'success_rate',
      metric_value: 1,
      window_type: 'hour',
      window_start: NOW - 3 * HOUR,
      window_end: NOW - 2 * HOUR,
    },
  ]);
  await repository.insertHealth([
    {
      profile_id: 0,
      script_name: 'engine',
      metric_name: 'cpu',
      metric_value: 31,
      status: 'healthy',
      timestamp: NOW - 60_000,
    },
    {
      profile_id: 1,
      script_name: 'momentum',
      metric_name: 'reject_rate',
      metric_value: 0.3,
      status: 'degraded',
      timestamp: NOW - 60_000,
    },
  ]);
});

afterAll(async () => {
  await server.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async (url: string) => {
  const response = await server.http.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json() };
};

describe("spec 003's routes", () => {
  it('lists the account as profile 0 and each strategy from 1, with names', async () => {
    const { body } = await get(PROFILE_API_PATHS.profiles);
    expect(body.profiles.map((p: { profile_id: number; name: string }) => [p.profile_id, p.name])).toEqual([
      [0, 'account'],
      [1, 'momentum'],
      [2, 'mean_reversion'],
      [3, 'flow'],
    ]);
  });

  it("returns a profile's trades in the window, oldest first; profile 0 has every profile's", async () => {
    const own = await get(`${PROFILE_API_PATHS.trades(1)}?window=24h`);
    expect(own.body.trades.map((t: { pnl: number }) => t.pnl)).toEqual([50, -20]);
    expect(own.body.trades[0]).toEqual({
      id: expect.any(Number),
      profile_id: 1,
      symbol: 'TCS',
      trade_type: 'stop_loss',
      side: 'long',
      entry_price: 100,
      exit_price: 105,
      quantity: 10,
      pnl: 50,
      slippage: 0.05,
      entry_time: NOW - 3 * HOUR - 90_000,
      exit_time: NOW - 3 * HOUR,
      duration_seconds: 90,
      reason: 'stop loss: 2×ATR against the position',
    });
    expect((await get(PROFILE_API_PATHS.trades(0))).body.trades).toHaveLength(3);
    const recent = await get(
      `${PROFILE_API_PATHS.trades(0)}?from=${new Date(NOW - 90 * 60_000).toISOString()}&to=${NOW}`
    );
    expect(recent.body.trades.map((t: { pnl: number }) => t.pnl)).toEqual([30]);
  });

  it('summarises performance: success rate, P&L, drawdown, slippage', async () => {
    const { body } = await get(PROFILE_API_PATHS.performance(1));
    expect(body).toMatchObject({
      profile_id: 1,
      trades: 2,
      wins: 1,
      success_rate: 0.5,
      total_pnl: 30,
      max_drawdown: 20,
      avg_slippage: 0.05,
      avg_duration_seconds: 90,
    });
  });

  it('returns window metrics per kind, and health per profile and for the system', async () => {
    const metrics = await get(`${PROFILE_API_PATHS.metrics('breakout', 1)}?window_type=hour`);
    expect(metrics.body.metrics).toEqual([
      expect.objectContaining({ profile_id: 1, metric_type: 'breakout', metric_name: 'success_rate', metric_value: 1 }),
    ]);
    expect((await get(PROFILE_API_PATHS.metrics('orders', 1))).body.metrics).toEqual([]);
    const health = await get(PROFILE_API_PATHS.health(0));
    expect(health.body.health[0]).toMatchObject({
      script_name: 'engine',
      metric_name: 'cpu',
      metric_value: 31,
      status: 'healthy',
    });
    const system = await get(PROFILE_API_PATHS.systemHealth);
    expect(system.body.status).toBe('degraded');
    expect(system.body.profiles[1]).toMatchObject({
      profile_id: 1,
      name: 'momentum',
      status: 'degraded',
      metrics: { reject_rate: 0.3 },
    });
  });

  it.each([
    [PROFILE_API_PATHS.trades(9), 404, /not a profile id/],
    ['/api/v1/metrics/latency/1', 404, /not one of breakout/],
    [`${PROFILE_API_PATHS.trades(1)}?window=soon`, 400, /duration/],
    [`${PROFILE_API_PATHS.trades(1)}?from=${NOW}&to=${NOW - 1}`, 400, /not before/],
    [`${PROFILE_API_PATHS.metrics('equity', 0)}?window_type=week`, 400, /hour or day/],
  ])('answers %s with %i and what/why/how', async (url, status, why) => {
    const response = await get(url);
    expect(response.status).toBe(status);
    expect(response.body.error).toEqual({
      what: expect.any(String),
      why: expect.stringMatching(why),
      how: expect.any(String),
    });
  });
});
