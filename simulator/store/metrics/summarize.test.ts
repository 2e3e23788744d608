import { nearestRank, summarize } from './summarize';

describe('nearestRank', () => {
  it.each([
    ['the median of an odd count is the middle value', [1, 2, 3, 4, 5], 0.5, 3],
    ['the median of an even count is the lower middle value', [1, 2, 3, 4], 0.5, 2],
    ['p95 of 20 values is the 19th', Array.from({ length: 20 }, (_, i) => i + 1), 0.95, 19],
    ['p99 of 100 values is the 99th', Array.from({ length: 100 }, (_, i) => i + 1), 0.99, 99],
    ['p99 of 101 values is the 100th (⌈0.99 × 101⌉ = 100)', Array.from({ length: 101 }, (_, i) => i + 1), 0.99, 100],
    ['any percentile of one value is that value', [7], 0.95, 7],
  ])('%s', (_name, sorted, p, expected) => {
    expect(nearestRank(sorted, p)).toBe(expected);
  });

  it('is NaN for no values', () => {
    expect(nearestRank([], 0.5)).toBeNaN();
  });
});

describe('summarize', () => {
  it('summarises unsorted samples: percentiles, min, max, average and count', () => {
    expect(summarize([5, 1, 4, 2, 3])).toEqual({ p50: 3, p95: 5, p99: 5, min: 1, max: 5, avg: 3, count: 5 });
  });

  it('returns undefined for an empty bucket instead of zeros', () => {
    expect(summarize([])).toBeUndefined();
  });

  it('keeps negative and fractional samples exact', () => {
    expect(summarize([-0.5, 0.25, 0.125])).toEqual({
      p50: 0.125,
      p95: 0.25,
      p99: 0.25,
      min: -0.5,
      max: 0.25,
      avg: -0.125 / 3,
      count: 3,
    });
  });
});
