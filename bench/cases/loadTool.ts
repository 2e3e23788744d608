/**
 * Load tool: `mci-sim load` vs Artillery (its WebSocket engine) driving the same simulator with
 * the same 100 clients and subscription. In a steady window (all clients connected) it compares
 * the events the server delivered to each tool (server `/metrics`), what each tool itself
 * counted, and the CPU each tool's process tree used per delivered event; and whether each can
 * measure push latency (Artillery's ws engine records no receive timing for unsolicited pushes).
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { startSimulator, type RunningSimulator } from '../../tests/support/simulator';
import type { LoadReport } from '../../simulator/load/report';
import { CLI, ROOT, cpuSeconds, sleep } from '../lib/procs';
import { round, type BenchRow } from '../lib/results';

const ARTILLERY_DIR = join(ROOT, 'bench', 'artillery');
const ARTILLERY_BIN = join(ARTILLERY_DIR, 'node_modules', '.bin', 'artillery');
const CHANNELS = ['orders', 'activity', 'market'];

export interface LoadToolPlan {
  clients: number;
  ordersPerSecond: number;
  windowMs: number;
}

/** Artillery lives in its own prefix, installed on first use (never in the root lockfile). */
export function ensureArtillery(): { ok: true } | { ok: false; why: string } {
  if (existsSync(ARTILLERY_BIN)) {
    return { ok: true };
  }
  const result = spawnSync(
    'flock',
    ['/tmp/mci-npm.lock', 'npm', 'install', '--prefix', ARTILLERY_DIR, '--no-audit', '--no-fund', '--ignore-scripts'],
    { env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' }, encoding: 'utf8', timeout: 300_000 }
  );
  return existsSync(ARTILLERY_BIN)
    ? { ok: true }
    : {
        ok: false,
        why: `npm install --prefix bench/artillery failed (${result.status}): ${String(result.stderr).trim().split('\n').pop()}`,
      };
}

/** CPU seconds of a process and all its descendants (Linux /proc). */
function treeCpu(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const visit = (id: number) => {
    try {
      total += cpuSeconds(id);
    } catch {
      return;
    }
    (children.get(id) ?? []).forEach(visit);
  };
  visit(pid);
  return total;
}

async function serverCounters(sim: RunningSimulator): Promise<{ connected: number; sent: number }> {
  const text = await (await fetch(`${sim.httpUrl}/metrics`)).text();
  let sent = 0;
  let connected = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('mci_ws_messages_sent_total{')) {
      sent += Number(line.split(' ').pop());
    } else if (line.startsWith('mci_ws_clients_connected ')) {
      connected = Number(line.split(' ').pop());
    }
  }
  return { connected, sent };
}

interface ToolRun {
  delivered: number;
  cpu: number;
  seconds: number;
  counted: number | null;
  latencyP99Ms: number | null;
}

async function drive(
  sim: RunningSimulator,
  plan: LoadToolPlan,
  start: () => ChildProcess,
  counted: () => Promise<{ counted: number | null; latencyP99Ms: number | null }>
): Promise<ToolRun> {
  const child = start();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (let waited = 0; waited < 30_000 && (await serverCounters(sim)).connected < plan.clients; waited += 100) {
      await sleep(100);
    }
    await sleep(1000);
    const before = await serverCounters(sim);
    const cpuBefore = treeCpu(child.pid!);
    const startedAt = Date.now();
    await sleep(plan.windowMs);
    const after = await serverCounters(sim);
    const cpu = treeCpu(child.pid!) - cpuBefore;
    const seconds = (Date.now() - startedAt) / 1000;
    await exited;
    return { delivered: after.sent - before.sent, cpu, seconds, ...(await counted()) };
  } finally {
    child.kill('SIGKILL');
  }
}

