import type { EngineEvent } from '../engine/types';
import { EngineDriver } from './EngineDriver';
import { createFakeEngine } from './testing/fakeEngine';

describe('EngineDriver', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('advances virtual time by real time × speed and wakes exactly when the next event is due', () => {
    const engine = createFakeEngine({ seed: 1, startTime: 1_000_000 }, { orderEveryMs: 1000 });
    const batches: EngineEvent[][] = [];
    const driver = new EngineDriver({
      engine,
      speed: 10,
      now: () => Date.now(),
      onEvents: (e) => batches.push(e),
      onError: (error) => {
        throw error;
      },
    });
    driver.start();
    jest.advanceTimersByTime(99);
    expect(batches).toEqual([]);
    jest.advanceTimersByTime(1); // 100 ms real = 1000 ms virtual: the first order and the 1 s events
    expect(batches.flat().map((event) => event.channel)).toEqual(['orders', 'market', 'positions', 'services']);
    expect(engine.now()).toBe(1_001_000);
    jest.advanceTimersByTime(400); // 5 s virtual: account and health too
    expect(batches.flat().filter((event) => event.channel === 'account')).toHaveLength(1);
    driver.stop();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('catches up on a long lag in slices, yielding to I/O between them, and delivers every event in order', () => {
    let clock = 1_000_000;
    const engine = createFakeEngine({ seed: 1, startTime: 1_000_000 }, { orderEveryMs: 10 });
    const batches: EngineEvent[][] = [];
    const driver = new EngineDriver({
      engine,
      speed: 1,
      now: () => clock,
      onEvents: (e) => batches.push(e),
      onError: (error) => {
        throw error;
      },
      maxCatchUpMs: 50,
    });
    driver.start();
    // The process was busy for 10 s: one tick must not publish all of it while I/O waits.
    clock += 10_000;
    jest.advanceTimersToNextTimer();
    // Up to the planned wake-up (10 ms) and one slice past it, not the 10 s.
    expect(engine.now() - 1_000_000).toBeLessThanOrEqual(60);
    for (let step = 0; step < 1000 && engine.now() < 1_010_000; step += 1) {
      jest.advanceTimersToNextTimer();
    }
    expect(engine.now()).toBe(1_010_000);
    expect(batches.length).toBeGreaterThanOrEqual(200);
    for (const batch of batches) {
      expect(batch.at(-1)!.time - batch[0].time).toBeLessThan(60);
    }
    // The same events as one big advance would have published, in the same order.
    const reference = createFakeEngine({ seed: 1, startTime: 1_000_000 }, { orderEveryMs: 10 }).advance(10_000);
    expect(batches.flat().map((event) => [event.channel, event.time])).toEqual(
      reference.map((event) => [event.channel, event.time])
    );
    driver.stop();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('does not let a lag it could not keep up with grow into ever longer ticks', () => {
    let clock = 1_000_000;
    const engine = createFakeEngine({ seed: 1, startTime: 1_000_000 }, { orderEveryMs: 10 });
    const spans: number[] = [];
    const driver = new EngineDriver({
      engine,
      speed: 1,
      now: () => clock,
      onEvents: (e) => {
        spans.push(e.at(-1)!.time - e[0].time);
        // Publishing costs more real time than the events span: the server cannot keep up.
        clock += 100;
      },
      onError: (error) => {
        throw error;
      },
      maxCatchUpMs: 50,
    });
    driver.start();
    for (let step = 0; step < 100; step += 1) {
      clock += 1;
      jest.advanceTimersToNextTimer();
    }
    expect(spans.length).toBeGreaterThan(50);
    expect(Math.max(...spans)).toBeLessThan(60);
    driver.stop();
  });

  it('reports a failing engine and retries after the longest sleep instead of spinning', () => {
    const engine = createFakeEngine({ seed: 1, startTime: 1_000_000 }, { failOnAdvance: true });
    const errors: unknown[] = [];
    const driver = new EngineDriver({
      engine,
      speed: 1,
      now: () => Date.now(),
      onEvents: () => undefined,
      onError: (e) => errors.push(e),
      maxSleepMs: 1000,
    });
    driver.start();
    jest.advanceTimersByTime(3000);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors.length).toBeLessThanOrEqual(4);
    driver.stop();
  });
});
