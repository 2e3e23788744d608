/**
 * The browser part of `npm run bench`: the render budget of the e2e dashboard in Chromium
 * (`bench/render/renderBudget.ts`: positions, orders, activity and the alerts feed against the
 * real simulator) at the nearly idle, middle and high loads. Each run of a load is a fresh
 * simulator, host and Chromium; the loads take turns (idle, middle, high, idle, …) so a slow phase
 * of a shared machine falls on all of them. Rows: each budgeted metric as the median of the runs
 * with its spread, judged like every other row (bench/lib/verdict.ts). Builds `dist/` first when
 * it is missing or older than `src/`; reports "not run" without Chromium. Smoke runs (npm test)
 * skip it: the e2e tests already prove the test bed runs.
 */
import { existsSync } from 'fs';
import { CHROMIUM_PATH } from '../../tests/e2e/support/browser';
import { defineCase } from '../lib/benchCase';
import { ensureBuild } from '../lib/ensureBuild';
import { ROOT } from '../lib/procs';
import type { BenchRow } from '../lib/results';
import { goalText, judge, spread } from '../lib/verdict';
import { LOADS, measureRun } from '../render/renderBudget';
import { GOALS, METRIC_LABELS, type MetricName, type WindowMetrics } from '../render/renderStats';

interface RenderSize {
  /** Undefined: not run (smoke). */
  windowMs?: number;
  warmUpMs: number;
}

const BENCHMARK = 'render budget';
/** Reported for every load besides its goals: what the goals summarise. */
const ALSO_SHOWN: MetricName[] = ['fps', 'longTaskMaxMs'];

const notRun = (why: string): BenchRow[] => [
  { benchmark: BENCHMARK, metric: 'all loads', unit: '', value: `not run: ${why}`, verdict: 'fact' },
];

export function renderRows(load: string, runs: readonly WindowMetrics[]): BenchRow[] {
  const goals = GOALS[load] ?? [];
  const metrics = [
    ...goals.map((goal) => goal.metric),
    ...ALSO_SHOWN.filter((m) => !goals.some((g) => g.metric === m)),
  ];
  return metrics.map((metric) => {
    const goal = goals.find((candidate) => candidate.metric === metric);
    const values = runs.map((run) => run[metric]);
    return {
      benchmark: `${BENCHMARK}, ${load}`,
      metric: METRIC_LABELS[metric],
      unit: '',
      value: spread(values),
      goal: goal === undefined ? undefined : goalText(goal),
      verdict: judge(values, goal),
      note: `Chromium, dashboard of four panels, serve ${LOADS[load].join(' ')}`,
    };
  });
}

export const renderCase = defineCase<RenderSize>({
  name: 'render',
  command:
    'bench/render/renderBudget.ts: the e2e dashboard in Chromium (built dist/), loads idle, middle, high in turn; rAF frame intervals, long tasks, CDP main-thread time, heap after GC',
  sizes: {
    smoke: { warmUpMs: 0 },
    quick: { warmUpMs: 5000, windowMs: 10_000 },
    full: { warmUpMs: 5000, windowMs: 30_000 },
  },
  run: async (size, { runs, log }) => {
    if (size.windowMs === undefined) {
      return notRun('smoke runs skip the browser (the e2e tests run the test bed)');
    }
    if (!existsSync(CHROMIUM_PATH)) {
      return notRun(
        `no Chromium at ${CHROMIUM_PATH} (bash scripts/ensure-system-deps.sh installs it, or set MCI_CHROMIUM)`
      );
    }
    ensureBuild(ROOT, log);
    const loads = Object.keys(LOADS);
    const results = new Map<string, WindowMetrics[]>(loads.map((load) => [load, []]));
    for (let run = 1; run <= runs; run += 1) {
      for (const load of loads) {
        const metrics = await measureRun(load, { warmUpMs: size.warmUpMs, windowMs: size.windowMs });
        log(
          `render ${load} run ${run}: ${metrics.fps.toFixed(1)} frames/s, busy ${metrics.busyPercent.toFixed(1)} %, ${metrics.longTaskCount} long tasks`
        );
        results.get(load)!.push(metrics);
      }
    }
    return loads.flatMap((load) => renderRows(load, results.get(load)!));
  },
});
