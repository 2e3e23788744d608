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
