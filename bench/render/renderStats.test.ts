import { median, percentile, summarize, summaryLines, windowMetrics, type WindowMetrics } from './renderStats';

describe('percentile', () => {
  it.each([
    { values: [], p: 95, expected: NaN },
    { values: [16.7], p: 99, expected: 16.7 },
    { values: [5, 1, 4, 2, 3], p: 50, expected: 3 },
    { values: [5, 1, 4, 2, 3], p: 95, expected: 5 },
    { values: Array.from({ length: 100 }, (_unused, i) => i + 1), p: 95, expected: 95 },
    { values: Array.from({ length: 100 }, (_unused, i) => i + 1), p: 99, expected: 99 },
    { values: [3, 1, 2], p: 0, expected: 1 },
  ])('gives the nearest-rank p$p of $values.length values as $expected', ({ values, p, expected }) => {
    expect(percentile(values, p)).toBe(expected);
  });
});

describe('median', () => {
  it.each([
    { values: [3, 1, 2], expected: 2 },
    { values: [4, 1, 3, 2], expected: 2.5 },
    { values: [7], expected: 7 },
  ])('of $values is $expected', ({ values, expected }) => {
    expect(median(values)).toBe(expected);
  });
});

describe('summarize', () => {
  it.each([
    { values: [10, 12, 11], max: 17, verdict: 'met', middle: 11 },
    { values: [20, 25, 22], max: 17, verdict: 'missed', middle: 22 },
    { values: [10, 30, 12], max: 17, verdict: 'unstable', middle: 12 },
    { values: [0, 0, 0], max: 0, verdict: 'met', middle: 0 },
    { values: [0, 3, 0], max: 0, verdict: 'unstable', middle: 0 },
    { values: [-0.4, 0.3, 0.1], max: 2, verdict: 'met', middle: 0.1 },
    { values: [-0.4, 2.5, 0.1], max: 2, verdict: 'unstable', middle: 0.1 },
    { values: [40], max: 17, verdict: 'missed', middle: 40 },
  ])('calls $values against ≤ $max "$verdict"', ({ values, max, verdict, middle }) => {
    const summary = summarize(values, { metric: 'frameP95Ms', max });
    expect(summary).toEqual({ median: middle, min: Math.min(...values), max: Math.max(...values), verdict });
  });

  it('gives no verdict without a goal', () => {
    expect(summarize([1, 5]).verdict).toBe('');
  });
});

describe('windowMetrics', () => {
  it('turns one window into frames per second, percentiles, long tasks, busy share and heap growth', () => {
    const metrics = windowMetrics({
      frameIntervalsMs: [...Array(98).fill(16), 50, 100],
      longTasksMs: [60, 120],
      windowMs: 2000,
      taskSeconds: 0.5,
      wallSeconds: 2,
      heapStartBytes: 10 * 1024 * 1024,
      heapEndBytes: 11.5 * 1024 * 1024,
    });
    expect(metrics).toEqual({
      fps: 50,
      frameP95Ms: 16,
      frameP99Ms: 50,
      longTaskCount: 2,
      longTaskTotalMs: 180,
      longTaskMaxMs: 120,
      busyPercent: 25,
      heapStartMb: 10,
      heapEndMb: 11.5,
      heapGrowthMb: 1.5,
    });
  });
});

describe('summaryLines', () => {
  const run = (busyPercent: number): WindowMetrics => ({
    fps: 60,
    frameP95Ms: 16.7,
    frameP99Ms: 17,
    longTaskCount: 0,
    longTaskTotalMs: 0,
    longTaskMaxMs: 0,
    busyPercent,
    heapStartMb: 20,
    heapEndMb: 20.2,
    heapGrowthMb: 0.2,
  });

  it('prints the median, the spread, the goal and the verdict of each metric', () => {
    const lines = summaryLines('middle', [run(12), run(15), run(14)]);
    expect(lines.find((line) => line.includes('main thread busy %'))).toMatch(/14\.0 \(12\.0–15\.0\)\s+≤ 20\s+met$/);
    expect(lines.find((line) => line.includes('frame p95 ms'))).toMatch(/16\.7 \(16\.7–16\.7\)\s+≤ 17\s+met$/);
    expect(lines.find((line) => line.includes('frames/s'))).toMatch(/60\.0 \(60\.0–60\.0\)$/);
  });

  it('marks a busy share the runs disagree on by more than 2× as unstable', () => {
    const lines = summaryLines('idle', [run(2), run(9), run(3)]);
    expect(lines.find((line) => line.includes('main thread busy %'))).toMatch(/unstable$/);
  });
});
