/**
 * Load tool: `mci-sim load` vs Artillery (its WebSocket engine) driving the same simulator with
 * the same clients and subscription, runs interleaved (ours, Artillery, …). In a steady window
 * (all clients connected, then a settle period) it compares the events the server delivered to
 * each tool (server `/metrics`), what each tool itself counted, and the CPU each tool's process
 * tree used per delivered event (threads and reaped children included); and whether each can
 * measure push latency (Artillery's ws engine records no receive timing for unsolicited pushes).
 *
 * Like with like: both run on this process's Node, neither negotiates permessage-deflate (the
 * server offers none; Artillery's ws asks, ours does not), and both get the same server, already
 * warmed up by an unmeasured run. What differs is each tool's own choice: Artillery's ws 7 decodes
 * and validates every frame as UTF-8 and reads nothing; ours skips both and reads every event's
 * envelope (docs/load.md).
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { startSimulator, type RunningSimulator } from '../../tests/support/simulator';
import type { LoadReport } from '../../simulator/load/report';
import { CLI, ROOT, sleep, statFields } from '../lib/procs';
import { defineCase } from '../lib/benchCase';
import { compare, fact, round } from '../lib/results';
import { interleave, median } from '../lib/verdict';
import { rateInWindow } from '../lib/windowRate';

const ARTILLERY_DIR = join(ROOT, 'bench', 'artillery');
const ARTILLERY_BIN = join(ARTILLERY_DIR, 'node_modules', '.bin', 'artillery');
const CHANNELS = ['orders', 'activity', 'market'];

export interface LoadToolPlan {
  clients: number;
  ordersPerSecond: number;
  windowMs: number;
  /**
   * From all clients connected to the window's start: subscriptions, snapshots and JIT warm-up
   * settle first, and neither tool still works off a start-up backlog inside the window.
   */
  settleMs: number;
  installArtillery: boolean;
  /**
   * One unmeasured run of our tool against the fresh server first: the server's own warm-up (its
   * JIT, its first fan-outs) otherwise lands in the first pair's first run, which is always ours.
   */
  warmUp: boolean;
  /** Seconds each tool runs beyond the window: connecting (Artillery starts slowly) and settling. */
  marginSeconds: number;
}

/**
 * Artillery lives in its own prefix (`bench/artillery/`, its own lockfile), installed by
 * `npm run bench:artillery` or on first use by full and quick runs (the same `npm ci`), never into
 * the root lockfile; smoke runs (npm test) never install it. `PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD`:
 * Artillery depends on Playwright, whose install step would download a browser.
 */
export function ensureArtillery(install: boolean): { ok: true } | { ok: false; why: string } {
  if (existsSync(ARTILLERY_BIN)) {
    return { ok: true };
  }
  if (!install) {
    return { ok: false, why: 'Artillery is not installed in bench/artillery/ (a smoke run never installs it)' };
  }
  const result = spawnSync('npm', ['ci', '--prefix', ARTILLERY_DIR, '--no-audit', '--no-fund', '--ignore-scripts'], {
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
    encoding: 'utf8',
    timeout: 900_000,
  });
  return existsSync(ARTILLERY_BIN)
    ? { ok: true }
    : {
        ok: false,
        why: `npm ci --prefix bench/artillery failed (${result.status}): ${String(result.stderr).trim().split('\n').pop()}`,
      };
}

/**
 * CPU seconds of a process and all its descendants (Linux /proc), including descendants that
 * already ended and were waited for (their time moves into the parent's cutime/cstime), so the
 * total never goes down while the tree works. Undefined once the process itself is gone.
 */
