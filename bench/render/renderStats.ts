/**
 * The pure part of the render-budget benchmark: what one measured window comes to (frames per
 * second, frame-interval percentiles, long tasks, main-thread share, heap growth) and the table
 * of several runs: median, spread and verdict by the bench's own method (bench/lib/verdict.ts:
 * met only when every run meets the goal and the runs agree within 2×). No I/O; table-tested in
 * renderStats.test.ts.
 */
import { type Goal as BenchGoal, goalText, judge, spread, type Verdict } from '../lib/verdict';

/** What the page and the DevTools protocol gave for one window. */
export interface WindowSample {
  /** requestAnimationFrame timestamps' deltas, ms. */
  frameIntervalsMs: number[];
  /** Durations of the 'longtask' entries, ms. */
  longTasksMs: number[];
  windowMs: number;
  /** CDP Performance.getMetrics TaskDuration difference over the window, s. */
  taskSeconds: number;
  /** CDP Performance.getMetrics Timestamp difference over the window, s. */
  wallSeconds: number;
  /** Runtime.getHeapUsage usedSize after HeapProfiler.collectGarbage, bytes. */
  heapStartBytes: number;
  heapEndBytes: number;
}

export interface WindowMetrics {
  fps: number;
  frameP95Ms: number;
  frameP99Ms: number;
  longTaskCount: number;
  longTaskTotalMs: number;
  longTaskMaxMs: number;
  /** Renderer main thread busy, % of wall time. */
  busyPercent: number;
  heapStartMb: number;
  heapEndMb: number;
  heapGrowthMb: number;
}

export type MetricName = keyof WindowMetrics;

/** Nearest-rank percentile (p in 0–100) of unsorted values; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) {
    return NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

const MB = 1024 * 1024;

export function windowMetrics(sample: WindowSample): WindowMetrics {
  const frames = sample.frameIntervalsMs;
  return {
    fps: sample.windowMs > 0 ? (frames.length * 1000) / sample.windowMs : 0,
    frameP95Ms: percentile(frames, 95),
    frameP99Ms: percentile(frames, 99),
    longTaskCount: sample.longTasksMs.length,
    longTaskTotalMs: sample.longTasksMs.reduce((sum, value) => sum + value, 0),
    longTaskMaxMs: sample.longTasksMs.reduce((max, value) => Math.max(max, value), 0),
    busyPercent: sample.wallSeconds > 0 ? (100 * sample.taskSeconds) / sample.wallSeconds : NaN,
    heapStartMb: sample.heapStartBytes / MB,
    heapEndMb: sample.heapEndBytes / MB,
    // Growth only: a heap that shrank over the window is flat for the budget.
    heapGrowthMb: Math.max(0, (sample.heapEndBytes - sample.heapStartBytes) / MB),
  };
}

/** A goal of the render budget on one metric (every one is an upper limit). */
export interface Goal extends BenchGoal {
  metric: MetricName;
}

const atMost = (metric: MetricName, target: number, resolution?: number): Goal => ({
  metric,
  op: '<=',
  target,
  resolution,
});

/**
 * The goals at each load (the render budget in docs/load.md). Long tasks are over 50 ms by
 * definition, so "no long task over 50 ms" is a count of 0. Resolutions, below which runs are not
 * told apart: one long task; half a megabyte of heap. Each end of the heap window is the median of
 * several readings (measureWindow.ts): single readings moved by up to 1.4 MB a second apart.
 */
const HEAP_RESOLUTION_MB = 0.5;

export const FRAME_GOALS: Goal[] = [atMost('frameP95Ms', 17), atMost('frameP99Ms', 34)];

export const GOALS: Record<string, Goal[]> = {
  idle: [atMost('busyPercent', 5)],
  middle: [...FRAME_GOALS, atMost('busyPercent', 20)],
  high: [
    ...FRAME_GOALS,
    atMost('longTaskCount', 0, 1),
    atMost('busyPercent', 50),
    atMost('heapGrowthMb', 2, HEAP_RESOLUTION_MB),
  ],
};

export const METRIC_LABELS: Record<MetricName, string> = {
  fps: 'frames/s',
  frameP95Ms: 'frame p95 ms',
  frameP99Ms: 'frame p99 ms',
  longTaskCount: 'long tasks',
  longTaskTotalMs: 'long tasks total ms',
  longTaskMaxMs: 'long task max ms',
  busyPercent: 'main thread busy %',
  heapStartMb: 'heap after GC, start MB',
  heapEndMb: 'heap after GC, end MB',
  heapGrowthMb: 'heap growth MB',
};

const METRICS = Object.keys(METRIC_LABELS) as MetricName[];

function format(value: number): string {
  if (!Number.isFinite(value)) {
    return '–';
  }
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1);
}

export interface Summary {
  median: number;
  min: number;
  max: number;
  verdict: Verdict;
}

/** Median, spread and verdict of one metric over the runs (`fact` without a goal). */
export function summarize(values: readonly number[], goal?: Goal, minRuns?: number): Summary {
  const { median, min, max } = spread(values);
  return { median, min, max, verdict: judge(values, goal, minRuns) };
}

/** One load's runs as table lines: load, metric, median (min–max), goal, verdict. */
export function summaryLines(load: string, runs: readonly WindowMetrics[]): string[] {
  const goals = GOALS[load] ?? [];
  return METRICS.map((metric) => {
    const goal = goals.find((candidate) => candidate.metric === metric);
    const summary = summarize(
      runs.map((run) => run[metric]),
      goal
    );
    const spreadText = runs.length > 1 ? ` (${format(summary.min)}–${format(summary.max)})` : '';
    return [
      load.padEnd(7),
      METRIC_LABELS[metric].padEnd(24),
      `${format(summary.median)}${spreadText}`.padEnd(22),
      (goal ? goalText(goal) : '').padEnd(6),
      summary.verdict,
    ]
      .join(' ')
      .trimEnd();
  });
}
