/**
 * Preloaded (`node --expose-gc -r`) into a process under test: forces one full garbage collection
 * once the process is busy, then counts the full collections of its main thread that follow, and
 * prints `full collections after the forced one: N` on stderr. The timings come from the
 * environment: COUNT_GC_AT_MS (default 4000) and COUNT_GC_FOR_MS (default 4000).
 */
const { PerformanceObserver, constants } = require('perf_hooks');

const at = Number(process.env.COUNT_GC_AT_MS ?? 4000);
const span = Number(process.env.COUNT_GC_FOR_MS ?? 4000);
let counting = false;
let full = 0;

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (counting && entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
      full += 1;
    }
  }
}).observe({ entryTypes: ['gc'] });

setTimeout(() => {
  global.gc();
  // The observer hears of the forced collection later, in a task of its own: count from the next one.
  setTimeout(() => {
    counting = true;
    setTimeout(() => process.stderr.write(`full collections after the forced one: ${full}\n`), span).unref();
  }, 100).unref();
}, at).unref();
