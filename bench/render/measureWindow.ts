/**
 * Measuring one window of a page in Chromium: the DevTools protocol gives the renderer main
 * thread's task time (Performance.getMetrics TaskDuration) with no probe in the page, then a
 * probe in the page records requestAnimationFrame deltas and 'longtask' entries; the heap is
 * read after a forced GC before and after.
 */
import type { CDPSession, Page } from 'playwright-core';
import { median } from '../lib/verdict';
import type { WindowSample } from './renderStats';

interface Probe {
  frames: number[];
  longTasks: number[];
  last: number | undefined;
}

declare global {
  interface Window {
    mciRenderProbe?: Probe;
  }
}

/**
 * The page side of the probe: a requestAnimationFrame loop that records frame deltas and a
 * 'longtask' observer. Kept as text because tsx (esbuild) wraps named functions of this file in a
 * helper that does not exist in the page.
 */
const PROBE_SCRIPT = `(() => {
  if (!window.mciRenderProbe) {
    const probe = { frames: [], longTasks: [], last: undefined };
    window.mciRenderProbe = probe;
    const tick = (now) => {
      if (probe.last !== undefined) {
        probe.frames.push(now - probe.last);
      }
      probe.last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        probe.longTasks.push(entry.duration);
      }
    }).observe({ type: 'longtask' });
  }
  window.mciRenderProbe.frames = [];
  window.mciRenderProbe.longTasks = [];
})()`;

/** Starts (or restarts) the page's frame and long-task recording. */
async function resetProbe(page: Page): Promise<void> {
  await page.evaluate(PROBE_SCRIPT);
}

async function readProbe(page: Page): Promise<{ frames: number[]; longTasks: number[] }> {
  return page.evaluate(() => ({
    frames: window.mciRenderProbe?.frames ?? [],
    longTasks: window.mciRenderProbe?.longTasks ?? [],
  }));
}

async function taskMetrics(cdp: CDPSession): Promise<{ task: number; wall: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => metrics.find((metric) => metric.name === name)?.value ?? NaN;
  return { task: value('TaskDuration'), wall: value('Timestamp') };
}

/**
 * One reading of heap after GC moves by up to 1.4 MB from one second to the next on a busy page
 * (the frames on screen and the work in flight when the GC runs), as much as the budget allows the
 * heap to grow, so each end of the window takes the median of a few readings.
 */
const HEAP_READINGS = 5;
const HEAP_READING_GAP_MS = 200;

async function heapAfterGc(cdp: CDPSession): Promise<number> {
  const readings: number[] = [];
  for (let reading = 0; reading < HEAP_READINGS; reading += 1) {
    if (reading > 0) {
      await wait(HEAP_READING_GAP_MS);
    }
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    readings.push(usedSize);
  }
  return median(readings);
}

export async function openCdp(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return cdp;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Heap after GC; then `windowMs` of main-thread task time with nothing of ours in the page; then
 * `windowMs` of frames and long tasks with the probe running; then heap after GC again. The
 * probe's requestAnimationFrame loop makes Chromium produce a frame every vsync, which a quiet
 * dashboard would not (about 1.5 % of a core on an empty page), so the busy share is measured
 * before the probe starts rather than charged to the dashboard.
 */
export async function measureWindow(page: Page, cdp: CDPSession, windowMs: number): Promise<WindowSample> {
  const heapStartBytes = await heapAfterGc(cdp);
  const before = await taskMetrics(cdp);
  await wait(windowMs);
  const after = await taskMetrics(cdp);
  await resetProbe(page);
  const startedAt = Date.now();
  await wait(windowMs);
  const elapsed = Date.now() - startedAt;
  const { frames, longTasks } = await readProbe(page);
  const heapEndBytes = await heapAfterGc(cdp);
  return {
    frameIntervalsMs: frames,
    longTasksMs: longTasks,
    windowMs: elapsed,
    taskSeconds: after.task - before.task,
    wallSeconds: after.wall - before.wall,
    heapStartBytes,
    heapEndBytes,
  };
}
