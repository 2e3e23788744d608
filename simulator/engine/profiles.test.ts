/**
 * The two profiles: `lively` (the default) looks alive from the first second, `realistic` trades
 * about once a minute from a flat book. Checked over several seeds, in virtual time.
 */
import { TERMINAL_ORDER_STATUSES } from '../../src/protocol';
import { createEngine } from './createEngine';
import { ofChannel, runSeconds, TEST_START } from './testing/runSeconds';

const SEEDS = [1, 2, 3, 4, 5, 42];
const terminal: ReadonlySet<string> = new Set(TERMINAL_ORDER_STATUSES);

describe('the lively profile (the default)', () => {
  it.each(SEEDS)('places a first order within 5 s and shows open positions within 10 s (seed %i)', (seed) => {
    const events = runSeconds(createEngine({ seed, startTime: TEST_START }), 10);
    const firstOrder = ofChannel(events, 'orders')[0];
    expect(firstOrder.time - TEST_START).toBeLessThanOrEqual(5_000);
    const openBook = ofChannel(events, 'positions').find((e) => e.data.positions.length > 0);
    expect(openBook).toBeDefined();
    expect((openBook?.time ?? Infinity) - TEST_START).toBeLessThanOrEqual(10_000);
  });

  it.each(SEEDS)('starts mid-session with positions, working orders and consistent accounts (seed %i)', (seed) => {
    const engine = createEngine({ seed, startTime: TEST_START });
    const s = engine.snapshot();
    expect(s.positions.length).toBeGreaterThan(0);
    expect(s.orders.filter((o) => !terminal.has(o.status)).length).toBeGreaterThan(0);
    const value = s.positions.reduce((sum, p) => sum + p.marketValue, 0);
    expect(Math.abs(s.account.equity - (s.account.cash + value))).toBeLessThan(0.005);
    const joined = ofChannel(engine.advance(0), 'activity').find((e) => e.data.details?.kind === 'session_joined');
    expect(joined?.data.details?.positions).toBe(s.positions.length);
  });

  it('evaluates every symbol at each 5 s bar from the first one, its indicators warm', () => {
    const engine = createEngine({ seed: 3, startTime: TEST_START });
    const strategy = ofChannel(runSeconds(engine, 10), 'strategy');
    const indicators = strategy.filter((e) => e.data.kind === 'indicator');
    expect(indicators.map((e) => e.time - TEST_START)).toEqual([
      ...Array<number>(engine.symbols.length).fill(5_000),
      ...Array<number>(engine.symbols.length).fill(10_000),
    ]);
    expect(indicators.every((e) => e.data.kind === 'indicator' && e.data.timeframe === '5s')).toBe(true);
  });
});

describe('the realistic profile', () => {
  it('starts flat and evaluates one-minute bars', () => {
    const engine = createEngine({ seed: 3, startTime: TEST_START, profile: 'realistic' });
    expect(engine.snapshot().positions).toEqual([]);
    expect(engine.snapshot().orders).toEqual([]);
    const events = runSeconds(engine, 120);
    const indicatorTimes = new Set(
      ofChannel(events, 'strategy')
        .filter((e) => e.data.kind === 'indicator')
        .map((e) => e.time - TEST_START)
    );
    expect([...indicatorTimes]).toEqual([60_000, 120_000]);
  });
});

describe('the two cadences', () => {
  it('lively trades several times a minute, realistic about once a minute (10 minutes, 3 seeds)', () => {
    const ordersPerMinute = (profile: 'lively' | 'realistic') => {
      let placed = 0;
      for (const seed of [1, 2, 3]) {
        const events = runSeconds(createEngine({ seed, startTime: TEST_START, profile }), 600);
        placed += ofChannel(events, 'orders').filter((e) => e.data.type === 'new').length;
      }
      return placed / 30;
    };
    expect(ordersPerMinute('lively')).toBeGreaterThan(5);
    expect(ordersPerMinute('realistic')).toBeGreaterThan(0.1);
    expect(ordersPerMinute('realistic')).toBeLessThan(2);
  });
});
