/**
 * Preloaded into a server under measurement (`NODE_OPTIONS=--require …/memoryProbe.js`): every
 * 200 ms it writes one line `{"memoryProbe":{…}}` with `process.memoryUsage()` to stderr, so a
 * benchmark can tell where resident memory went (V8 heap, Buffers outside it, or neither: native
 * allocations such as socket write requests) without the server knowing it is measured.
 */
'use strict';

const { writeSync } = require('fs');
const { isMainThread } = require('worker_threads');

const SAMPLE_MS = 200;
const MB = 1024 * 1024;

// `--require` in NODE_OPTIONS also runs in worker threads (the SQLite writer): their samples
// would interleave with the main thread's and make the breakdown meaningless.
if (isMainThread) {
  setInterval(() => {
    const usage = process.memoryUsage();
    const sample = {
      t: Date.now(),
      rssMb: usage.rss / MB,
      heapUsedMb: usage.heapUsed / MB,
      heapTotalMb: usage.heapTotal / MB,
      externalMb: usage.external / MB,
      arrayBuffersMb: usage.arrayBuffers / MB,
    };
    writeSync(2, `${JSON.stringify({ memoryProbe: sample })}\n`);
  }, SAMPLE_MS).unref();
}
