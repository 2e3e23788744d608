import { CLIENT_DEFAULTS } from './clientDefaults';
import { backoffDelay } from './backoffDelay';

describe('backoffDelay', () => {
  it.each([
    [1, 0.5, 1000],
    [2, 0.5, 2000],
    [3, 0.5, 4000],
    [4, 0.5, 8000],
    [5, 0.5, 16_000],
    [6, 0.5, 16_000],
    [100, 0.5, 16_000],
    [1, 0, 800],
    [1, 0.75, 1100],
    [5, 0, 12_800],
  ])('attempt %p with random %p waits %p ms', (attempt, random, expected) => {
    expect(backoffDelay(attempt, CLIENT_DEFAULTS.backoffMs, 0.2, () => random)).toBe(expected);
  });

  it('waits exactly the schedule without jitter', () => {
    expect(backoffDelay(2, [10, 20], 0, () => 0.9)).toBe(20);
  });
});
