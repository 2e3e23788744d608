/**
 * `mci-sim load` against the real simulator for a few seconds: the report has non-empty
 * histograms and no gaps, a failing threshold makes the exit code non-zero and names it, and
 * `load merge` of two reports adds up to their totals.
 */
import { execFile, spawn } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { decodeHistogram } from '../../simulator/load/histogram';
import type { LoadReport } from '../../simulator/load/report';
import { startSimulator, type RunningSimulator } from '../support/simulator';

jest.setTimeout(40_000);

const CLI = join(__dirname, '..', '..', 'bin', 'mci-sim.js');
const dir = mkdtempSync(join(tmpdir(), 'mci-load-'));
let sim: RunningSimulator;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function load(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'load', ...args], { timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr })
    );
  });
}

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as LoadReport;
const count = (encoded: string) => decodeHistogram(encoded, 'test').totalCount;

beforeAll(async () => {
  sim = await startSimulator({ args: ['--orders-per-second', '20', '--heartbeat-interval', '1s'] });
});

afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('measures a short run, passes its thresholds and merges two reports into their totals', async () => {
  const base = [
    '--url',
    sim.wsUrl,
    '--clients',
    '4',
    '--duration',
    '3s',
    '--channels',
    'orders,activity,market',
    '--no-progress',
  ];
  const passing = [
    '--threshold',
    'gaps==0',
    '--threshold',
    'errors==0',
    '--threshold',
    'latency.p99<30s',
    '--threshold',
    'connect.p95<10s',
  ];
  const [a, b] = await Promise.all([
    load([...base, ...passing, '--out', join(dir, 'a.json')]),
    load([...base, '--batch-ms', '10', '--out', join(dir, 'b.json')]),
  ]);
  expect(a).toMatchObject({ code: 0 });
  expect(b).toMatchObject({ code: 0 });
  expect(a.stdout).toContain('PASS  gaps==0');

  const reportA = read(join(dir, 'a.json'));
  const reportB = read(join(dir, 'b.json'));
  for (const report of [reportA, reportB]) {
    expect(report.passed).toBe(true);
    expect(report.totals.gaps).toBe(0);
    expect(report.totals.connected).toBe(4);
    expect(report.totals.messages).toBeGreaterThan(0);
    expect(count(report.histograms.latency)).toBeGreaterThan(0);
    expect(count(report.histograms.connect)).toBe(4);
    expect(count(report.histograms.subscribe)).toBe(4);
    expect(count(report.channels.orders.latency)).toBeGreaterThan(0);
    expect(report.summary.latency.count).toBe(count(report.histograms.latency));
  }
  expect(reportB.sources[0].batchMs).toBe(10);

  const merged = join(dir, 'merged.json');
  const merge = await load(['merge', join(dir, 'a.json'), join(dir, 'b.json'), '--out', merged]);
  expect(merge.code).toBe(0);
  const total = read(merged);
  expect(total.totals.messages).toBe(reportA.totals.messages + reportB.totals.messages);
  expect(total.totals.bytes).toBe(reportA.totals.bytes + reportB.totals.bytes);
  expect(total.totals.connected).toBe(8);
  expect(count(total.histograms.latency)).toBe(count(reportA.histograms.latency) + count(reportB.histograms.latency));
  expect(total.channels.orders.messages).toBe(reportA.channels.orders.messages + reportB.channels.orders.messages);
  expect(total.sources).toHaveLength(2);
});

it('exits non-zero naming the threshold that failed', async () => {
  const run = await load([
    '--url',
    sim.wsUrl,
    '--clients',
    '2',
    '--duration',
    '2s',
    '--channels',
    'orders',
    '--no-progress',
    '--threshold',
    'gaps==0',
    '--threshold',
    'latency.p50<0.001ms',
  ]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('threshold failed: latency.p50<0.001ms');
  expect(run.stderr).not.toContain('gaps==0');
  expect(run.stdout).toContain('FAIL  latency.p50<0.001ms');
});

it('spreads clients over worker processes, churns connections and serves live metrics while running', async () => {
  const out = join(dir, 'workers.json');
  const child = spawn(process.execPath, [
    CLI,
    'load',
    '--url',
    sim.wsUrl,
    '--clients',
    '6',
    '--workers',
    '2',
    '--churn',
    '3',
    '--duration',
    '4s',
    '--channels',
    'orders,market',
    '--prometheus-port',
    '0',
    '--out',
    out,
  ]);
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let metrics = '';
  // Bounded (30 s): starting tsx and two workers is slow on a busy machine.
  for (let i = 0; i < 300 && !/clients 6\/6/.test(stderr); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const port = /live metrics on http:\/\/127\.0\.0\.1:(\d+)\/metrics/.exec(stderr)?.[1];
  expect(port).toBeDefined();
  metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  expect(await exited).toBe(0);
  expect(metrics).toMatch(/^mci_load_connections_open \d+/m);
  expect(metrics).toMatch(/^mci_load_messages_total \d+/m);
  // One progress line a second, from the parent, over both workers.
  expect(stderr).toMatch(/\[\s*\d\/4s\]  clients \d\/6  msgs [\d,]+\/s/);
  const report = read(out);
  expect(report.sources).toEqual([expect.objectContaining({ workers: 2, clients: 6 })]);
  expect(report.totals.churned).toBeGreaterThan(0);
  // A connection opened by the last churn step may not have been acknowledged before the end.
  expect(report.totals.connected).toBeGreaterThan(6);
  expect(report.totals.connected).toBeLessThanOrEqual(6 + report.totals.churned);
  expect(report.totals.gaps).toBe(0);
  expect(count(report.histograms.connect)).toBeGreaterThanOrEqual(report.totals.connected);
  expect(count(report.histograms.latency)).toBeGreaterThan(0);
});

it('renders a report as one HTML page and checks every frame with --validate', async () => {
  const out = join(dir, 'validated.json');
  const run = await load([
    '--url',
    sim.wsUrl,
    '--clients',
    '2',
    '--duration',
    '2s',
    '--channels',
    'orders,market',
    '--validate',
    '--no-progress',
    '--out',
    out,
  ]);
  expect(run.code).toBe(0);
  const report = read(out);
  expect(report.sources[0].validate).toBe(true);
  expect(report.totals.messages).toBeGreaterThan(0);
  const html = join(dir, 'report.html');
  const rendered = await load(['report', out, '--html', html]);
  expect(rendered).toMatchObject({ code: 0, stdout: `${html}\n` });
  const page = readFileSync(html, 'utf8');
  expect(page).toContain('<figcaption>Latency percentiles per second</figcaption>');
  expect(page).not.toMatch(/<script|<link|(src|href)\s*=/i);
  const missing = await load(['report', join(dir, 'missing.json'), '--html', html]);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain(`load report: cannot read ${join(dir, 'missing.json')}`);
});

it('refuses a bad threshold before connecting, saying how to write one', async () => {
  const run = await load(['--url', sim.wsUrl, '--threshold', 'latency<5']);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('--threshold "latency<5": latency needs one statistic; write latency.p99');
});
