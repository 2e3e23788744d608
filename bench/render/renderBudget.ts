/**
 * Render budget of the e2e dashboard (positions, orders, activity, alerts feed) in Chromium: the
 * built plugins (`npm run build` first; this builds nothing) in the browser test bed against the
 * real simulator, at three loads: nearly idle (the e2e flow, 1 order/s), middle
 * (`--rate orders=200`) and high (`--rate market=10,orders=1000 --symbol-count 200`). Each run
 * starts a fresh simulator, host and Chromium, waits for the panels to fill, warms up 5 s, then
 * measures two 30 s windows: first the renderer main thread's busy share (CDP TaskDuration in
 * thread time over wall time) with no probe in the page, then, with a requestAnimationFrame probe
 * (which itself keeps Chromium drawing, so it stays out of the busy share), frames per second,
 * frame-interval p95/p99 and long tasks (count, total, max); the heap after GC is read before the
 * first and after the second. Three runs per load; prints medians with their spread and the
 * verdict against the budget. Asserts nothing.
 *
 *   npm run bench:render                  3 runs × 2 × 30 s windows per load (about 12 minutes)
 *   npm run bench:render -- --quick       1 run × 2 × 5 s windows (about 1 minute)
 *   npm run bench:render -- --load high   one load only (idle, middle or high; repeatable)
 *   npm run bench:render -- --runs 1      this many runs per load (to interleave two builds)
 *
 * MCI_E2E_DIST_DIR measures another build (e.g. a copy of an older dist/). The numbers depend on
 * the machine and on what else runs on it; see docs/load.md, "Render budget".
 */
import { DASHBOARD_PANELS, PANEL_IDS, SIMULATOR_ARGS } from '../../tests/e2e/support/dashboard';
import { waitForFilled } from '../../tests/e2e/support/panels';
import { DIST_DIR, startTestBed } from '../../tests/e2e/support/testBed';
import { measureWindow, openCdp } from './measureWindow';
import { summaryLines, type WindowMetrics, windowMetrics } from './renderStats';

export const LOADS: Record<string, string[]> = {
  idle: SIMULATOR_ARGS,
  middle: ['--seed', '7', '--rate', 'orders=200'],
  high: ['--seed', '7', '--rate', 'market=10,orders=1000', '--symbol-count', '200'],
};

interface Settings {
  runs: number;
  warmUpMs: number;
  windowMs: number;
  loads: string[];
}

function parseArgs(argv: string[]): Settings {
  const quick = argv.includes('--quick');
  const loads: string[] = [];
  argv.forEach((arg, index) => {
    if (arg === '--load') {
      loads.push(argv[index + 1] ?? '');
    }
  });
  for (const load of loads) {
    if (!(load in LOADS)) {
      throw new Error(`Unknown load "${load}": use one of ${Object.keys(LOADS).join(', ')}.`);
    }
  }
  const runsAt = argv.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : quick ? 1 : 3;
  if (!Number.isSafeInteger(runs) || runs < 1) {
    throw new Error(`Invalid --runs "${argv[runsAt + 1]}": give a whole number of runs per load, 1 or more.`);
  }
  return {
    runs,
    warmUpMs: 5000,
    windowMs: quick ? 5000 : 30_000,
    loads: loads.length > 0 ? loads : Object.keys(LOADS),
  };
}

/** One window of one load: a fresh simulator, host and Chromium, closed afterwards. */
export async function measureRun(
  load: string,
  settings: Pick<Settings, 'warmUpMs' | 'windowMs'>
): Promise<WindowMetrics> {
  const bed = await startTestBed(DASHBOARD_PANELS, { simulatorArgs: LOADS[load] });
  try {
    const { page, errors } = await bed.openPage({ theme: 'dark' });
    // The alerts feed fills only when a metric crosses a threshold, which these loads may not do.
    for (const panel of DASHBOARD_PANELS.filter((candidate) => candidate.id !== PANEL_IDS.alerts)) {
      await waitForFilled(page, panel);
    }
    const cdp = await openCdp(page);
    await new Promise((resolve) => setTimeout(resolve, settings.warmUpMs));
    const sample = await measureWindow(page, cdp, settings.windowMs);
    if (errors.length > 0) {
      console.error(`render budget: page errors during the ${load} run:\n${errors.join('\n')}`);
    }
    return windowMetrics(sample);
  } finally {
    await bed.close();
  }
}

async function main() {
  const settings = parseArgs(process.argv.slice(2));
  console.log(
    `render budget: ${DIST_DIR}, ${settings.runs} run(s) per load, ${settings.warmUpMs / 1000} s warm-up, ${settings.windowMs / 1000} s windows, ${new Date().toISOString()}`
  );
  const results: Record<string, WindowMetrics[]> = {};
  for (const load of settings.loads) {
    results[load] = [];
    for (let run = 1; run <= settings.runs; run++) {
      const metrics = await measureRun(load, settings);
      results[load].push(metrics);
      console.log(
        `  ${load} run ${run}: ${metrics.fps.toFixed(1)} frames/s, p95 ${metrics.frameP95Ms.toFixed(1)} ms, p99 ${metrics.frameP99Ms.toFixed(1)} ms, ${metrics.longTaskCount} long tasks (max ${metrics.longTaskMaxMs.toFixed(0)} ms), busy ${metrics.busyPercent.toFixed(1)} %`
      );
    }
  }
  console.log('\nload    metric                   median (min–max)       goal   verdict');
  for (const load of settings.loads) {
    for (const line of summaryLines(load, results[load])) {
      console.log(line);
    }
  }
  console.log(JSON.stringify({ bench: 'render-budget', settings, results }));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
