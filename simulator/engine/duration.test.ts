import fc from 'fast-check';
import { formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    ['2m30s500ms', 150_500],
    ['1.5s', 1500],
    [' 10s ', 10_000],
    ['0s', 0],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['', /empty/],
    ['90', /has no unit/],
    ['abc', /not a number with a unit/],
    ['10x', /not a number with a unit/],
    ['-5s', /not a number with a unit/],
    ['30s1m', /largest to smallest/],
    ['1m1m', /largest to smallest/],
    ['1h 30m', /not a number with a unit/],
  ])('rejects %j, saying why and how', (text, why) => {
    expect(() => parseDuration(text)).toThrow(why);
    expect(() => parseDuration(text)).toThrow(/e\.g\. 500ms, 90s, 30m, 2h/);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [90_000, '1m30s'],
    [5_400_000, '1h30m'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});

describe('parseDuration and formatDuration', () => {
  it('round-trip every whole number of milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * 86_400_000 }), (ms) => parseDuration(formatDuration(ms)) === ms),
      { seed: 3, numRuns: 500 }
    );
  });
});
