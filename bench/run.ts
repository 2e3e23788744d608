/**
 * `npm run bench` (full, for notes) and `npm run bench -- --quick` (CI, under two minutes): every
 * benchmark of issue 9 with its baseline measured in the same run, a table on stdout and
 * `bench/results/latest.json` with the numbers, the machine's facts and the commands. Other work
 * on the machine shares the cores, so read ratios, not absolute numbers. Asserts nothing.
 *
 *   npm run bench                  full
 *   npm run bench -- --quick       quick
 *   npm run bench -- --only fanout,latency
 */
import { execSync } from 'child_process';
import { cpus, loadavg, mkdtempSync, totalmem } from './lib/facts';
import { writeFileSync, rmSync } from 'fs';
import { join } from 'path';
import { fanout } from './cases/fanout';
import { ingest } from './cases/ingest';
import { latency } from './cases/latency';
import { loadTool } from './cases/loadTool';
import { memory } from './cases/memory';
import { reconnect } from './cases/reconnect';
import { record, ROOT } from './lib/procs';
import type { BenchRow } from './lib/results';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex === -1 ? undefined : args[onlyIndex + 1]?.split(',');

const P = quick
  ? {
      fanWindowMs: 1500,
      fanWarmupMs: 500,
      fanRecording: '45s',
      latWindowMs: 2000,
      latRecording: '12s',
      ingestEvents: 100_000,
      naiveEvents: 3000,
      memoryEvents: 1_000_000,
      restarts: 1,
      loadWindowMs: 2000,
    }
  : {
      fanWindowMs: 8000,
      fanWarmupMs: 1000,
      fanRecording: '150s',
      latWindowMs: 10_000,
      latRecording: '40s',
      ingestEvents: 500_000,
      naiveEvents: 10_000,
      memoryEvents: 1_000_000,
      restarts: 5,
      loadWindowMs: 10_000,
    };

interface Case {
  name: string;
  run: (tmp: string) => Promise<BenchRow[]> | BenchRow[];
  command: string;
}

/** ~1,576 events/s at speed 1 (orders and activity from 400 orders/s, plus the state channels). */
const FAN_RECORDING_RATE = 1576;
/**
 * The engine places the order flow at market ticks: at 100 ticks/s the events of a second are
 * spread over ten-millisecond steps instead of arriving as one burst each second.
 */
const LATENCY_TICKS_PER_SECOND = 100;
/** ≈ 2,000 orders + activity events per second (each order makes about four events over its life). */
const LATENCY_ORDERS_PER_SECOND = 230;

const CASES: Case[] = [
  {
    name: 'fanout',
    command:
      'mci-sim record --orders-per-second 400; mci-sim serve --replay FILE --speed 4 (8 batched) vs bench/lib/rawBroadcaster.ts; 100 clients in bench/lib/receiver.ts',
    run: async (tmp) => {
      const recording = join(tmp, 'fanout.ndjson');
      await record(recording, ['--duration', P.fanRecording, '--orders-per-second', '400']);
      return fanout({
        recording,
        speed: 4,
        recordedRate: FAN_RECORDING_RATE,
        clients: 100,
        warmupMs: P.fanWarmupMs,
        windowMs: P.fanWindowMs,
      });
    },
  },
  {
    name: 'latency',
    command: `mci-sim record --orders-per-second ${LATENCY_ORDERS_PER_SECOND} --market-ticks-per-second ${LATENCY_TICKS_PER_SECOND}; serve --replay FILE --speed 1 vs the raw broadcaster at speed 1; 100 clients on orders, activity`,
    run: async (tmp) => {
      const recording = join(tmp, 'latency.ndjson');
      await record(recording, [
        '--duration',
        P.latRecording,
        '--orders-per-second',
        String(LATENCY_ORDERS_PER_SECOND),
        '--market-ticks-per-second',
        String(LATENCY_TICKS_PER_SECOND),
      ]);
      return latency({ recording, clients: 100, warmupMs: 1000, windowMs: P.latWindowMs });
    },
  },
  {
    name: 'ingest',
    command: 'createChannelBuffer(...).push + frames() every 100 events vs createDataFrame per message, engine events',
    run: () => ingest({ events: P.ingestEvents, naiveEvents: P.naiveEvents }),
  },
  {
    name: 'memory',
    command: 'heapUsed after forced GC before/after 10^6 items through every channel buffer',
    run: () => memory({ events: P.memoryEvents }),
  },
  {
    name: 'reconnect',
    command: 'SIGTERM mci-sim serve, start it again on the same port; createMciClient vs raw ws retrying every 100 ms',
    run: () => reconnect({ restarts: P.restarts }),
  },
  {
    name: 'loadtool',
    command: 'mci-sim load --clients 100 vs artillery run (engine ws), mci-sim serve --orders-per-second 50',
    run: () => loadTool({ clients: 100, ordersPerSecond: 50, windowMs: P.loadWindowMs }),
  },
];