function treeCpu(pid: number): number | undefined {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const ppid = Number(statFields(`/proc/${entry}/stat`)[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const visit = (id: number): boolean => {
    try {
      const fields = statFields(`/proc/${id}/stat`);
      // utime, stime, cutime, cstime (clock ticks, 1/100 s).
      total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
    } catch {
      return false;
    }
    (children.get(id) ?? []).forEach(visit);
    return true;
  };
  return visit(pid) ? total : undefined;
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

/** The measured window, epoch ms (the tool's own counts are read for the same span). */
interface Window {
  from: number;
  to: number;
}

interface ToolRun {
  delivered: number;
  cpu: number;
  seconds: number;
  /** Events/s the tool itself counted in the window; null when it counts none per window. */
  countedPerSecond: number | null;
  latencyP99Ms: number | null;
  /**
   * False when the run does not measure what the row compares: not every client connected before
   * the window, or the tool was gone before it ended (a slow machine can stretch either).
   */
  valid: boolean;
}

/** How long a tool may take to connect all its clients (Artillery starts slowly on a busy machine). */
const CONNECT_TIMEOUT_MS = 60_000;

/**
 * Start a tool, wait until the server sees all its clients, measure a window, then stop it with
 * `stop` (each tool runs far longer than the window, so it is still working when the window ends).
 */
async function drive(
  sim: RunningSimulator,
  plan: LoadToolPlan,
  start: () => ChildProcess,
  stop: (child: ChildProcess) => void,
  counted: (window: Window) => Promise<{ countedPerSecond: number | null; latencyP99Ms: number | null }>
): Promise<ToolRun> {
  // The previous tool's clients may still be closing: the count below must be this tool's own.
  for (let waited = 0; waited < CONNECT_TIMEOUT_MS && (await serverCounters(sim)).connected > 0; waited += 100) {
    await sleep(100);
  }
  const child = start();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    let connected = 0;
    for (let waited = 0; waited < CONNECT_TIMEOUT_MS; waited += 100) {
      connected = (await serverCounters(sim)).connected;
      if (connected >= plan.clients) {
        break;
      }
      await sleep(100);
    }
    await sleep(plan.settleMs);
    const before = await serverCounters(sim);
    const cpuBefore = treeCpu(child.pid!);
    const window = { from: Date.now(), to: Number.NaN };
    await sleep(plan.windowMs);
    const after = await serverCounters(sim);
    const cpuAfter = treeCpu(child.pid!);
    window.to = Date.now();
    const seconds = (window.to - window.from) / 1000;
    stop(child);
    await exited;
    const delivered = after.sent - before.sent;
    const valid = connected >= plan.clients && delivered > 0 && cpuBefore !== undefined && cpuAfter !== undefined;
    const cpu = valid ? cpuAfter! - cpuBefore! : Number.NaN;
    return { delivered, cpu, seconds, valid, ...(await counted(window)) };
  } finally {
    child.kill('SIGKILL');
  }
}

function runOurs(sim: RunningSimulator, plan: LoadToolPlan, dir: string, run: number): Promise<ToolRun> {
  const report = join(dir, `load-${run}.json`);
  return drive(
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
          `${runSeconds(plan)}s`,
          '--channels',
          CHANNELS.join(','),
          '--no-progress',
          '--out',
          report,
        ],
        { stdio: 'ignore' }
      ),
    // SIGINT: the load tool stops its clients and writes its report.
    (child) => child.kill('SIGINT'),
    async (window) => {
      const r = JSON.parse(readFileSync(report, 'utf8')) as LoadReport;
      // The seconds of its timeline inside the window, not its whole run (connecting and settling
      // would make the rate read low).
      const perSecond = rateInWindow(r.startedAt, r.timeline ?? [], window.from, window.to);
      return { countedPerSecond: perSecond, latencyP99Ms: r.summary.latency.p99Ms };
    }
  );
}

function runArtillery(sim: RunningSimulator, plan: LoadToolPlan, dir: string, run: number): Promise<ToolRun> {
  const script = join(dir, 'artillery.yml');
  const output = join(dir, `artillery-${run}.json`);
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
      `      - think: ${runSeconds(plan)}`,
      '',
    ].join('\n')
  );
  return drive(
    sim,
    plan,
    () =>
      // The same Node as ours (its bin starts with `#!/usr/bin/env node`, which may find another).
      spawn(process.execPath, [realpathSync(ARTILLERY_BIN), 'run', '--output', output, script], {
        stdio: 'ignore',
        env: { ...process.env, ARTILLERY_DISABLE_TELEMETRY: 'true' },
      }),
    (child) => child.kill('SIGKILL'),
    // Artillery's ws engine counts messages it sent, not pushes it received, times no receive, and
    // writes its report only at its end (it is stopped before): it has no count for the window.
    async () => ({ countedPerSecond: null, latencyP99Ms: null })
  );
}

