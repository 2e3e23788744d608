/**
 * Memory follows the data, not the capacity: a market query over 2,000 symbols ticking 20 times a
 * second holds only the points it shows (one per request interval) in growable typed columns, so
 * a few seconds of flow keep the heap growth far below what preallocating maxDataPoints per
 * symbol costs (about 64 MB here). Fresh parsed messages each round; a full GC before each sample.
 * The full 60 s run is `npx tsx bench/cases/symbolMemory.ts`.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { floodSymbols, marketRound, startMarketQuery } from '../../src/datasource/testing/marketFlood';

const SYMBOLS = 2000;
const TICKS_PER_SECOND = 20;
const SECONDS = 5;
const MAX_HEAP_GROWTH_BYTES = 30 * 1024 * 1024;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function heapUsed(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('a market query over 2,000 symbols', () => {
  it('keeps the heap growth under 30 MB for 20 ticks a second each', async () => {
    const symbols = floodSymbols(SYMBOLS);
    const start = Date.now();
    const query = startMarketQuery(start);
    await settle();
    const before = heapUsed();
    for (let n = 0; n < SECONDS * TICKS_PER_SECOND; n++) {
      for (const item of marketRound(symbols, start + (n * 1000) / TICKS_PER_SECOND, n)) {
        query.client.emit(item);
      }
    }
    await settle();
    const frames = query.latest();
    const after = heapUsed();
    query.subscription.unsubscribe();
    console.log(
      `market: ${SYMBOLS} symbols × ${TICKS_PER_SECOND * SECONDS} ticks, ${frames.length} frames, heap +${((after - before) / 1048576).toFixed(1)} MB`
    );
    expect(frames).toHaveLength(SYMBOLS);
    // One point per 1 s interval: 5 s of ticks touch 5 or 6 intervals.
    expect([SECONDS, SECONDS + 1]).toContain(frames[0].length);
    expect(after - before).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
  }, 60_000);

  it('forgets the symbols that stopped ticking once they were absent for the eviction window', async () => {
    const symbols = floodSymbols(200);
    const now = Date.now();
    const query = startMarketQuery(now, 1000);
    for (const item of marketRound(symbols, now - 5000, 0)) {
      query.client.emit(item);
    }
    for (const item of marketRound(symbols.slice(0, 10), now, 1)) {
      query.client.emit(item);
    }
    await settle();
    const shown = query.latest().map((frame) => frame.fields[1].labels?.symbol);
    query.subscription.unsubscribe();
    expect(shown).toEqual([...symbols.slice(0, 10)].sort());
  }, 20_000);
});
