import { percentile, summarize, summaryLines, windowMetrics, type WindowMetrics } from './renderStats';

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

describe('summarize', () => {
  it.each([
    { values: [10, 12, 11], target: 17, resolution: undefined, verdict: 'met', middle: 11 },
    { values: [20, 25, 22], target: 17, resolution: undefined, verdict: 'missed', middle: 22 },
    { values: [10, 30, 12], target: 17, resolution: undefined, verdict: 'unstable', middle: 12 },
    { values: [15, 18, 16], target: 17, resolution: undefined, verdict: 'unstable', middle: 16 },
    { values: [0, 0, 0], target: 0, resolution: 1, verdict: 'met', middle: 0 },
    { values: [0, 1, 0], target: 0, resolution: 1, verdict: 'unstable', middle: 0 },
    { values: [0, 0.3, 0.1], target: 2, resolution: 0.5, verdict: 'met', middle: 0.1 },
    { values: [40], target: 17, resolution: undefined, verdict: 'too few runs', middle: 40 },
  ])('calls $values against ≤ $target "$verdict"', ({ values, target, resolution, verdict, middle }) => {
    const summary = summarize(values, { metric: 'frameP95Ms', op: '<=', target, resolution });
    expect(summary).toEqual({ median: middle, min: Math.min(...values), max: Math.max(...values), verdict });
  });

  it('calls a metric without a goal a fact', () => {
    expect(summarize([1, 5]).verdict).toBe('fact');
  });
});

describe('windowMetrics', () => {
  it('counts a heap that shrank as no growth', () => {
    const metrics = windowMetrics({
      frameIntervalsMs: [16],
      longTasksMs: [],
      windowMs: 1000,
      taskSeconds: 0.1,
      wallSeconds: 1,
      heapStartBytes: 12 * 1024 * 1024,
      heapEndBytes: 10 * 1024 * 1024,
    });
    expect(metrics.heapGrowthMb).toBe(0);
    expect(metrics.heapEndMb).toBe(10);
  });

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
    expect(lines.find((line) => line.includes('frames/s'))).toMatch(/60\.0 \(60\.0–60\.0\)\s+fact$/);
  });

  it('judges heap growth against its goal, runs below half a megabyte alike', () => {
    const heap = (heapGrowthMb: number): WindowMetrics => ({ ...run(20), heapGrowthMb });
    const verdict = (runs: WindowMetrics[]) =>
      summaryLines('high', runs).find((line) => line.includes('heap growth MB'));
    expect(verdict([heap(1.08), heap(1.06), heap(1.26)])).toMatch(/≤ 2\s+met$/);
    expect(verdict([heap(0.1), heap(0.4), heap(0.3)])).toMatch(/≤ 2\s+met$/);
    expect(verdict([heap(0.2), heap(2.5), heap(1.13)])).toMatch(/unstable$/);
    expect(verdict([heap(2.6), heap(3.1), heap(2.9)])).toMatch(/missed$/);
  });

  it('marks a busy share the runs disagree on by more than 2× as unstable', () => {
    const lines = summaryLines('idle', [run(2), run(9), run(3)]);
    expect(lines.find((line) => line.includes('main thread busy %'))).toMatch(/unstable$/);
  });
});
