import { CHANNEL_EVENTS, CHANNELS, parseServerMessage } from '../../src/protocol';
import { createEngine } from './createEngine';
import { SCENARIO_NAMES } from './scenarioSpec';
import { ofChannel, runSeconds, TEST_START } from './testing/runSeconds';

describe('createEngine', () => {
  it('emits only events that validate against the protocol schemas, on every channel', () => {
    // Every scenario back to back with extra order flow, so every event kind occurs.
    const scenarios = SCENARIO_NAMES.map((name, i) => ({ name, offsetMs: i * 150_000, durationMs: 120_000 }));
    const engine = createEngine({ seed: 11, startTime: TEST_START, scenarios, rates: { ordersPerSecond: 0.5 } });
    const events = runSeconds(engine, SCENARIO_NAMES.length * 150 + 60);
    const seen = new Set<string>();
    const kinds = new Set<string>();
    for (const event of events) {
      const result = parseServerMessage({ event: CHANNEL_EVENTS[event.channel], data: event.data });
      if (!result.ok) {
        throw new Error(`${event.channel} event at ${event.time} is invalid: ${JSON.stringify(result.error)}`);
      }
      seen.add(event.channel);
      if (event.channel === 'strategy') {
        kinds.add(event.data.kind);
      }
      if (event.channel === 'orders') {
        kinds.add(`order:${event.data.type}`);
      }
      if (event.channel === 'activity') {
        kinds.add(`activity:${event.data.type}`);
      }
    }
    expect([...seen].sort()).toEqual([...CHANNELS].sort());
    expect([...kinds].sort()).toEqual(
      [
        'signal',
        'indicator',
        'decision_trace',
        'performance',
        'order',
        'position',
        'engine_health',
        'universe_scan',
        'order:new',
        'order:partial_fill',
        'order:filled',
        'order:cancelled',
        'order:rejected',
        'activity:order_placed',
        'activity:order_filled',
        'activity:position_opened',
        'activity:position_closed',
        'activity:system',
        'activity:error',
      ].sort()
    );
  });

  it('publishes at the spec cadence: market and services every second, account and health every 5 s', () => {
    const engine = createEngine({ seed: 1, startTime: TEST_START });
    const events = runSeconds(engine, 60);
    expect(ofChannel(events, 'market')).toHaveLength(60);
    expect(ofChannel(events, 'services')).toHaveLength(60);
    expect(ofChannel(events, 'account')).toHaveLength(12);
    expect(ofChannel(events, 'health').map((e) => e.time - TEST_START)).toEqual(
      Array.from({ length: 12 }, (_, i) => (i + 1) * 5000)
    );
    const times = events.map((e) => e.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(engine.now()).toBe(TEST_START + 60_000);
    expect(engine.nextEventTime()).toBe(TEST_START + 61_000);
  });

  it('returns every event due in a span whatever the step size', () => {
    const a = runSeconds(createEngine({ seed: 5, startTime: TEST_START }), 30);
    const b = createEngine({ seed: 5, startTime: TEST_START }).advance(30_000);
    expect(b).toEqual(a);
  });

  it('ticks faster when asked: 4 market updates per second', () => {
    const engine = createEngine({ seed: 1, startTime: TEST_START, rates: { marketTicksPerSecond: 4 } });
    expect(ofChannel(engine.advance(10_000), 'market')).toHaveLength(40);
  });

  it('keeps open, high, low, change and volume consistent over the day', () => {
    const engine = createEngine({
      seed: 2,
      startTime: TEST_START,
      scenarios: [{ name: 'volatile-market', offsetMs: 0 }],
    });
    const open = new Map(engine.snapshot().market.map((m) => [m.symbol, m.price]));
    let lastVolume = new Map<string, number>();
    for (const event of ofChannel(runSeconds(engine, 600), 'market')) {
      const volumes = new Map<string, number>();
      for (const [symbol, q] of Object.entries(event.data.symbols)) {
        expect(q.open).toBe(open.get(symbol));
        expect(q.low as number).toBeLessThanOrEqual(q.price);
        expect(q.high as number).toBeGreaterThanOrEqual(q.price);
        expect(q.change).toBeCloseTo(q.price - (open.get(symbol) as number), 2);
        expect(q.volume).toBeGreaterThanOrEqual(lastVolume.get(symbol) ?? 0);
        volumes.set(symbol, q.volume);
      }
      lastVolume = volumes;
    }
  });

  it('starts a new trading day at midnight IST: open, volume and day P&L reset', () => {
    // 23:59:30 IST
    const engine = createEngine({ seed: 4, startTime: Date.parse('2025-01-06T18:29:30Z') });
    const events = runSeconds(engine, 60);
    const rolled = ofChannel(events, 'activity').find((e) => e.data.details?.kind === 'day_rolled');
    expect(rolled?.time).toBe(Date.parse('2025-01-06T18:30:00Z'));
    const first = ofChannel(events, 'market').find((e) => e.time === rolled?.time);
    for (const q of Object.values(first?.data.symbols ?? {})) {
      expect(q.volume).toBeLessThan(5_000);
    }
  });

  it('lets a live control API start and stop scenarios', () => {
    const engine = createEngine({ seed: 3, startTime: TEST_START });
    runSeconds(engine, 10);
    const started = engine.startScenario({ name: 'cpu-spike', offsetMs: 5_000, durationMs: 60_000 });
    expect(started).toEqual({
      name: 'cpu-spike',
      offsetMs: 5_000,
      durationMs: 60_000,
      startedAt: TEST_START + 15_000,
      endsAt: TEST_START + 75_000,
    });
    expect(engine.activeScenarios()).toEqual([]);
    expect(engine.scheduledScenarios?.()).toEqual([started]);
    runSeconds(engine, 10);
    expect(engine.activeScenarios().map((s) => s.name)).toEqual(['cpu-spike']);
    expect(engine.stopScenario('cpu-spike')).toBe(true);
    expect(engine.stopScenario('cpu-spike')).toBe(false);
    expect(engine.activeScenarios()).toEqual([]);
    const events = runSeconds(engine, 20);
    const ended = ofChannel(events, 'activity').filter((e) => e.data.details?.kind === 'scenario_ended');
    expect(ended).toHaveLength(1);
  });

  it('gives a snapshot of the whole state, consistent with the account arithmetic', () => {
    const engine = createEngine({ seed: 8, startTime: TEST_START, rates: { ordersPerSecond: 1 } });
    runSeconds(engine, 300);
    const s = engine.snapshot();
    expect(s.timestamp).toBe(TEST_START + 300_000);
    expect(s.market).toHaveLength(20);
    expect(s.positions.length).toBeGreaterThan(0);
    const value = s.positions.reduce((sum, p) => sum + p.marketValue, 0);
    expect(Math.abs(s.account.equity - (s.account.cash + value))).toBeLessThan(0.005);
    expect(Math.abs(s.account.portfolioValue - value)).toBeLessThan(0.005);
    expect(s.health.status).toBe('healthy');
    expect(s.health.uptime).toBe(300_000);
    // Open orders first, then terminal ones; each group newest first.
    const isTerminal = (status: string) => ['filled', 'cancelled', 'rejected'].includes(status);
    const firstTerminal = s.orders.findIndex((o) => isTerminal(o.status));
    expect(s.orders.slice(firstTerminal).every((o) => isTerminal(o.status))).toBe(true);
    const terminalTimes = s.orders.slice(firstTerminal).map((o) => o.updatedAt ?? 0);
    expect(terminalTimes).toEqual([...terminalTimes].sort((a, b) => b - a));
  });

  it.each([
    [{ seed: 1.5, startTime: TEST_START }, /Invalid seed 1.5/],
    [{ seed: 1, startTime: -1 }, /Invalid startTime -1/],
    [{ seed: 1, startTime: TEST_START, initialCash: 0 }, /Invalid initialCash 0/],
    [{ seed: 1, startTime: TEST_START, rates: { marketTicksPerSecond: 0 } }, /Invalid rates.marketTicksPerSecond 0/],
    [
      { seed: 1, startTime: TEST_START, profile: 'busy' as 'lively' },
      /Invalid profile "busy": use lively or realistic/,
    ],
    [
      { seed: 1, startTime: TEST_START, scenarios: [{ name: 'nope' as 'normal', offsetMs: 0 }] },
      /Unknown scenario "nope"/,
    ],
    [
      { seed: 1, startTime: TEST_START, scenarios: [{ name: 'normal' as const, offsetMs: -5 }] },
      /Invalid offset -5 for scenario normal/,
    ],
  ])('rejects a bad configuration with a message that says what and how: %j', (config, why) => {
    expect(() => createEngine(config)).toThrow(why);
  });

  it('refuses to advance by a negative or non-finite span', () => {
    const engine = createEngine({ seed: 1, startTime: TEST_START });
    expect(() => engine.advance(-1)).toThrow(/Cannot advance the engine by -1 ms/);
    expect(() => engine.advance(Number.NaN)).toThrow(/Cannot advance/);
  });
});
