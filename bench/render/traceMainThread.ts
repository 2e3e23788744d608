/**
 * What keeps the renderer's main thread busy: the e2e dashboard in the test bed (as the render
 * budget loads it), traced through the DevTools protocol for a window, then the main thread's CPU
 * time summed per trace event (nested events are counted inside their parents too, so read the
 * list as a tree flattened) and per script entry point (which bundle's code ran: the plugins'
 * `module.js`, or the test bed host's own `startHost-*.js`, which also hosts React's scheduler).
 * `--save-trace <file>` writes the whole trace (all threads) for DevTools' Performance panel
 * ("Load profile"); `--invalidations` adds invalidation tracking to it (what made style, layout
 * and paint dirty, at a cost that inflates the numbers printed).
 * `--tasks N` lists the N longest tasks of the main thread with what ran inside each, wall time
 * next to CPU time (a task far longer in wall than in CPU waited for a core).
 * With `--profile <file>` it then samples a CPU profile of the page for another window, prints
 * the functions with the most total and self time and saves the profile for DevTools.
 * A diagnosis tool: prints, asserts nothing. docs/load.md, "Render budget", has what it found.
 *
 *   npx tsx bench/render/traceMainThread.ts [--load idle|middle|high] [--seconds 10] [--reduced-motion]
 *     [--save-trace <file.json> [--invalidations]] [--tasks N] [--profile <file.cpuprofile>]
 */
import { writeFileSync } from 'node:fs';
import type { CDPSession } from 'playwright-core';
import { DASHBOARD_PANELS, PANEL_IDS } from '../../tests/e2e/support/dashboard';
import { waitForFilled } from '../../tests/e2e/support/panels';
import { startTestBed } from '../../tests/e2e/support/testBed';
import { functionTimes, startCpuProfile } from './cpuProfile';
import { formatLongestTasks, longestTasks } from './longestTasks';
import { LOADS } from './renderBudget';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time, µs. */
  tdur?: number;
  args?: { name?: string; data?: { url?: string; functionName?: string; type?: string } };
}

const CATEGORIES = 'toplevel,devtools.timeline,disabled-by-default-devtools.timeline,blink,v8';
const INVALIDATIONS = 'disabled-by-default-devtools.timeline.invalidationTracking';
const WARM_UP_MS = 5000;
const TOP = 25;

function option(argv: string[], name: string, fallback: string): string {
  const at = argv.indexOf(name);
  return at === -1 ? fallback : (argv[at + 1] ?? fallback);
}

async function trace(cdp: CDPSession, ms: number, categories: string): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories, transferMode: 'ReportEvents' });
  await new Promise((resolve) => setTimeout(resolve, ms));
  await cdp.send('Tracing.end');
  await complete;
  return events;
}

/** The page's renderer main thread: the `CrRendererMain` with the most work. */
function mainThreadEvents(events: TraceEvent[]): TraceEvent[] {
  const threads = events
    .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map((e) => `${e.pid}:${e.tid}`);
  const byThread = threads.map((key) => events.filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === key));
  return byThread.sort((a, b) => b.length - a.length)[0] ?? [];
}

function printTop(title: string, totals: Map<string, { count: number; cpuMs: number }>, windowMs: number): void {
  console.log(`\n${title}\n   CPU ms  % wall  count  what`);
  [...totals]
    .sort((a, b) => b[1].cpuMs - a[1].cpuMs)
    .slice(0, TOP)
    .forEach(([what, { count, cpuMs }]) =>
      console.log(
        `${cpuMs.toFixed(1).padStart(9)} ${((100 * cpuMs) / windowMs).toFixed(1).padStart(7)} ${String(count).padStart(6)}  ${what}`
      )
    );
}

function add(totals: Map<string, { count: number; cpuMs: number }>, key: string, event: TraceEvent): void {
  const entry = totals.get(key) ?? { count: 0, cpuMs: 0 };
  entry.count += 1;
  entry.cpuMs += (event.tdur ?? event.dur ?? 0) / 1000;
  totals.set(key, entry);
}

async function main(argv: string[]): Promise<void> {
  const load = option(argv, '--load', 'idle');
  const windowMs = Number(option(argv, '--seconds', '10')) * 1000;
  if (!(load in LOADS)) {
    throw new Error(`Unknown load "${load}": use one of ${Object.keys(LOADS).join(', ')}.`);
  }
  const bed = await startTestBed(DASHBOARD_PANELS, { simulatorArgs: LOADS[load] });
  try {
    const { page } = await bed.openPage({ theme: 'dark' });
    if (argv.includes('--reduced-motion')) {
      await page.emulateMedia({ reducedMotion: 'reduce' });
    }
    for (const panel of DASHBOARD_PANELS.filter((candidate) => candidate.id !== PANEL_IDS.alerts)) {
      await waitForFilled(page, panel);
    }
    const cdp = await page.context().newCDPSession(page);
    await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
    const traceFile = option(argv, '--save-trace', '');
    const all = await trace(
      cdp,
      windowMs,
      argv.includes('--invalidations') ? `${CATEGORIES},${INVALIDATIONS}` : CATEGORIES
    );
    if (traceFile) {
      writeFileSync(traceFile, JSON.stringify({ traceEvents: all }));
    }
    const events = mainThreadEvents(all);
    const byName = new Map<string, { count: number; cpuMs: number }>();
    const byScript = new Map<string, { count: number; cpuMs: number }>();
    for (const event of events) {
      add(byName, event.name, event);
      if (['FunctionCall', 'TimerFire', 'FireAnimationFrame', 'EventDispatch'].includes(event.name)) {
        const data = event.args?.data ?? {};
        const script = (data.url ?? '').split('/').pop() || '(no script)';
        add(byScript, `${event.name} ${script} ${data.functionName ?? data.type ?? ''}`.trim(), event);
      }
    }
    console.log(`main thread, load ${load}, ${windowMs / 1000} s traced after ${WARM_UP_MS / 1000} s warm-up`);
    printTop('per trace event (nested: parents include their children)', byName, windowMs);
    printTop('per script entry point', byScript, windowMs);
    const taskCount = Number(option(argv, '--tasks', '0'));
    if (taskCount > 0) {
      console.log(`\nthe ${taskCount} longest tasks\n${formatLongestTasks(longestTasks(events, taskCount))}`);
    }
    const profileFile = option(argv, '--profile', '');
    if (profileFile) {
      const stop = await startCpuProfile(cdp);
      await new Promise((resolve) => setTimeout(resolve, windowMs));
      const profile = await stop();
      writeFileSync(profileFile, JSON.stringify(profile));
      const times = functionTimes(profile);
      const rows = (sorted: typeof times, pick: (time: (typeof times)[number]) => number) =>
        new Map(sorted.slice(0, TOP).map((time) => [time.what, { count: 0, cpuMs: pick(time) }]));
      printTop(
        `CPU profile, total time per function (saved to ${profileFile})`,
        rows(times, (t) => t.totalMs),
        windowMs
      );
      const bySelf = [...times].sort((a, b) => b.selfMs - a.selfMs);
      printTop(
        'CPU profile, self time per function',
        rows(bySelf, (t) => t.selfMs),
        windowMs
      );
    }
  } finally {
    await bed.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
