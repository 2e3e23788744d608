import { disagreement, interleave, judge, median, pairRatios, spread, type Goal, type Verdict } from './verdict';

const atLeast = (target: number, resolution?: number): Goal => ({ op: '>=', target, resolution });
const atMost = (target: number, resolution?: number): Goal => ({ op: '<=', target, resolution });

describe('median and spread', () => {
  it.each([
    [[3], 3],
    [[1, 3], 2],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
    [[], Number.NaN],
  ])('the median of %j is %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('reports the median, the smallest and largest run, and every run in measured order', () => {
    expect(spread([0.9, 0.7, 1.1])).toEqual({ median: 0.9, min: 0.7, max: 1.1, runs: [0.9, 0.7, 1.1] });
  });

  it('leaves a run without a number out of the median and min–max, but keeps it in the runs', () => {
    expect(spread([4.9, Number.NaN, 3])).toEqual({ median: 3.95, min: 3, max: 4.9, runs: [4.9, Number.NaN, 3] });
    expect(spread([Number.NaN])).toEqual({ median: Number.NaN, min: Number.NaN, max: Number.NaN, runs: [Number.NaN] });
  });
});

describe('pairRatios', () => {
  it('divides each run by the baseline run it was interleaved with, not medians by medians', () => {
    expect(pairRatios([2, 9, 4], [1, 3, 8])).toEqual([2, 3, 0.5]);
  });

  it('gives no number where the baseline run is 0 or missing', () => {
    expect(pairRatios([1, 2], [0])).toEqual([Number.NaN, Number.NaN]);
  });
});

describe('disagreement', () => {
  it.each([
    { runs: [1, 1, 1], resolution: 0, expected: 1 },
    { runs: [1, 2.5, 2], resolution: 0, expected: 2.5 },
    { runs: [-2, -1], resolution: 0, expected: 2 },
    { runs: [0, 0], resolution: 0, expected: 1 },
    { runs: [0, 0.3], resolution: 0, expected: Number.POSITIVE_INFINITY },
    { runs: [-1, 1], resolution: 0, expected: Number.POSITIVE_INFINITY },
    { runs: [0, 0.05, 0.15], resolution: 0.1, expected: 1.5 },
    { runs: [1, Number.NaN], resolution: 0, expected: Number.NaN },
  ])('runs $runs with resolution $resolution disagree by $expected×', ({ runs, resolution, expected }) => {
    const apart = disagreement(runs, resolution);
    // toBeCloseTo cannot compare NaN or Infinity; toBe can.
    expect(Number.isFinite(expected) ? Math.round(apart * 1000) / 1000 : apart).toBe(expected);
  });
});

describe('judge', () => {
  it.each<{ runs: number[]; goal?: Goal; expected: Verdict; why: string }>([
    { runs: [1.1, 0.9, 1.0], goal: atLeast(0.8), expected: 'met', why: 'every run meets the goal, within 2×' },
    { runs: [0.5, 0.6, 0.55], goal: atLeast(0.8), expected: 'missed', why: 'no run meets the goal' },
    { runs: [0.7, 0.9, 1.0], goal: atLeast(0.8), expected: 'unstable', why: 'the runs straddle the goal' },
    { runs: [0.14, 1.92, 1.0], goal: atLeast(0.8), expected: 'unstable', why: 'the runs disagree by 13.7×' },
    { runs: [36, 1663, 3777], goal: atMost(10), expected: 'unstable', why: 'far apart, even though all miss' },
    { runs: [2.3, 2.4, 2.38], goal: atMost(20), expected: 'met', why: 'an upper bound met by every run' },
    { runs: [0, 0.12, 0.38], goal: atMost(1.5, 0.1), expected: 'unstable', why: '0.1 to 0.38 is 3.8× apart' },
    { runs: [0, 0.05, 0.12], goal: atMost(1.5, 0.1), expected: 'met', why: 'below the resolution counts as it' },
    { runs: [1, 1], goal: atLeast(0.8), expected: 'too few runs', why: 'two runs are fewer than three' },
    { runs: [], goal: atLeast(0.8), expected: 'too few runs', why: 'a baseline that did not run' },
    { runs: [1, Number.NaN, 1], goal: atLeast(0.8), expected: 'invalid', why: 'a run without a number' },
    {
      runs: [Number.NaN, 2000, 3000],
      goal: atMost(10),
      expected: 'invalid',
      why: 'no number, even when all others miss',
    },
    {
      runs: [1, Number.NaN],
      goal: atLeast(0.8),
      expected: 'too few runs',
      why: 'too few runs, with or without a number',
    },
    { runs: [5, 50, 500], goal: undefined, expected: 'fact', why: 'no goal: a fact, however noisy' },
  ])('$runs against $goal is $expected: $why', ({ runs, goal, expected }) => {
    expect(judge(runs, goal)).toBe(expected);
  });
});

describe('interleave', () => {
  it('alternates the measurement and its baseline, A B A B A B, and keeps each side in order', async () => {
    const order: string[] = [];
    const result = await interleave(
      3,
      (run) => {
        order.push(`A${run}`);
        return run * 10;
      },
      async (run) => {
        order.push(`B${run}`);
        return run * 100;
      }
    );
    expect(order).toEqual(['A0', 'B0', 'A1', 'B1', 'A2', 'B2']);
    expect(result).toEqual({ a: [0, 10, 20], b: [0, 100, 200] });
  });

  it('runs only the measurement when there is no baseline', async () => {
    const result = await interleave(2, (run) => run + 1);
    expect(result).toEqual({ a: [1, 2], b: [] });
  });
});
