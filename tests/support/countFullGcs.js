/**
 * Preloaded (`node --expose-gc -r`) into a process under test: 4 s in, once the process is busy,
 * forces one full garbage collection, then counts the full collections of its main thread in the
 * next 4 s and prints `full collections after the forced one: N` on stderr.
 */
const { PerformanceObserver, constants } = require('perf_hooks');

const FORCE_AT_MS = 4000;
const COUNT_FOR_MS = 4000;
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
    setTimeout(() => process.stderr.write(`full collections after the forced one: ${full}\n`), COUNT_FOR_MS).unref();
  }, 100).unref();
}, FORCE_AT_MS).unref();
