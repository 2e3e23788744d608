/**
 * A small hand-written engine for the server's unit tests: it honours the `Engine` contract with
 * predictable events (an order every `orderEveryMs`, market/positions/services every second,
 * account and health every 5 s) so tests can count and check them. Integration tests use the
 * real engine through the CLI.
 */
import * as v from 'valibot';
import { StrategyEventSchema, type MarketData, type Order } from '../../../src/protocol';
import { SPEC002_EXAMPLES } from '../../../src/protocol/fixtures/spec002Examples';
import type {
  ActiveScenario,
  Engine,
  EngineConfig,
  EngineEvent,
  EngineSnapshot,
  ScenarioName,
  ScenarioRun,
} from '../../engine/types';

export interface FakeEngineOptions {
  orderEveryMs?: number;
  /** Throw from `advance` (to test SERVER_ERROR handling). */
  failOnAdvance?: boolean;
  /** Publish spec 002's examples on the strategy channel, in turn, this often (default never). */
  strategyEveryMs?: number;
  /** Stop after this many strategy events (default no limit). */
  strategyCount?: number;
}

export function createFakeEngine(config: EngineConfig, options: FakeEngineOptions = {}): Engine & { fail: boolean } {
  const orderEveryMs = options.orderEveryMs ?? 100;
  const symbols = (config.symbols ?? ['RELIANCE', 'TCS']).map((entry) =>
    typeof entry === 'string' ? entry : entry.symbol
  );
  let now = config.startTime;
  let orderCount = 0;
  let strategyCount = 0;
  const scenarios: ActiveScenario[] = [];
  let cpu = 20;
  const jobs = [
    { name: 'order', every: orderEveryMs, next: config.startTime + orderEveryMs },
    { name: 'second', every: 1000, next: config.startTime + 1000 },
    { name: 'five', every: 5000, next: config.startTime + 5000 },
    ...(options.strategyEveryMs === undefined
      ? []
      : [{ name: 'strategy', every: options.strategyEveryMs, next: config.startTime + options.strategyEveryMs }]),
  ];
  const market = (): MarketData[] =>
    symbols.map((symbol, index) => ({
      symbol,
      price: 100 + index,
      change: 1,
      changePercent: 1,
      volume: 1000,
      high: 110,
      low: 90,
      open: 99,
      timestamp: now,
    }));
  const order = (): Order => ({
    id: `order-${orderCount}`,
    symbol: symbols[orderCount % symbols.length],
    side: 'buy',
    type: 'limit',
    qty: 10,
    filledQty: 0,
    price: 100,
    status: 'new',
    createdAt: now,
    updatedAt: now,
  });
  const snapshot = (): EngineSnapshot => ({
    timestamp: now,
    positions: [
      {
        symbol: symbols[0],
        qty: 5,
        side: 'long',
        entryPrice: 100,
        currentPrice: 101,
        unrealizedPL: 5,
        unrealizedPLPercent: 1,
        marketValue: 505,
      },
    ],
    orders: [],
    account: {
      equity: 1_000_000,
      cash: 900_000,
      buyingPower: 1_800_000,
      portfolioValue: 100_000,
      dayPL: 100,
      dayPLPercent: 0.01,
      totalPL: 200,
      totalPLPercent: 0.02,
    },
    health: { cpu, memory: 40, latency: 20, uptime: now - config.startTime, lastHeartbeat: now, status: 'healthy' },
    market: market(),
    services: {
      services: Object.fromEntries(
        ['auth', 'api', 'database', 'cache', 'queue'].map((name) => [
          name,
          { latency: 50, throughput: 500, error_rate: 1, cpu: 30, memory: 40 },
        ])
      ) as EngineSnapshot['services']['services'],
      timestamp: now,
    },
    alerts: [],
  });
  const engine = {
    fail: options.failOnAdvance ?? false,
    symbols,
    now: () => now,
    nextEventTime: () => Math.min(...jobs.map((job) => job.next)),
    advance(ms: number): EngineEvent[] {
      if (engine.fail) {
        throw new Error('fake engine failure');
      }
      const end = now + ms;
      const events: EngineEvent[] = [];
      for (;;) {
        const job = jobs.reduce((first, candidate) => (candidate.next < first.next ? candidate : first));
        if (job.next > end) {
          break;
        }
        now = job.next;
        job.next += job.every;
        const state = snapshot();
        if (job.name === 'order') {
          orderCount += 1;
          events.push({ channel: 'orders', time: now, data: { type: 'new', order: order(), timestamp: now } });
        } else if (job.name === 'strategy') {
          const { wire } = SPEC002_EXAMPLES[strategyCount % SPEC002_EXAMPLES.length];
          strategyCount += 1;
          events.push({
            channel: 'strategy',
            time: now,
            data: v.parse(StrategyEventSchema, { ...wire, timestamp: now }),
          });
          if (strategyCount >= (options.strategyCount ?? Infinity)) {
            job.next = Number.POSITIVE_INFINITY;
          }
        } else if (job.name === 'second') {
          events.push({ channel: 'market', time: now, data: stateMarket(state) });
          events.push({ channel: 'positions', time: now, data: { positions: state.positions, timestamp: now } });
          events.push({ channel: 'services', time: now, data: state.services });
        } else {
          events.push({ channel: 'account', time: now, data: { ...state.account, timestamp: now } });
          events.push({ channel: 'health', time: now, data: { ...state.health, timestamp: now } });
        }
      }
      now = end;
      return events;
    },
    snapshot,
    startScenario(run: ScenarioRun): ActiveScenario {
      const durationMs = run.durationMs ?? 60_000;
      const active = { ...run, durationMs, startedAt: now + run.offsetMs, endsAt: now + run.offsetMs + durationMs };
      scenarios.push(active);
      if (run.name === 'cpu-spike') {
        cpu = 97;
      }
      return active;
    },
    stopScenario(name: ScenarioName): boolean {
      const index = scenarios.findIndex((scenario) => scenario.name === name);
      if (index === -1) {
        return false;
      }
      scenarios.splice(index, 1);
      cpu = 20;
      return true;
    },
    activeScenarios: () => [...scenarios],
  };
  return engine;
}

function stateMarket(state: EngineSnapshot) {
  return {
    symbols: Object.fromEntries(state.market.map(({ symbol, ...quote }) => [symbol, quote])),
    timestamp: state.timestamp,
  };
}
