/**
 * The pure part of the render-budget benchmark: what one measured window comes to (frames per
 * second, frame-interval percentiles, long tasks, main-thread share, heap growth), the medians of
 * several runs with their spread, and the verdict against a goal: met, missed, or unstable when
 * the runs disagree by more than 2×. No I/O; table-tested in renderStats.test.ts.
 */

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

export function median(values: readonly number[]): number {
  if (values.length === 0) {
    return NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
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
    heapGrowthMb: (sample.heapEndBytes - sample.heapStartBytes) / MB,
  };
}

/** An upper limit on a metric (every goal of the render budget is "at most"). */
export interface Goal {
  metric: MetricName;
  max: number;
}

export type Verdict = 'met' | 'missed' | 'unstable' | '';

export interface Summary {
  median: number;
  min: number;
  max: number;
  verdict: Verdict;
}

/**
 * Median and spread of one metric over the runs, and its verdict against `goal` (none: '').
 * Unstable: the runs disagree by more than 2× (max > 2 × min), or, where a run is at or below 0
 * (no long task, a heap that shrank), some runs meet the goal and others miss it.
 */
export function summarize(values: readonly number[], goal?: Goal): Summary {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const middle = median(values);
  if (!goal || values.length === 0) {
    return { median: middle, min, max, verdict: '' };
  }
  const meets = values.map((value) => value <= goal.max);
  const disagree = min > 0 ? max > 2 * min : meets.some((met) => met !== meets[0]);
  if (values.length > 1 && disagree) {
    return { median: middle, min, max, verdict: 'unstable' };
  }
  return { median: middle, min, max, verdict: middle <= goal.max ? 'met' : 'missed' };
}

/** The goals at each load (the render budget). Long tasks are over 50 ms by definition. */
export const FRAME_GOALS: Goal[] = [
  { metric: 'frameP95Ms', max: 17 },
  { metric: 'frameP99Ms', max: 34 },
];

export const GOALS: Record<string, Goal[]> = {
  idle: [{ metric: 'busyPercent', max: 5 }],
  middle: [...FRAME_GOALS, { metric: 'busyPercent', max: 20 }],
  high: [
    ...FRAME_GOALS,
    { metric: 'longTaskCount', max: 0 },
    { metric: 'busyPercent', max: 50 },
    { metric: 'heapGrowthMb', max: 2 },
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

/** One load's runs as table lines: metric, median (min–max), goal, verdict. */
export function summaryLines(load: string, runs: readonly WindowMetrics[]): string[] {
  const goals = GOALS[load] ?? [];
  return METRICS.map((metric) => {
    const goal = goals.find((candidate) => candidate.metric === metric);
    const values = runs.map((run) => run[metric]);
    const summary = summarize(values, goal);
    const spread = runs.length > 1 ? ` (${format(summary.min)}–${format(summary.max)})` : '';
    return [
      load.padEnd(7),
      METRIC_LABELS[metric].padEnd(24),
      `${format(summary.median)}${spread}`.padEnd(22),
      (goal ? `≤ ${goal.max}` : '').padEnd(6),
      summary.verdict,
    ]
      .join(' ')
      .trimEnd();
  });
}