export async function loadTool(plan: LoadToolPlan): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mci-bench-load-'));
  const sim = await startSimulator({ args: ['--orders-per-second', String(plan.ordersPerSecond)] });
  // Connecting (Artillery starts slowly) + 1 s settling + the window, with a margin.
  const runSeconds = Math.ceil(plan.windowMs / 1000) + 6;
  try {
    const report = join(dir, 'load.json');
    const ours = await drive(
      sim,
      plan,
      () =>
        spawn(
          process.execPath,
          [
            CLI,
            'load',
            '--url',
            sim.wsUrl,
            '--clients',
            String(plan.clients),
            '--duration',
            `${runSeconds}s`,
            '--channels',
            CHANNELS.join(','),
            '--no-progress',
            '--out',
            report,
          ],
          {
            stdio: 'ignore',
          }
        ),
      async () => {
        const r = JSON.parse(readFileSync(report, 'utf8')) as LoadReport;
        return { counted: r.totals.messages, latencyP99Ms: r.summary.latency.p99Ms };
      }
    );
    const artillery = ensureArtillery();
    let theirs: ToolRun | undefined;
    if (artillery.ok) {
      const script = join(dir, 'artillery.yml');
      writeFileSync(
        script,
        [
          'config:',
          `  target: "${sim.wsUrl}"`,
          '  phases:',
          `    - duration: 1`,
          `      arrivalCount: ${plan.clients}`,
          'scenarios:',
          '  - engine: ws',
          '    flow:',
          `      - send: '${JSON.stringify({ event: 'subscribe', data: { channels: CHANNELS } })}'`,
          `      - think: ${runSeconds}`,
          '',
        ].join('\n')
      );
      theirs = await drive(
        sim,
        plan,
        () =>
          spawn(ARTILLERY_BIN, ['run', '--output', join(dir, 'artillery.json'), script], {
            stdio: 'ignore',
            env: { ...process.env, ARTILLERY_DISABLE_TELEMETRY: 'true' },
          }),
        async () => {
          // Artillery's ws engine counts messages it sent, not pushes it received, and times no receive.
          const out = existsSync(join(dir, 'artillery.json'))
            ? (JSON.parse(readFileSync(join(dir, 'artillery.json'), 'utf8')) as {
                aggregate?: { counters?: Record<string, number> };
              })
            : {};
          const received = out.aggregate?.counters?.['websocket.messages_received'];
          return { counted: received ?? null, latencyP99Ms: null };
        }
      );
    }
    const perMessage = (run: ToolRun) => (run.cpu / Math.max(1, run.delivered)) * 1e6;
    const rows: BenchRow[] = [
      {
        benchmark: 'load tool',
        metric: `CPU µs per delivered event (${plan.clients} clients, ${Math.round(ours.delivered / ours.seconds)} events/s delivered)`,
        value: round(perMessage(ours)),
        unit: 'µs',
        baseline: 'Artillery 2 ws engine, same clients',
        baselineValue: theirs ? round(perMessage(theirs)) : `not run: ${artillery.ok ? '' : artillery.why}`,
        ratio: theirs ? round(perMessage(ours) / perMessage(theirs)) : null,
        goal: '< Artillery',
        met: theirs ? perMessage(ours) < perMessage(theirs) : null,
        command: `mci-sim load --clients ${plan.clients} --channels ${CHANNELS.join(',')}  vs  artillery run (engine: ws, send subscribe, think)`,
      },
      {
        benchmark: 'load tool',
        metric: 'events/s counted by the tool (server delivered)',
        value: `${Math.round((ours.counted ?? 0) / runSeconds)} (${Math.round(ours.delivered / ours.seconds)})`,
        unit: '/s',
        baseline: 'Artillery',
        baselineValue: theirs
          ? `${theirs.counted === null ? 'none' : Math.round(theirs.counted / runSeconds)} (${Math.round(theirs.delivered / theirs.seconds)})`
          : 'not run',
        ratio: null,
        goal: 'counts pushes',
        met: (ours.counted ?? 0) > 0,
      },
      {
        benchmark: 'load tool',
        metric: 'push latency measured (p99 ms)',
        value: ours.latencyP99Ms === null ? 'no' : `yes (${ours.latencyP99Ms})`,
        unit: '',
        baseline: 'Artillery',
        baselineValue: theirs ? (theirs.latencyP99Ms === null ? 'no' : 'yes') : 'not run',
        ratio: null,
        goal: 'measures push latency',
        met: ours.latencyP99Ms !== null,
      },
    ];
    return rows;
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
