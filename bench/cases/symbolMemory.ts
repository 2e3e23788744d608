/**
 * Memory under many symbols: a live market query (last 15 minutes, 1,000 points, so a 1 s
 * interval) fed 2,000 symbols at 20 ticks a second each, in real time for 60 s (10 s with
 * --quick), from fresh parsed messages. Prints the data source's heap growth after a forced GC at
 * both ends; the goal is under 30 MB. Baseline: the same rounds built and dropped without a query,
 * i.e. what the generator itself leaves behind. The goal is set over the full 60 s.
 *
 *   npx tsx bench/cases/symbolMemory.ts [--quick]
 */
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import { floodSymbols, marketRound, startMarketQuery } from '../../src/datasource/testing/marketFlood';
import { defineCase } from '../lib/benchCase';
import { formatTable } from '../lib/report';
import { compare, fact, round } from '../lib/results';
import { interleave } from '../lib/verdict';

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

/** Registered by `bench/run.ts` (in `bench/cases/index.ts`); standalone below. */
export const symbolMemoryCase = defineCase<{ seconds: number }>({
  name: 'symbolMemory',
  command: `heapUsed after forced GC before/after a market query fed ${SYMBOLS} symbols × ${TICKS_PER_SECOND} ticks/s in real time`,
  sizes: { smoke: { seconds: 1 }, quick: { seconds: 10 }, full: { seconds: 60 } },
  run: async (size, { runs }) => {
    const { a: base, b: ours } = await interleave(
      runs,
      () => growth(Math.min(size.seconds, 5), false),
      () => growth(size.seconds, true)
    );
    const longest = Math.max(...ours.map((run) => run.elapsedS));
    const late = Math.max(...ours.map((run) => run.late));
    return [
      compare({
        benchmark: 'symbolMemory',
        metric: `heap growth of a market query, ${SYMBOLS} symbols × ${TICKS_PER_SECOND} ticks/s for ${size.seconds} s`,
        unit: 'MB',
        ours: ours.map((run) => round(run.mb)),
        baselineLabel: 'the same rounds without a query',
        base: base.map((run) => round(run.mb)),
        goal: { on: 'value', goal: { op: '<=', target: GOAL_MB }, text: `≤ ${GOAL_MB} MB` },
        noRatio: true,
        note: `${ours[0]?.frames ?? 0} frames shown; up to ${late} of ${size.seconds * TICKS_PER_SECOND} rounds started late, so a run took up to ${round(longest, 0)} s (a busy CPU); one point per 1 s interval holds the rows to that span`,
      }),
    ];
  },
});

if (process.argv[1]?.endsWith('symbolMemory.ts')) {
  // The full size is the registered case's 60 s run; --quick measures 10 s once.
  const rows = process.argv.includes('--quick')
    ? quickRows()
    : symbolMemoryCase.run({ mode: 'full', runs: 1, tmp: '', log: (message) => process.stderr.write(`${message}\n`) });
  void rows.then((table) => console.log(formatTable(table)));
}

async function quickRows() {
  const run = await growth(10, true);
  return [
    fact({
      benchmark: 'symbolMemory',
      metric: `heap growth of a market query, ${SYMBOLS} symbols × ${TICKS_PER_SECOND} ticks/s for 10 s`,
      unit: 'MB',
      value: [round(run.mb)],
      note: `goal ≤ ${GOAL_MB} MB over 60 s; the run took ${round(run.elapsedS, 0)} s`,
    }),
  ];
}
