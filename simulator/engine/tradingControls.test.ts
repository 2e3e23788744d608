import { createTradingControls, type TradingLimits } from './tradingControls';

const LIMITS: TradingLimits = { orderMessagesPerSecond: 3, killSwitchAfterMs: 2_000, killSwitchCooldownMs: 5_000 };
const T0 = 1_000_000;

/** Submit `count` orders at `time` and return how many were admitted. */
function submit(controls: ReturnType<typeof createTradingControls>, time: number, count: number): number {
  let admitted = 0;
  for (let i = 0; i < count; i++) {
    admitted += controls.admit(time) ? 1 : 0;
  }
  return admitted;
}

describe('trading controls', () => {
  it.each([
    [1, 1],
    [3, 3],
    [4, 3],
    [10, 3],
  ])('admits %d submissions in one second up to the limit: %d', (count, admitted) => {
    const controls = createTradingControls(LIMITS, T0);
    expect(submit(controls, T0, count)).toBe(admitted);
  });

  it('counts a sliding one-second window, rejected submissions included (each is a message)', () => {
    const controls = createTradingControls(LIMITS, T0);
    expect(submit(controls, T0, 3)).toBe(3);
    expect(submit(controls, T0 + 999, 1)).toBe(0);
    expect(submit(controls, T0 + 1000, 3)).toBe(2);
    expect(submit(controls, T0 + 2000, 3)).toBe(3);
  });

  it('goes throttled on a breach, halts after an uninterrupted breach, and re-arms after the cooldown', () => {
    const controls = createTradingControls(LIMITS, T0);
    const states: Array<[number, string]> = [];
    for (let second = 0; second <= 12; second++) {
      const time = T0 + second * 1000;
      if (!controls.halted() && second < 6) {
        submit(controls, time, 10);
      }
      const changed = controls.update(time);
      if (changed) {
        states.push([second, changed.state]);
      }
    }
    // Breach from 0 s; 2 s of breach engage the kill switch; the last breach at 2 s + 5 s cooldown.
    expect(states).toEqual([
      [0, 'throttled'],
      [2, 'halted'],
      [7, 'active'],
    ]);
  });

  it('returns to active when a breach ends before the kill switch engages, and forgets it', () => {
    const controls = createTradingControls(LIMITS, T0);
    submit(controls, T0, 10);
    expect(controls.update(T0)?.state).toBe('throttled');
    expect(controls.update(T0 + 1000)?.state).toBe('active');
    // A new breach much later starts its own count: no immediate kill switch.
    submit(controls, T0 + 10_000, 10);
    expect(controls.update(T0 + 10_000)?.state).toBe('throttled');
    submit(controls, T0 + 11_000, 10);
    expect(controls.update(T0 + 11_000)).toBeUndefined();
    expect(controls.state()).toMatchObject({ state: 'throttled', orderRateLimit: 3 });
  });

  it('says why it halted, with the limit', () => {
    const controls = createTradingControls(LIMITS, T0);
    for (let second = 0; second <= 2; second++) {
      submit(controls, T0 + second * 1000, 10);
      controls.update(T0 + second * 1000);
    }
    expect(controls.state()).toEqual({
      state: 'halted',
      since: T0 + 2000,
      orderRateLimit: 3,
      reason: 'kill switch engaged: order message rate above the limit of 3 messages/s for 2 s',
    });
  });
});
