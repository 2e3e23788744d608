/**
 * Memory under many symbols: a live market query (last 15 minutes, 1,000 points, so a 1 s
 * interval) fed 2,000 symbols at 20 ticks a second each, in real time for 60 s (10 s with
 * --quick), from fresh parsed messages. Prints the data source's heap growth after a forced GC at
 * both ends; the goal is under 30 MB. Baseline: the same rounds built and dropped without a query,
 * i.e. what the generator itself leaves behind.
 *
 *   npx tsx bench/cases/symbolMemory.ts [--quick]
 */
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import { floodSymbols, marketRound, startMarketQuery } from '../../src/datasource/testing/marketFlood';
import { round, type BenchRow } from '../lib/results';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const SYMBOLS = 2000;
const TICKS_PER_SECOND = 20;
const GOAL_MB = 30;

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Heap growth in MB over `seconds` of ticks, with or without the query ingesting them. */
async function growth(
  seconds: number,
  withQuery: boolean
): Promise<{ mb: number; frames: number; late: number; elapsedS: number }> {
  const symbols = floodSymbols(SYMBOLS);
  const start = Date.now();
  const query = withQuery ? startMarketQuery(start) : undefined;
  await sleep(150);
  const before = heapMb();
  const rounds = seconds * TICKS_PER_SECOND;
  let late = 0;
  let sink = 0;
  for (let n = 0; n < rounds; n++) {
    const due = start + (n * 1000) / TICKS_PER_SECOND;
    const wait = due - Date.now();
    if (wait > 0) {
      await sleep(wait);
    } else {
      late += 1;
    }
    for (const item of marketRound(symbols, Date.now(), n)) {
      if (query) {
        query.client.emit(item);
      } else {
        sink += item.receivedAt > 0 ? 1 : 0;
      }
    }
  }
  const elapsedS = (Date.now() - start) / 1000;
  await sleep(250);
  const frames = query?.latest().length ?? sink * 0;
  const after = heapMb();
  query?.subscription.unsubscribe();
  return { mb: after - before, frames, late, elapsedS };
}

export async function symbolMemory(plan: { seconds: number }): Promise<BenchRow[]> {
  const baseline = await growth(Math.min(plan.seconds, 5), false);
  const run = await growth(plan.seconds, true);
  return [
    {
      benchmark: 'symbolMemory',
      metric: `heap growth of a market query, ${SYMBOLS} symbols × ${TICKS_PER_SECOND} ticks/s for ${plan.seconds} s`,
      value: round(run.mb),
      unit: 'MB',
      baseline: 'the same rounds without a query',
      baselineValue: round(baseline.mb),
      ratio: null,
      goal: `< ${GOAL_MB} MB`,
      met: run.mb < GOAL_MB,
      note: `${run.frames} frames shown; ${run.late} of ${plan.seconds * TICKS_PER_SECOND} rounds started late, so the run took ${round(run.elapsedS, 0)} s (a busy CPU); the interval-per-point rule holds the rows to that span`,
      command: 'npx tsx bench/cases/symbolMemory.ts',
    },
  ];
}

if (process.argv[1]?.endsWith('symbolMemory.ts')) {
  const quick = process.argv.includes('--quick');
  void symbolMemory({ seconds: quick ? 10 : 60 }).then((rows) => {
    for (const row of rows) {
      console.log(
        `${row.metric}: ${row.value} ${row.unit} (goal ${row.goal}, ${row.met ? 'met' : 'NOT met'}); baseline ${row.baselineValue} MB; ${row.note}`
      );
    }
  });
}
