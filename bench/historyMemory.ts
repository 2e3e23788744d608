/**
 * What the resume history costs in memory while a server publishes: the engine at the overload
 * bench's rates (about 5,000 events/s) publishes for `--seconds` (default 20) into a ChannelHub
 * whose only listener lets every event go at once, so the history is the only thing that keeps
 * events. Prints one JSON line: how fast V8's old heap grew (the sum of its increases between
 * 100 ms samples, i.e. what was promoted, per second), the peaks of old heap, Buffers and RSS
 * over the start, the major collections, and what stays after a full collection at the end.
 * In-process and deterministic in the engine's work (a fixed seed, virtual time advanced by the
 * wall clock); compare two builds by running it alternately from each (docs/load.md, "Overload").
 *
 *   node --expose-gc --import tsx bench/historyMemory.ts [--seconds 20] [--history-size 1000]
 */
import { PerformanceObserver, constants } from 'perf_hooks';
import { getHeapSpaceStatistics } from 'v8';
import { createEngine } from '../simulator/engine';
import { ChannelHub } from '../simulator/server/ChannelHub';

const MB = 1024 * 1024;
const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const seconds = option('--seconds', 20);
const historySize = option('--history-size', 1000);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  throw new Error('Run with node --expose-gc: the script measures what stays after a full collection.');
}

const oldSpace = () => getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')!.space_used_size;
const start = Date.now();
const engine = createEngine({
  seed: 42,
  startTime: start,
  rates: { ordersPerSecond: 380, marketTicksPerSecond: 100 },
});
const hub = new ChannelHub('memory', historySize, 16 * MB);
let published = 0;
hub.onPublished(() => (published += 1));
let majors = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
    majors += kind === constants.NODE_PERFORMANCE_GC_MAJOR ? 1 : 0;
  }
}).observe({ entryTypes: ['gc'] });

function step(): void {
  const due = Date.now() - engine.now();
  if (due > 0) {
    for (const event of engine.advance(due)) {
      hub.publish(event.channel, event.data as never, event.time);
    }
  }
}

async function main(): Promise<void> {
  const ticker = setInterval(step, 5);
  // Settle: the busy channels' histories fill, JIT warms up; then measure from a full collection.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  gc!();
  const before = { old: oldSpace(), buffers: process.memoryUsage().arrayBuffers, rss: process.memoryUsage().rss };
  const publishedBefore = published;
  majors = 0;
  let promoted = 0;
  let lastOld = before.old;
  const peak = { old: 0, buffers: 0, rss: 0 };
  const sampler = setInterval(() => {
    const old = oldSpace();
    const usage = process.memoryUsage();
    promoted += Math.max(0, old - lastOld);
    lastOld = old;
    peak.old = Math.max(peak.old, old - before.old);
    peak.buffers = Math.max(peak.buffers, usage.arrayBuffers - before.buffers);
    peak.rss = Math.max(peak.rss, usage.rss - before.rss);
  }, 100);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  clearInterval(sampler);
  clearInterval(ticker);
  gc!();
  const after = process.memoryUsage();
  const round = (bytes: number) => Math.round((bytes / MB) * 10) / 10;
  console.log(
    JSON.stringify({
      eventsPerSecond: Math.round((published - publishedBefore) / seconds),
      oldHeapGrowthMbPerS: round(promoted / seconds),
      peakOverStartMb: { oldHeap: round(peak.old), buffers: round(peak.buffers), rss: round(peak.rss) },
      majorGcs: majors,
      keptAfterFullGcMb: { heap: round(after.heapUsed), buffers: round(after.arrayBuffers) },
    })
  );
}

void main();
