/**
 * Each spec 004 scenario drives its metric across its threshold within its documented time, raises
 * exactly one alert of the right severity, and resolves it after it ends; `normal` raises none.
 * Times are those documented in README.md: a surge scenario's alert within 5 s of its start, a
 * memory leak's before 70% of its duration; each resolves within 8 s of its end.
 */
import { createEngine } from './createEngine';
import { SCENARIO_NAMES } from './scenarioSpec';
import { LEAK_GROWTH_RATIO, SCENARIOS } from './scenarios';
import { DEFAULT_THRESHOLDS } from './thresholds';
import { ofChannel, runSeconds, TEST_START } from './testing/runSeconds';

const OFFSET_MS = 20_500;
/** The scenarios that raise a spec 004 alert (the order-health ones are in orderHealthScenarios.test.ts). */
const ALERTING = SCENARIO_NAMES.filter((name) => SCENARIOS[name].alert !== undefined);

describe.each([7, 2024])('scenarios (seed %d)', (seed) => {
  it.each(ALERTING)(
    '%s crosses its threshold, raises one alert of its severity and resolves it after the end',
    (name) => {
      const definition = SCENARIOS[name];
      const expected = definition.alert as NonNullable<typeof definition.alert>;
      const duration = definition.defaultDurationMs;
      const engine = createEngine({ seed, startTime: TEST_START, scenarios: [{ name, offsetMs: OFFSET_MS }] });
      const events = runSeconds(engine, (OFFSET_MS + duration) / 1000 + 30);
      const start = TEST_START + OFFSET_MS;
      const end = start + duration;

      const alerts = ofChannel(events, 'alerts');
      expect(
        alerts.map((e) => `${e.data.type} ${e.data.alert.service}.${e.data.alert.metric} ${e.data.alert.severity}`)
      ).toEqual([
        `raised ${expected.service}.${expected.metric} ${expected.severity}`,
        `resolved ${expected.service}.${expected.metric} ${expected.severity}`,
      ]);
      const [raised, resolved] = alerts;
      expect(raised.data.alert.id).toBe(resolved.data.alert.id);
      expect(raised.data.alert.threshold).toBe(DEFAULT_THRESHOLDS[expected.metric][expected.severity]);
      const raiseBy = definition.shape === 'leak' ? start + duration * 0.7 : start + 5_000;
      expect(raised.time).toBeGreaterThan(start);
      expect(raised.time).toBeLessThanOrEqual(raiseBy);
      expect(resolved.time).toBeGreaterThan(end);
      expect(resolved.time).toBeLessThanOrEqual(end + 8_000);

      // The metric really crossed: every sample while the scenario holds is past the threshold.
      const holdFrom = definition.shape === 'leak' ? start + duration * LEAK_GROWTH_RATIO : start + 3_000;
      const threshold = DEFAULT_THRESHOLDS[expected.metric];
      for (const sample of ofChannel(events, 'services')) {
        if (sample.time >= holdFrom && sample.time < end) {
          const value = sample.data.services[expected.service][expected.metric];
          const limit = threshold[expected.severity];
          expect(threshold.direction === 'above' ? value > limit : value < limit).toBe(true);
        }
      }

      // Health follows the worst active alert, and both changes are also activity entries.
      const status = expected.severity === 'critical' ? 'critical' : 'degraded';
      const health = ofChannel(events, 'health');
      expect(
        health.filter((h) => h.time > raised.time && h.time < resolved.time).every((h) => h.data.status === status)
      ).toBe(true);
      expect(
        health.filter((h) => h.time < raised.time || h.time > resolved.time).every((h) => h.data.status === 'healthy')
      ).toBe(true);
      const alertActivity = ofChannel(events, 'activity').filter(
        (e) => e.data.details?.alertId === raised.data.alert.id
      );
      expect(alertActivity.map((e) => [e.data.details?.kind, e.data.severity])).toEqual([
        ['alert_raised', expected.severity === 'critical' ? 'error' : 'warning'],
        ['alert_resolved', 'info'],
      ]);
    }
  );

  it('normal raises no alert over a simulated hour', () => {
    const engine = createEngine({ seed, startTime: TEST_START, scenarios: [{ name: 'normal', offsetMs: 0 }] });
    const events = runSeconds(engine, 3600);
    expect(ofChannel(events, 'alerts')).toEqual([]);
    expect(ofChannel(events, 'health').every((h) => h.data.status === 'healthy')).toBe(true);
  });
});

