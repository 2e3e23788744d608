/**
 * The order-health scenarios: `runaway-orders` floods child orders past the message rate limit
 * (throttled rejections, then the kill switch halts trading and re-arms after the drill), and
 * `stale-market` stops the feed of a quarter of the symbols (their quotes keep the time of their
 * last tick while the others move on).
 */
import { createEngine } from './createEngine';
import { ENGINE_DEFAULTS } from './defaults';
import { ofChannel, runSeconds, TEST_START } from './testing/runSeconds';

const OFFSET_MS = 20_000;

describe('runaway-orders', () => {
  const engine = createEngine({
    seed: 7,
    startTime: TEST_START,
    scenarios: [{ name: 'runaway-orders', offsetMs: OFFSET_MS, durationMs: 10_000 }],
  });
  const events = runSeconds(engine, 60);
  const start = TEST_START + OFFSET_MS;
  const limit = ENGINE_DEFAULTS.orderMessagesPerSecond;

  it('submits more orders in a second than the limit allows, and the excess is rejected as throttled', () => {
    const children = ofChannel(events, 'orders').filter(
      (e) =>
        e.data.type === 'new' && e.time === start && e.data.order.symbol === engine.symbols[0] && e.data.order.qty === 1
    );
    expect(children.length).toBe(3 * limit);
    const throttled = ofChannel(events, 'orders').filter(
      (e) => e.data.type === 'rejected' && e.data.order.reason?.includes('throttled')
    );
    expect(throttled.length).toBeGreaterThanOrEqual(2 * limit);
  });

  it('goes throttled at once, halts after the kill switch delay, and is active again after the cooldown', () => {
    const states = ofChannel(events, 'health')
      .map((e) => e.data.trading)
      .filter((trading, i, all) => i === 0 || trading?.state !== all[i - 1]?.state)
      .map((trading) => [trading?.state, (trading?.since ?? 0) - start]);
    expect(states).toEqual([
      ['active', -OFFSET_MS],
      ['throttled', 0],
      ['halted', ENGINE_DEFAULTS.killSwitchAfterMs],
      ['active', ENGINE_DEFAULTS.killSwitchAfterMs + ENGINE_DEFAULTS.killSwitchCooldownMs],
    ]);
  });

  it('publishes the trading state the moment it changes, not at the next health cadence', () => {
    const halted = ofChannel(events, 'health').find((e) => e.data.trading?.state === 'halted');
    expect(halted?.time).toBe(start + ENGINE_DEFAULTS.killSwitchAfterMs);
  });

  it('cancels every open order and places none while the kill switch is engaged', () => {
    const haltedAt = start + ENGINE_DEFAULTS.killSwitchAfterMs;
    const cancelled = ofChannel(events, 'orders').filter(
      (e) => e.time === haltedAt && e.data.type === 'cancelled' && e.data.order.reason?.startsWith('kill switch')
    );
    expect(cancelled.length).toBeGreaterThan(0);
    expect(engine.snapshot().orders.filter((o) => o.reason?.startsWith('kill switch')).length).toBeGreaterThan(0);
    const placedWhileHalted = ofChannel(events, 'orders').filter(
      (e) => e.data.type === 'new' && e.time > haltedAt && e.time < haltedAt + ENGINE_DEFAULTS.killSwitchCooldownMs
    );
    expect(placedWhileHalted).toEqual([]);
  });

  it('writes the kill switch to the activity log as an error', () => {
    const entries = ofChannel(events, 'activity').filter((e) => e.data.details?.kind === 'trading_state');
    expect(entries.map((e) => [e.data.details?.state, e.data.severity])).toEqual([
      ['throttled', 'warning'],
      ['halted', 'error'],
      ['active', 'info'],
    ]);
  });
});

describe('stale-market', () => {
  const engine = createEngine({
    seed: 7,
    startTime: TEST_START,
    scenarios: [{ name: 'stale-market', offsetMs: OFFSET_MS, durationMs: 10_000 }],
  });
  const events = runSeconds(engine, 40);
  const start = TEST_START + OFFSET_MS;
  const stale = engine.symbols.slice(0, Math.ceil(engine.symbols.length / 4));
  const live = engine.symbols.slice(stale.length);

  it('freezes the quotes of the first quarter of the symbols at their last tick while the others tick', () => {
    const during = ofChannel(events, 'market').filter((e) => e.time >= start && e.time < start + 10_000);
    expect(during.length).toBe(10);
    for (const event of during) {
      for (const symbol of stale) {
        expect({ symbol, timestamp: event.data.symbols[symbol].timestamp }).toEqual({
          symbol,
          timestamp: start - 1000,
        });
      }
      for (const symbol of live) {
        expect({ symbol, timestamp: event.data.symbols[symbol].timestamp }).toEqual({ symbol, timestamp: event.time });
      }
    }
  });

  it('resumes every quote when the scenario ends', () => {
    const last = ofChannel(events, 'market').at(-1);
    for (const symbol of engine.symbols) {
      expect(last?.data.symbols[symbol].timestamp).toBe(last?.time);
    }
  });
});
