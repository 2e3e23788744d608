/**
 * Invariants over random scenario scripts (fast-check, fixed seed so the test is repeatable):
 * 4 runs × 25 000 steps = 10^5 steps, a step being one `advance(1000)` (one second of virtual
 * time, one market tick). Checked on every event: prices positive, filled quantity never above
 * the order quantity and never decreasing, nothing after a terminal status, open and refused
 * orders always carry a reason. Checked on a snapshot every 100 steps and at the end:
 * equity == cash + Σ marketValue to the cent, and each position equals the position it started
 * with (the lively profile joins a session with positions open) plus the sum of its fills.
 */
import fc from 'fast-check';
import { TERMINAL_ORDER_STATUSES, type Order } from '../../src/protocol';
import { createEngine } from './createEngine';
import { SCENARIO_NAMES } from './scenarioSpec';
import type { EngineConfig, ScenarioRun } from './types';
import { TEST_START } from './testing/runSeconds';

const RUNS = 4;
const STEPS_PER_RUN = 25_000;
const SNAPSHOT_EVERY = 100;
const terminal: ReadonlySet<string> = new Set(TERMINAL_ORDER_STATUSES);

const scenarioRun: fc.Arbitrary<ScenarioRun> = fc.record({
  name: fc.constantFrom(...SCENARIO_NAMES),
  offsetMs: fc.integer({ min: 0, max: STEPS_PER_RUN * 1000 }),
  durationMs: fc.integer({ min: 10_000, max: 30 * 60_000 }),
});

const engineConfig: fc.Arbitrary<EngineConfig> = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
  startTime: fc.constant(TEST_START),
  symbolCount: fc.integer({ min: 2, max: 8 }),
  scenarios: fc.array(scenarioRun, { maxLength: 6 }),
  rates: fc.record({ ordersPerSecond: fc.constantFrom(0, 0.5, 2) }),
  profile: fc.constantFrom('lively' as const, 'realistic' as const),
});

function fail(message: string): never {
  throw new Error(message);
}

/** Totals over all runs, so the test proves it exercised what it checks. */
const seen = { filled: 0, partial: 0, cancelled: 0, rejected: 0, shortPositions: 0, startPositions: 0 };

function checkRun(config: EngineConfig): void {
  const engine = createEngine(config);
  const orders = new Map<string, Order>();
  const start = engine.snapshot();
  const fills = new Map(start.positions.map((p) => [p.symbol, p.side === 'long' ? p.qty : -p.qty]));
  seen.startPositions += start.positions.length;

  const checkSnapshot = () => {
    const s = engine.snapshot();
    const value = s.positions.reduce((sum, p) => sum + p.marketValue, 0);
    if (Math.abs(s.account.equity - (s.account.cash + value)) >= 0.005) {
      fail(`equity ${s.account.equity} != cash ${s.account.cash} + Σ marketValue ${value} at ${s.timestamp}`);
    }
    const held = new Map(s.positions.map((p) => [p.symbol, p.side === 'long' ? p.qty : -p.qty]));
    seen.shortPositions += s.positions.filter((p) => p.side === 'short').length;
    for (const symbol of new Set([...held.keys(), ...fills.keys()])) {
      if ((held.get(symbol) ?? 0) !== (fills.get(symbol) ?? 0)) {
        fail(
          `${symbol}: position ${held.get(symbol) ?? 0} but fills sum to ${fills.get(symbol) ?? 0} at ${s.timestamp}`
        );
      }
    }
  };

  for (let step = 1; step <= STEPS_PER_RUN; step++) {
    for (const event of engine.advance(1000)) {
      if (event.channel === 'market') {
        for (const [symbol, quote] of Object.entries(event.data.symbols)) {
          if (!(quote.price > 0)) {
            fail(`${symbol} price ${quote.price} at ${event.time}`);
          }
        }
      } else if (event.channel === 'orders') {
        const order = event.data.order;
        const previous = orders.get(order.id);
        if (previous && terminal.has(previous.status)) {
          fail(`order ${order.id} changed after ${previous.status}`);
        }
        if (order.filledQty > order.qty || order.filledQty < (previous?.filledQty ?? 0)) {
          fail(`order ${order.id} filled ${order.filledQty} of ${order.qty} after ${previous?.filledQty ?? 0}`);
        }
        if ((!terminal.has(order.status) || order.status !== 'filled') && !order.reason) {
          fail(`order ${order.id} is ${order.status} without a reason`);
        }
        const delta = order.filledQty - (previous?.filledQty ?? 0);
        fills.set(order.symbol, (fills.get(order.symbol) ?? 0) + (order.side === 'buy' ? delta : -delta));
        orders.set(order.id, order);
        if (event.data.type === 'filled' || event.data.type === 'cancelled' || event.data.type === 'rejected') {
          seen[event.data.type] += 1;
        } else if (event.data.type === 'partial_fill') {
          seen.partial += 1;
        }
      }
    }
    if (step % SNAPSHOT_EVERY === 0) {
      checkSnapshot();
    }
  }
  checkSnapshot();
  for (const order of orders.values()) {
    if (!terminal.has(order.status) && !order.reason) {
      fail(`order ${order.id} left ${order.status} without a reason`);
    }
  }
}

describe('engine invariants over random scenario scripts', () => {
  it(`hold for ${RUNS} × ${STEPS_PER_RUN} steps`, () => {
    fc.assert(fc.property(engineConfig, checkRun), { numRuns: RUNS, seed: 20_260_101, endOnFailure: true });
    expect(seen.filled).toBeGreaterThan(500);
    expect(seen.partial).toBeGreaterThan(50);
    expect(seen.cancelled).toBeGreaterThan(10);
    expect(seen.rejected).toBeGreaterThan(10);
    expect(seen.shortPositions).toBeGreaterThan(0);
    expect(seen.startPositions).toBeGreaterThan(0);
  });
});
