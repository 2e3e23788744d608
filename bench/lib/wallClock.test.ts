import { createWallClock } from './wallClock';

/** A machine whose wall clock can be stepped while its monotonic clock runs on. */
function machine(wallStart: number) {
  let monotonic = 100;
  let step = 0;
  return {
    advance: (ms: number) => (monotonic += ms),
    stepWall: (ms: number) => (step += ms),
    dateNow: () => Math.floor(wallStart + (monotonic - 100) + step),
    monotonicNow: () => monotonic,
    origin: wallStart - 100,
  };
}

describe('createWallClock', () => {
  it('keeps sub-millisecond precision while the wall clock is not stepped', () => {
    const m = machine(1_000_000);
    const clock = createWallClock(m.dateNow, m.monotonicNow, m.origin);
    m.advance(2.25);
    expect(clock.now()).toBeCloseTo(1_000_002.25, 6);
    m.advance(0.5);
    expect(clock.now()).toBeCloseTo(1_000_002.75, 6);
    expect(clock.steps).toBe(0);
  });

  it.each([
    { step: 30_000, why: 'a step forward (a paused virtual machine catching up)' },
    { step: -5_000, why: 'a step back' },
  ])('follows the wall clock within a millisecond after $why', ({ step }) => {
    const m = machine(1_000_000);
    const clock = createWallClock(m.dateNow, m.monotonicNow, m.origin);
    m.advance(10);
    m.stepWall(step);
    expect(Math.abs(clock.now() - (1_000_010 + step))).toBeLessThan(1);
    m.advance(3.3);
    expect(Math.abs(clock.now() - (1_000_013.3 + step))).toBeLessThan(1);
    expect(clock.steps).toBe(1);
  });

  it('converges on the true time after a step as readings fall at other points of a millisecond', () => {
    const m = machine(1_000_000);
    const clock = createWallClock(m.dateNow, m.monotonicNow, m.origin);
    m.advance(10.7);
    m.stepWall(30_000);
    // Re-anchored on Date.now(), which truncates: 0.7 ms early at first, never late.
    expect(clock.now()).toBeCloseTo(1_030_010, 6);
    // 0.5 ms later the wall clock names the next ms: 0.2 ms early now.
    m.advance(0.5);
    expect(clock.now()).toBeCloseTo(1_030_011, 6);
    m.advance(0.75);
    expect(clock.now()).toBeCloseTo(1_030_011.75, 6);
    expect(clock.steps).toBe(1);
  });
});