/** Each tool is told to run this long and is stopped once the window ended. */
const runSeconds = (plan: LoadToolPlan) =>
  Math.ceil((CONNECT_TIMEOUT_MS + plan.settleMs + plan.windowMs) / 1000) + plan.marginSeconds;

export const loadToolCase = defineCase<LoadToolPlan>({
  name: 'loadtool',
  command: 'mci-sim load --clients N vs artillery run (engine ws), mci-sim serve --orders-per-second 50',
  sizes: {
    smoke: {
      clients: 3,
      ordersPerSecond: 20,
      // Long enough to hold a whole second of the tool's timeline (its counted rate).
      windowMs: 2500,
      settleMs: 1000,
      installArtillery: false,
      warmUp: false,
      marginSeconds: 3,
    },
    quick: {
      clients: 100,
      ordersPerSecond: 50,
      windowMs: 5000,
      settleMs: 3000,
      installArtillery: true,
      warmUp: true,
      marginSeconds: 6,
    },
    full: {
      clients: 100,
      ordersPerSecond: 50,
      windowMs: 10_000,
      settleMs: 3000,
      installArtillery: true,
      warmUp: true,
      marginSeconds: 6,
    },
  },
  run: async (plan, { runs, log }) => {
    const dir = mkdtempSync(join(tmpdir(), 'mci-bench-load-'));
    const sim = await startSimulator({ args: ['--orders-per-second', String(plan.ordersPerSecond)] });
    try {
      const artillery = ensureArtillery(plan.installArtillery);
      if (!artillery.ok) {
        log(`load tool: ${artillery.why}`);
      }
      if (plan.warmUp) {
        await runOurs(sim, plan, dir, -1);
      }
      const { a: ours, b: theirs } = await interleave(
        runs,
        (run) => runOurs(sim, plan, dir, run),
        artillery.ok ? (run) => runArtillery(sim, plan, dir, run) : undefined
      );
      const perEvent = (run: ToolRun) => round((run.cpu / Math.max(1, run.delivered)) * 1e6);
      const delivered = (list: ToolRun[]) => list.map((r) => Math.round(r.delivered / r.seconds));
      const counted = (list: ToolRun[]) =>
        list.map((r) => (r.countedPerSecond === null ? Number.NaN : Math.round(r.countedPerSecond)));
      const notRun = artillery.ok ? undefined : `not run: ${artillery.why}`;
      const p99s = ours.map((r) => r.latencyP99Ms);
      return [
        compare({
          benchmark: 'load tool',
          metric: `CPU µs per delivered event (${plan.clients} clients, ${Math.round(median(delivered(ours)))} events/s delivered)`,
          unit: 'µs',
          ours: ours.map(perEvent),
          baselineLabel: 'Artillery 2 ws engine, same clients',
          base: theirs.map(perEvent),
          baseMissing: notRun,
          goal: { on: 'ratio', goal: { op: '<=', target: 1 }, text: 'ratio ≤ 1' },
          invalidPairs: ours.map((run, i) => !run.valid || theirs[i]?.valid === false),
          note: `runs not measured (a tool not fully connected before the window, or gone before it ended): ours ${ours.filter((r) => !r.valid).length}, Artillery ${theirs.filter((r) => !r.valid).length}`,
        }),
        fact({
          benchmark: 'load tool',
          metric:
            'events/s the tool counted itself in the window (the server delivered, per its /metrics, in the note)',
          unit: '/s',
          value: counted(ours),
          baselineLabel: 'Artillery',
          base: notRun ?? (theirs.every((r) => r.countedPerSecond === null) ? 'counts none' : counted(theirs)),
          note: `the tool's per-second counts inside the CPU window; delivered by the server in that window: mci-sim load ${delivered(ours).join(', ')}; Artillery ${notRun === undefined ? delivered(theirs).join(', ') : 'not run'}`,
        }),
        fact({
          benchmark: 'load tool',
          metric: 'measures push latency (p99 ms of each run)',
          unit: '',
          value: p99s.every((p) => p !== null) ? `yes (${p99s.join(', ')})` : 'no',
          baselineLabel: 'Artillery',
          base: notRun ?? (theirs.some((r) => r.latencyP99Ms !== null) ? 'yes' : 'no (its ws engine times no receive)'),
        }),
      ];
    } finally {
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
});