function gitCommit(): string {
  try {
    return execSync('git rev-parse --short HEAD', { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function printTable(rows: BenchRow[]): void {
  const cells = rows.map((r) => [
    r.benchmark,
    r.metric,
    `${r.value}${r.unit && typeof r.value === 'number' ? ` ${r.unit}` : ''}`,
    `${r.baselineValue}${r.unit && typeof r.baselineValue === 'number' ? ` ${r.unit}` : ''}`,
    r.ratio === null ? '-' : `${r.ratio}×`,
    r.goal,
    r.met === null ? '' : r.met ? 'met' : 'MISSED',
  ]);
  const header = ['benchmark', 'metric', 'value', 'baseline (same run)', 'ratio', 'goal', ''];
  const widths = header.map((h, i) => Math.min(70, Math.max(h.length, ...cells.map((c) => c[i].length))));
  const line = (c: string[]) => c.map((v, i) => v.slice(0, widths[i]).padEnd(widths[i])).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  cells.forEach((c) => console.log(line(c)));
  const notes = rows.filter((r) => r.note !== undefined);
  if (notes.length > 0) {
    console.log('\nnotes:');
    notes.forEach((r) => console.log(`  ${r.benchmark}: ${r.note}`));
  }
}

async function main(): Promise<void> {
  const tmp = mkdtempSync('mci-bench-');
  const started = Date.now();
  const facts = {
    cpus: cpus(),
    totalMemoryGb: totalmem(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverageAtStart: loadavg(),
  };
  const rows: BenchRow[] = [];
  const errors: Array<{ case: string; error: string }> = [];
  try {
    for (const c of CASES.filter((item) => only === undefined || only.includes(item.name))) {
      const t0 = Date.now();
      process.stderr.write(`bench: ${c.name}…\n`);
      try {
        const result = await c.run(tmp);
        rows.push(...result.map((row) => ({ command: c.command, ...row })));
      } catch (error) {
        errors.push({ case: c.name, error: error instanceof Error ? error.message : String(error) });
        rows.push({
          benchmark: c.name,
          metric: 'failed to run',
          value: 'error',
          unit: '',
          baseline: '',
          baselineValue: '',
          ratio: null,
          goal: '',
          met: null,
          note: String(error),
        });
      }
      process.stderr.write(`bench: ${c.name} took ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  printTable(rows);
  const result = {
    mode: quick ? 'quick' : 'full',
    at: new Date(started).toISOString(),
    seconds: Math.round((Date.now() - started) / 100) / 10,
    commit: gitCommit(),
    command: `npm run bench${quick ? ' -- --quick' : ''}`,
    machine: { ...facts, loadAverageAtEnd: loadavg() },
    noise:
      'other agents share these cores during the run; ratios against the same-run baselines are the numbers to read',
    rows,
    errors,
  };
  const out = join(ROOT, 'bench', 'results', 'latest.json');
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwrote ${out} (${result.seconds} s)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
