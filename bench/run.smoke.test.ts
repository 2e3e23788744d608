/**
 * `npm run bench -- --smoke` end to end: every registered case at a tiny size, one run each.
 * It proves the scripts work (servers start, baselines run, rows come back with numbers) and
 * asserts no timing: the numbers of a smoke run mean nothing.
 */
import { execFile } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';
import { CASES } from './cases/index';
import type { BenchRow } from './lib/results';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');
/** Generous: the smoke run starts about twenty processes, and CI runs other suites beside it. */
const TIMEOUT_MS = 240_000;

interface SmokeResult {
  mode: string;
  runs: number;
  rows: BenchRow[];
  machineSpeed: { byCase: Record<string, number>; factor: number };
}

let dir: string;
let result: SmokeResult;
let stdout: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mci-bench-smoke-'));
  const out = join(dir, 'smoke.json');
  ({ stdout } = await run(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench', 'run.ts'), '--smoke', '--out', out],
    {
      cwd: ROOT,
      timeout: TIMEOUT_MS,
      maxBuffer: 16 << 20,
    }
  ));
  result = JSON.parse(readFileSync(out, 'utf8')) as SmokeResult;
}, TIMEOUT_MS + 10_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const numbers = (row: BenchRow) => (typeof row.value === 'string' ? [] : row.value.runs);

describe('npm run bench -- --smoke', () => {
  it('runs every registered case once, in smoke mode', () => {
    expect(result.mode).toBe('smoke');
    expect(result.runs).toBe(1);
    expect(new Set(result.rows.map((row) => row.command))).toEqual(new Set(CASES.map((c) => c.command)));
  });

  it('reports the expected rows and no case failed', () => {
    expect(result.rows.filter((row) => row.verdict === 'failed')).toEqual([]);
    const count = (benchmark: string) => result.rows.filter((row) => row.benchmark === benchmark).length;
    expect({
      fanoutUnbatched: count('fan-out, unbatched'),
      fanoutBatched: count('fan-out, batched 10 ms'),
      latency: count('latency'),
      overload: count('overload'),
      ingest: count('client ingest'),
      throttle: count('client ingest, repaint throttle'),
      memory: count('memory'),
      symbolMemory: count('symbolMemory'),
      reconnect: count('reconnect'),
      loadTool: count('load tool'),
      engine: count('engine'),
      panels: count('panels render'),
      render: count('render budget'),
    }).toEqual({
      fanoutUnbatched: 2,
      fanoutBatched: 1,
      latency: 3,
      overload: 5,
      ingest: 1,
      throttle: 1,
      memory: 1,
      symbolMemory: 1,
      reconnect: 1,
      loadTool: 3,
      engine: 3,
      panels: 3,
      render: 1,
    });
  });

  it('gives every measured value as a finite number', () => {
    const bad = result.rows.filter((row) => numbers(row).some((value) => !Number.isFinite(value)));
    expect(bad.map((row) => `${row.benchmark}: ${row.metric}`)).toEqual([]);
    expect(result.rows.flatMap(numbers).length).toBeGreaterThan(15);
  });

  it('never judges a goal on one run: goals are "too few runs", the rest are facts', () => {
    const verdicts = new Set(result.rows.map((row) => (row.goal === undefined ? `fact:${row.verdict}` : row.verdict)));
    expect(verdicts).toEqual(new Set(['too few runs', 'fact:fact']));
  });

  it('prints the table with its legend', () => {
    expect(stdout).toContain('| verdict');
    expect(stdout).toContain('unstable = the runs straddle the goal or disagree by more than 2×');
  });

  it("takes the machine's speed before every case and prints it under the table", () => {
    expect(Object.keys(result.machineSpeed.byCase).sort()).toEqual(CASES.map((c) => c.name).sort());
    expect(Object.values(result.machineSpeed.byCase).every((speed) => speed > 0)).toBe(true);
    expect(result.machineSpeed.factor).toBeGreaterThanOrEqual(1);
    expect(stdout).toContain(
      'machine speed before each case (JSON round trips of an order event per ms, one thread): '
    );
  });
});
