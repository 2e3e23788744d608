/**
 * Preloaded into a server under measurement (`NODE_OPTIONS=--require …/memoryProbe.js`): every
 * 200 ms it writes one line `{"memoryProbe":{…}}` with `process.memoryUsage()` to stderr, so a
 * benchmark can tell where resident memory went (V8 heap, Buffers outside it, or neither: native
 * allocations such as socket write requests) without the server knowing it is measured.
 *
 * It also splits RSS into anonymous pages (`RssAnon`: heaps, Buffers, malloc) and file-backed
 * ones (`RssFile`: the node binary, shared libraries, mapped files such as SQLite's), and counts
 * V8's full (mark-compact) collections: pages a full collection frees stay in RSS until the
 * allocator returns them, so when RSS was taken relative to the first one tells a ramp from a leak.
 */
'use strict';

const { readFileSync, writeSync } = require('fs');
const { PerformanceObserver, constants } = require('perf_hooks');
const { isMainThread } = require('worker_threads');

const SAMPLE_MS = 200;
const MB = 1024 * 1024;

/** `RssAnon` and `RssFile` of /proc/self/status in MB (NaN where there is no procfs). */
function rssKinds() {
  let status = '';
  try {
    status = readFileSync('/proc/self/status', 'utf8');
  } catch {
    return { rssAnonMb: NaN, rssFileMb: NaN };
  }
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssAnonMb: kb('RssAnon') / 1024, rssFileMb: kb('RssFile') / 1024 };
}

// `--require` in NODE_OPTIONS also runs in worker threads (the SQLite writer): their samples
// would interleave with the main thread's and make the breakdown meaningless.
if (isMainThread) {
  let majorGcs = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      // `detail.kind` since Node 16; `kind` on the entry itself before (deprecated since).
      const kind = entry.detail?.kind ?? entry.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        majorGcs += 1;
      }
    }
  }).observe({ entryTypes: ['gc'] });
  setInterval(() => {
    const usage = process.memoryUsage();
    const sample = {
      t: Date.now(),
      rssMb: usage.rss / MB,
      ...rssKinds(),
      heapUsedMb: usage.heapUsed / MB,
      heapTotalMb: usage.heapTotal / MB,
      externalMb: usage.external / MB,
      arrayBuffersMb: usage.arrayBuffers / MB,
      majorGcs,
    };
    writeSync(2, `${JSON.stringify({ memoryProbe: sample })}\n`);
  }, SAMPLE_MS).unref();
}
