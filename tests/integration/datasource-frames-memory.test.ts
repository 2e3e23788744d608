/**
 * The frame buffers stay bounded over 10^6 events: rows are capped, and heap growth (sampled with
 * process.memoryUsage after the buffers were filled once, so the bound measures steady state)
 * stays under 20 MB per channel kind. A full GC runs before each sample.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createChannelBuffer } from '../../src/datasource/frames';
import type { Channel } from '../../src/protocol';
import { eventOf, T0 } from '../../src/datasource/testing/items';

const EVENTS = 1_000_000;
const MAX_HEAP_GROWTH_BYTES = 20 * 1024 * 1024;

// A full collection before each sample, so the heap counts what the buffers keep, not garbage.
// The flag is set at run time because jest's workers do not run with --expose-gc.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function heapUsed(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

describe('frame buffers over 10^6 events', () => {
  it.each([
    ['orders', 1000],
    ['activity', 1000],
    ['account', 1000],
    ['market', 2000],
  ] as Array<[Channel, number]>)('keep %s bounded to %i rows with bounded heap growth', (channel, maxRows) => {
    const buffer = createChannelBuffer(channel, { bufferSize: 1000, maxDataPoints: 1000 });
    // A few distinct items reused: the test measures the buffer, not the generator.
    const warm = 5000;
    for (let n = 0; n < warm; n++) {
      buffer.push(eventOf(channel, T0 + n, n));
    }
    buffer.frames(T0 + warm);
    const before = heapUsed();
    let peak = before;
    for (let n = warm; n < EVENTS; n++) {
      buffer.push(eventOf(channel, T0 + n, n));
      if (n % 100_000 === 0) {
        buffer.frames(T0 + n);
        peak = Math.max(peak, heapUsed());
      }
    }
    const frames = buffer.frames(T0 + EVENTS);
    const after = heapUsed();
    console.log(`${channel}: ${EVENTS} events, ${buffer.size()} rows held, heap ${((after - before) / 1048576).toFixed(1)} MB after, peak +${((peak - before) / 1048576).toFixed(1)} MB`);
    expect(buffer.size()).toBe(maxRows);
    expect(frames.reduce((sum, frame) => sum + frame.length, 0)).toBe(maxRows);
    expect(after - before).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
  }, 60_000);
});