describe('scenario effects beyond the alert', () => {
  it('engine-stall freezes the heartbeat and trading, then both resume', () => {
    const engine = createEngine({
      seed: 5,
      startTime: TEST_START,
      rates: { ordersPerSecond: 2 },
      scenarios: [{ name: 'engine-stall', offsetMs: 30_000, durationMs: 60_000 }],
    });
    const events = runSeconds(engine, 150);
    const stallStart = TEST_START + 30_000;
    const stallEnd = stallStart + 60_000;
    for (const h of ofChannel(events, 'health')) {
      if (h.time >= stallStart && h.time < stallEnd) {
        expect(h.data.lastHeartbeat).toBe(stallStart - 5_000);
      } else {
        expect(h.data.lastHeartbeat).toBe(h.time);
      }
    }
    const orderTimes = ofChannel(events, 'orders').map((e) => e.time);
    expect(orderTimes.filter((t) => t > stallStart && t < stallEnd)).toEqual([]);
    expect(orderTimes.filter((t) => t >= stallEnd).length).toBeGreaterThan(0);
  });

  it('flash-crash takes every price down by about 10% in 90 s, then recovers part of it', () => {
    const engine = createEngine({ seed: 6, startTime: TEST_START, scenarios: [{ name: 'flash-crash', offsetMs: 0 }] });
    const before = new Map(engine.snapshot().market.map((m) => [m.symbol, m.price]));
    runSeconds(engine, 90);
    const bottom = engine.snapshot().market;
    const falls = bottom.map((m) => m.price / (before.get(m.symbol) as number) - 1);
    const mean = falls.reduce((a, b) => a + b, 0) / falls.length;
    expect(mean).toBeLessThan(-0.07);
    expect(mean).toBeGreaterThan(-0.13);
    runSeconds(engine, 210);
    const after = engine.snapshot().market;
    const recovered = after.map((m, i) => m.price / bottom[i].price - 1);
    expect(recovered.reduce((a, b) => a + b, 0) / recovered.length).toBeGreaterThan(0.02);
  });

  it('order-rejections makes the exchange reject most orders, each with a reason', () => {
    const engine = createEngine({
      seed: 9,
      startTime: TEST_START,
      scenarios: [{ name: 'order-rejections', offsetMs: 0 }],
    });
    const updates = ofChannel(runSeconds(engine, 300), 'orders');
    const rejected = updates.filter((e) => e.data.type === 'rejected');
    const placed = updates.filter((e) => e.data.type === 'new');
    expect(placed.length).toBeGreaterThanOrEqual(40);
    expect(rejected.length / placed.length).toBeGreaterThan(0.5);
    for (const e of rejected) {
      expect(e.data.order.reason).toMatch(/scenario order-rejections/);
    }
  });

  it('volatile-market triples the size of price moves', () => {
    const spread = (scenario: boolean) => {
      const engine = createEngine({
        seed: 10,
        startTime: TEST_START,
        scenarios: scenario ? [{ name: 'volatile-market', offsetMs: 0 }] : [],
      });
      let sumSquares = 0;
      let n = 0;
      let last = engine.snapshot().market.map((m) => m.price);
      for (const e of ofChannel(runSeconds(engine, 300), 'market')) {
        const prices = Object.values(e.data.symbols).map((q) => q.price);
        prices.forEach((p, i) => {
          sumSquares += Math.log(p / last[i]) ** 2;
          n += 1;
        });
        last = prices;
      }
      return Math.sqrt(sumSquares / n);
    };
    const ratio = spread(true) / spread(false);
    expect(ratio).toBeGreaterThan(2.4);
    expect(ratio).toBeLessThan(3.6);
  });

  it('a stopped memory leak winds down from where it had grown to, without a jump', () => {
    const engine = createEngine({ seed: 12, startTime: TEST_START, scenarios: [{ name: 'memory-leak', offsetMs: 0 }] });
    const before = ofChannel(runSeconds(engine, 150), 'services').map((e) => e.data.services.api.memory);
    expect(engine.stopScenario('memory-leak')).toBe(true);
    const after = ofChannel(runSeconds(engine, 30), 'services').map((e) => e.data.services.api.memory);
    expect(Math.max(...after)).toBeLessThan(Math.max(...before) + 2);
    expect(after[after.length - 1]).toBeLessThan(before[before.length - 1]);
  });

  it('scales the scenario level with configured thresholds', () => {
    const engine = createEngine({
      seed: 1,
      startTime: TEST_START,
      thresholds: { latency: { warning: 2000, critical: 4000, direction: 'above' } },
      scenarios: [{ name: 'latency-storm', offsetMs: 0, durationMs: 30_000 }],
    });
    const alerts = ofChannel(runSeconds(engine, 60), 'alerts');
    expect(alerts.map((a) => [a.data.type, a.data.alert.severity, a.data.alert.threshold])).toEqual([
      ['raised', 'critical', 4000],
      ['resolved', 'critical', 4000],
    ]);
  });
});
