/**
 * `npm run bench`: every case of `bench/cases/index.ts`, each measured against its baseline in
 * interleaved runs (A, B, A, B, …), a table on stdout (median and min–max of the runs, verdict)
 * and a JSON file with the rows, the machine's facts and the commands. Other work on the machine
 * shares the cores, so read ratios and spreads, not single numbers. Asserts nothing. The method
 * is in docs/load.md, "Benchmarks".
 *
 *   npm run bench                       full, for notes
 *   npm run bench -- --quick            quick (CI)
 *   npm run bench -- --smoke            tiny sizes, one run each: proves the cases run (npm test)
 *   npm run bench -- --only fanout,latency --runs 5 --out /tmp/bench.json
 *
 * After the cases (not in `--smoke`, or with `--only alerts`), the alert-latency drills of
 * `bench/alertLatency.ts`: they start the simulator, Prometheus and Alertmanager and take minutes,
 * too long for a registered case's smoke run.
 */
import { execSync } from 'child_process';
import { mkdirSync, rmSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { formatAlertLatency, runAlertLatency } from './alertLatency';
import { CASES } from './cases/index';
import type { Mode } from './lib/benchCase';
import { cpus, cpuSecondsWithChildren, loadavg, mkdtempSync, totalmem } from './lib/facts';
import { formatSpeeds, machineSpeed, speedSpread } from './lib/machineSpeed';
import { ROOT } from './lib/procs';
import { formatTable } from './lib/report';
import { failed, type BenchRow } from './lib/results';
import { MIN_RUNS } from './lib/verdict';

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
}

function gitCommit(): string {
  try {
    return execSync('git rev-parse --short HEAD', {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

/** `--only` name of the alert-latency drills (not a registered case). */
const ALERTS = 'alerts';

/**
 * Cases a smoke run starts beside the others: they run in this process, or time one child to an
 * answer, and count no events in a window: a busy machine slows them, but cannot empty what they
 * measure.
 */
const SMOKE_ALONGSIDE = new Set([
  'ingest',
  'memory',
  'symbolMemory',
  'engine',
  'panels',
  'render',
  'store',
  'metrics-query',
]);

const round1 = (value: number) => Math.round(value * 10) / 10;

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(1);
}

async function main(args: string[]): Promise<void> {
  const mode: Mode = args.includes('--smoke') ? 'smoke' : args.includes('--quick') ? 'quick' : 'full';
  const runsText = option(args, '--runs');
  const runs = runsText === undefined ? (mode === 'smoke' ? 1 : MIN_RUNS) : Number(runsText);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
    fail(`--runs ${runsText}: needs a whole number from 1 to 50 (at least ${MIN_RUNS} for a verdict).`);
  }
  const only = option(args, '--only')?.split(',');
  const unknown = only?.filter((name) => name !== ALERTS && !CASES.some((c) => c.name === name)) ?? [];
  if (unknown.length > 0) {
    fail(`--only ${unknown.join(',')}: no such case; the cases are ${CASES.map((c) => c.name).join(', ')}.`);
  }
  const out = option(args, '--out') ?? join(ROOT, 'bench', 'results', 'latest.json');
  const tmp = mkdtempSync('mci-bench-');
  const started = Date.now();
  const machine = {
    cpus: cpus(),
    totalMemoryGb: totalmem(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverageAtStart: loadavg(),
  };
  const cases = CASES.filter((item) => only === undefined || only.includes(item.name));
  const rowsOf = new Map<string, BenchRow[]>();
  const seconds: Record<string, number> = {};
  const cpuSeconds: Record<string, number> = {};
  const speeds: Record<string, number> = {};
  const cpuAtStart = cpuSecondsWithChildren();
  // A smoke run (npm test) runs the in-process cases beside the others: it proves that each runs,
  // its numbers mean nothing, and the cases that start servers spend most of it waiting for them.
  // Those keep one lane, one at a time, so no server waits behind another case's start-up.
  const overlap = mode === 'smoke';
  const lanes = overlap
    ? [cases.filter((c) => !SMOKE_ALONGSIDE.has(c.name)), cases.filter((c) => SMOKE_ALONGSIDE.has(c.name))]
    : [cases];
  const runCase = async (c: (typeof cases)[number]) => {
    // Before the case's clock starts: a quarter of a second of the bench's own thread.
    speeds[c.name] = machineSpeed(mode === 'smoke' ? 50 : 250);
    const t0 = Date.now();
    const cpu0 = cpuSecondsWithChildren();
    const tag = overlap ? `[${c.name}] ` : '';
    process.stderr.write(`bench: ${c.name} (${mode}, ${runs} run${runs === 1 ? '' : 's'} per side)…\n`);
    try {
      const result = await c.run({
        mode,
        runs,
        tmp,
        log: (message) => process.stderr.write(`bench:   ${tag}${message}\n`),
      });
      rowsOf.set(
        c.name,
        result.map((row) => ({ ...row, command: c.command }))
      );
    } catch (error) {
      rowsOf.set(c.name, [{ ...failed(c.name, error), command: c.command }]);
    }
    seconds[c.name] = round1((Date.now() - t0) / 1000);
    let cpu = 'CPU-s not per case: cases overlap in a smoke run';
    if (!overlap) {
      cpuSeconds[c.name] = round1(cpuSecondsWithChildren() - cpu0);
      cpu = `${cpuSeconds[c.name]} CPU-s in the bench and its ended children`;
    }
    process.stderr.write(`bench: ${c.name} took ${seconds[c.name]} s (${cpu}; load average ${loadavg()[0]})\n`);
  };
  try {
    await Promise.all(
      lanes.map(async (lane) => {
        for (const c of lane) {
          await runCase(c);
        }
      })
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  // In the order of CASES, however the lanes interleaved.
  const rows = cases.flatMap((c) => rowsOf.get(c.name) ?? []);
  console.log(formatTable(rows));
  console.log(`\n${formatSpeeds(speeds)}`);
  // The alert-latency drills start three processes and run for minutes: never in a smoke run.
  const alerts =
    mode !== 'smoke' && (only === undefined || only.includes(ALERTS))
      ? await runAlertLatency({
          drills: mode === 'quick' ? 3 : 10,
          log: (message) => process.stderr.write(`bench:   ${message}\n`),
        }).then(
          (result) => {
            console.log(`\n${formatAlertLatency(result)}`);
            return result;
          },
          (error: unknown) => ({ error: String(error) })
        )
      : undefined;
  const result = {
    mode,
    runs,
    at: new Date(started).toISOString(),
    seconds: Math.round((Date.now() - started) / 100) / 10,
    secondsPerCase: seconds,
    /** CPU of the bench process and its ended children per case (see cpuSecondsWithChildren); empty in a smoke run, whose cases overlap. */
    cpuSecondsPerCase: cpuSeconds,
    /** The same for the whole run. */
    cpuSeconds: round1(cpuSecondsWithChildren() - cpuAtStart),
    /** Round trips per ms of `bench/lib/machineSpeed.ts` before each case, and their spread. */
    machineSpeed: { byCase: speeds, ...speedSpread(speeds) },
    commit: gitCommit(),
    command: `npm run bench -- ${args.join(' ')}`.trim(),
    machine: { ...machine, loadAverageAtEnd: loadavg() },
    noise:
      'other work may share these cores during the run; each number is the median of interleaved runs with their spread',
    rows,
    alertLatency: alerts,
  };
  // A fresh clone has no bench/results/ (only its JSON files are ignored).
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwrote ${out} (${result.seconds} s)`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
