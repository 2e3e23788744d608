/**
 * Overload: the simulator publishes about 5,000 events/s and settles first: the readers connect
 * after its first full (mark-compact) collection later than 5 s after ready, or 60 s without one
 * (no wait in smoke runs), since a fresh server's RSS climbs for its first tens of seconds under
 * this load and the window is about overload, not start-up (the ramp is its own row). Reading
 * clients connect and read first, then a window (60 s, 20 s with --quick) starts, and at its start
 * 100 clients connect, subscribe to every channel and stop reading (their TCP sockets paused after
 * `subscribed`). Prints the server's RSS growth over the window (goal < 100 MB), the kernel's TCP
 * buffer memory over it (a fact, machine-wide: each stalled socket's send buffer, outside RSS),
 * how many stalled clients the server closed with the slow-consumer reason (close 4004, read from
 * its log: a paused client cannot read its own close frame), and the readers' p99 latency over the
 * same window, next to an unloaded run: the same server, settling, readers, offered load and window
 * with no stalled clients (goal within 2×). Runs alternate. Loopback only; the server is a child
 * process, so its RSS is its own. Other work on the machine shares the cores: read the ratio, not
 * the ms.
 *
 *   npx tsx bench/cases/overload.ts [--quick] [--runs N] [-- SERVE_FLAGS…]
 *   e.g. `-- --send-buffer-bytes 0` to see what the kernel's own send-buffer sizing costs.
 *   `overloadCase` is the same measurement for `bench/run.ts` (register it in `bench/cases/index.ts`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import WebSocket from 'ws';
import { startSimulator, type RunningSimulator } from '../../tests/support/simulator';
import { spawn } from 'child_process';
import { sleep } from '../lib/procs';
import type { ReceiverPlan, ReceiverResult } from '../lib/receiver';
import { defineCase, type Mode } from '../lib/benchCase';
import { formatTable } from '../lib/report';
import { compare, fact, round, type BenchRow } from '../lib/results';
import { interleave, median } from '../lib/verdict';
import { kernelTcpMemoryMb, maxSendBufferMb } from '../lib/kernelTcpMemory';

export interface OverloadPlan {
  /** Extra `mci-sim serve` flags, to see how a limit changes the numbers. */
  serveArgs?: string[];
  stalledClients: number;
  readingClients: number;
  windowMs: number;
  warmupMs: number;
  /**
   * How long the server may publish, at most, before the readers connect, waiting for its first
   * full (mark-compact) collection after it was ready. A fresh server's RSS climbs for its first
   * tens of seconds under this load (V8 lets its old generation and its Buffers grow to their
   * initial limits before a first full collection, and RSS keeps the pages it frees), which is
   * start-up, not overload: a window that started on that ramp measured where on it it started.
   */
  settleMaxMs: number;
  /**
   * A full collection in the first seconds after ready is one of start-up's (the last modules
   * loading, the first engine steps), not the end of the ramp: only one after this counts.
   */
  settleMinMs: number;
}

/**
 * With 100 market ticks/s the engine publishes about 5,000 events/s at this order rate once it has
 * run for half a minute, when the window starts (measured 30–60 s after start: 560 orders/s →
 * 4,230 events/s, 680 → 5,940; each order also yields activity and strategy events, and the
 * first seconds publish more). The bench prints the rate it measured in the window.
 */
const ORDERS_PER_SECOND = 620;
/** Market ticks per second: the order flow is placed at ticks, so 100/s spreads it over 10 ms steps. */
const MARKET_TICKS_PER_SECOND = 100;
const ALL_CHANNELS = [
  'positions',
  'orders',
  'account',
  'health',
  'market',
  'activity',
  'services',
  'alerts',
  'strategy',
];
/** What the reading clients measure: the ~300–400-byte event messages. */
const READ_CHANNELS = ['orders', 'activity'];
const RSS_SAMPLE_MS = 250;
/** Generous: on a loaded machine a server busy publishing answers upgrades late. */
const CONNECT_TIMEOUT_MS = 120_000;
const CONNECT_GROUP = 10;

/** The start-up ramp of one run's server, before its window (MB of RSS, seconds since ready). */
export interface Ramp {
  /** When `/readyz` first answered. */
  rssReadyMb: number;
  /** The highest RSS from ready to the window's start. */
  rssPeakMb: number;
  /** At the window's start (the same number as the window's `rssStartMb`). */
  rssWindowStartMb: number;
  /** When the full collection that ended the settling came, or undefined when none came in `waitedSeconds`. */
  firstFullGcSeconds: number | undefined;
  waitedSeconds: number;
}

interface RunResult {
  publishedPerSecond: number;
  ramp: Ramp;
  /** Before any stalled client connected. */
  rssStartMb: number;
  rssPeakMb: number;
  rssEndMb: number;
  /** The kernel's TCP buffers, machine-wide, at the window's start and their highest in it. */
  tcpStartMb: number;
  tcpPeakMb: number;
  slowConsumerCloses: number;
  /** How long the stalled clients took to connect and get `subscribed` (groups of `CONNECT_GROUP`). */
  connectSeconds: number;
  /** The server's own `process.memoryUsage()` at its highest RSS sample (see memoryProbe.js). */
  atPeak: MemorySample;
  /** The same before the stalled clients connected. */
  atStart: MemorySample;
  reading: ReceiverResult;
}

/** One line of `bench/lib/memoryProbe.js`, in MB. */
export interface MemorySample {
  t: number;
  rssMb: number;
  /** RSS in anonymous pages (heaps, Buffers, malloc) and file-backed ones (binary, libraries, mapped files). */
  rssAnonMb: number;
  rssFileMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  /** Full (mark-compact) collections of the main isolate since the process started. */
  majorGcs: number;
}

const MEMORY_PROBE = join(__dirname, '..', 'lib', 'memoryProbe.js');
const RECEIVER = join(__dirname, '..', 'lib', 'receiver.ts');

/** The probe's samples from the server's log, in the order written (lines that do not parse skipped). */
export function memorySamples(log: string): MemorySample[] {
  const samples: MemorySample[] = [];
  for (const line of log.split('\n')) {
    if (line.startsWith('{"memoryProbe":')) {
      try {
        samples.push((JSON.parse(line) as { memoryProbe: MemorySample }).memoryProbe);
      } catch {
        // The server's stdout and stderr reach the log as chunks of two pipes: a line the other
        // pipe's chunk split is one lost sample, not a reason to stop the run.
      }
    }
  }
  return samples;
}

const NO_SAMPLE: MemorySample = {
  t: 0,
  rssMb: NaN,
  rssAnonMb: NaN,
  rssFileMb: NaN,
  heapUsedMb: NaN,
  heapTotalMb: NaN,
  externalMb: NaN,
  arrayBuffersMb: NaN,
  majorGcs: NaN,
};

/**
 * The first sample after `from` that counts a full collection more than the last sample taken by
 * then: the collections while modules load and the server starts are not the settling.
 */
export function firstFullGcAfter(samples: readonly MemorySample[], from: number): MemorySample | undefined {
  const before = samples.filter((s) => s.t <= from).pop() ?? samples[0];
  return before === undefined ? undefined : samples.find((s) => s.t > from && s.majorGcs > before.majorGcs);
}

/** How often the settling reads the probe's samples from the server's log. */
const SETTLE_POLL_MS = 200;

/**
 * Waits, at most `maxMs` after `readyAt`, for the server's first full collection later than
 * `minMs` after it.
 */
async function settle(
  sim: RunningSimulator,
  readyAt: number,
  { minMs, maxMs }: { minMs: number; maxMs: number }
): Promise<{ firstFullGcSeconds: number | undefined; waitedSeconds: number }> {
  await sleep(Math.min(minMs, maxMs));
  for (;;) {
    const found = firstFullGcAfter(memorySamples(sim.output()), readyAt + minMs);
    if (found !== undefined || Date.now() - readyAt >= maxMs) {
      return {
        firstFullGcSeconds: found === undefined ? undefined : (found.t - readyAt) / 1000,
        waitedSeconds: (Date.now() - readyAt) / 1000,
      };
    }
    await sleep(SETTLE_POLL_MS);
  }
}

function peakSample(samples: MemorySample[], from: number): MemorySample {
  const after = samples.filter((s) => s.t >= from);
  return after.length === 0 ? NO_SAMPLE : after.reduce((a, b) => (b.rssMb > a.rssMb ? b : a));
}

function sampleBefore(samples: MemorySample[], before: number): MemorySample {
  return samples.filter((s) => s.t < before).pop() ?? NO_SAMPLE;
}

const rssMb = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN) / 1024;
};

async function publishedSeqs(sim: RunningSimulator): Promise<number> {
  const snapshot = (await (await fetch(`${sim.httpUrl}/api/telemetry/snapshot`)).json()) as {
    seq: Record<string, number>;
  };
  return Object.values(snapshot.seq).reduce((sum, seq) => sum + seq, 0);
}

/**
 * A client that subscribes to every channel, then stops reading once `subscribed` arrived.
 * Resolves with its socket and the connection id the server gave it (to find its close in the log).
 */
function stalledClient(url: string): Promise<{ ws: WebSocket; connectionId: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    let stage = 'connecting';
    let connectionId = '';
    const timer = setTimeout(
      () =>
        reject(
          new StalledClientError(
            `a stalled client did not get \`subscribed\` within ${CONNECT_TIMEOUT_MS / 1000} s (last step: ${stage})`,
            connectionId
          )
        ),
      CONNECT_TIMEOUT_MS
    );
    ws.on('error', () => undefined);
    // Closed before `subscribed` arrived: on a machine too busy for this process to read its
    // sockets in time, the server rightly closes it as a slow consumer before it ever stalled.
    ws.once('close', (code) => {
      clearTimeout(timer);
      reject(
        new StalledClientError(`a stalled client was closed (${code}) before it read \`subscribed\``, connectionId)
      );
    });
    ws.once('open', () => {
      stage = 'open, subscribe sent';
      ws.send(JSON.stringify({ event: 'subscribe', data: { channels: ALL_CHANNELS } }));
    });
    ws.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      if (text.startsWith('{"event":"connection:ack"')) {
        connectionId = (JSON.parse(text) as { data: { connectionId: string } }).data.connectionId;
        stage = `connection:ack read (${connectionId})`;
      } else if (text.startsWith('{"event":"subscribed"')) {
        clearTimeout(timer);
        stage = 'subscribed';
        ws.pause();
        resolve({ ws, connectionId });
      }
    });
  });
}

class StalledClientError extends Error {
  constructor(
    message: string,
    readonly connectionId: string
  ) {
    super(message);
  }
}

/** What the server logged about one connection, to tell a silent server from a slow client. */
function serverLinesAbout(log: string, connectionId: string): string {
  if (connectionId === '') {
    return 'no connection id (connection:ack never read)';
  }
  const lines = log.split('\n').filter((line) => line.includes(connectionId));
  return lines.length === 0 ? `the server logged nothing about ${connectionId}` : lines.join('\n');
}

/**
 * The reading clients (`bench/lib/receiver.ts` in a child process): resolves `connected` once
 * every reader's socket is open, and `result` when their window is over. The receiver starts its
 * window `warmupMs` after it reports connected, so the caller can line up what it does with it.
 */
function startReaders(plan: ReceiverPlan): { connected: Promise<void>; result: Promise<ReceiverResult> } {
  const child = spawn(process.execPath, ['--import', 'tsx', RECEIVER, JSON.stringify(plan)], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const result = new Promise<ReceiverResult>((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()!) as ReceiverResult)
        : reject(new Error(`receiver exited with ${code}`))
    )
  );
  const connected = new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    result.catch(reject);
  });
  return { connected, result };
}

async function run(plan: OverloadPlan, stalled: number): Promise<RunResult> {
  // SQLite in a temporary directory, as `serve` stores by default: the memory store keeps every
  // published event in the heap (up to its per-channel bound), which is not what is measured here.
  const dataDir = mkdtempSync(join(tmpdir(), 'mci-bench-overload-'));
  const sim = await startSimulator({
    args: [
      '--store',
      `sqlite:${join(dataDir, 'telemetry.db')}`,
      '--orders-per-second',
      String(ORDERS_PER_SECOND),
      '--market-ticks-per-second',
      String(MARKET_TICKS_PER_SECOND),
      ...(plan.serveArgs ?? []),
    ],
    env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${MEMORY_PROBE}`.trim() },
  });
  const readyAt = Date.now();
  const pid = sim.process.pid!;
  const sockets: WebSocket[] = [];
  const rssReadyMb = rssMb(pid);
  let rampPeakMb = rssReadyMb;
  let sampler: NodeJS.Timeout | undefined = setInterval(
    () => (rampPeakMb = Math.max(rampPeakMb, rssMb(pid))),
    RSS_SAMPLE_MS
  );
  try {
    const settled = await settle(sim, readyAt, { minMs: plan.settleMinMs, maxMs: plan.settleMaxMs });
    // The readers first: connected and reading before any stalled client, so their window
    // measures the server while it is overloaded, not its catch-up afterwards.
    const readers = startReaders({
      url: sim.wsUrl,
      clients: plan.readingClients,
      channels: READ_CHANNELS,
      batchMs: 0,
      warmupMs: plan.warmupMs,
      windowMs: plan.windowMs,
      latency: true,
    });
    await readers.connected;
    await sleep(plan.warmupMs);
    // The window starts here, for the readers and for the RSS, in the loaded and the unloaded run.
    const rssStartMb = rssMb(pid);
    const windowFrom = Date.now();
    clearInterval(sampler);
    const ramp: Ramp = {
      rssReadyMb,
      rssPeakMb: Math.max(rampPeakMb, rssStartMb),
      rssWindowStartMb: rssStartMb,
      ...settled,
    };
    let rssPeakMb = rssStartMb;
    const tcpStartMb = kernelTcpMemoryMb();
    let tcpPeakMb = tcpStartMb;
    sampler = setInterval(() => {
      rssPeakMb = Math.max(rssPeakMb, rssMb(pid));
      tcpPeakMb = Math.max(tcpPeakMb, kernelTcpMemoryMb());
    }, RSS_SAMPLE_MS);
    const seqsBefore = await publishedSeqs(sim);
    const stalledIds = new Set<string>();
    for (let connected = 0; connected < stalled; connected += CONNECT_GROUP) {
      const group = Math.min(CONNECT_GROUP, stalled - connected);
      const clients = await Promise.all(Array.from({ length: group }, () => stalledClient(sim.wsUrl))).catch(
        (error: unknown) => {
          if (error instanceof StalledClientError) {
            error.message += `; server log:\n${serverLinesAbout(sim.output(), error.connectionId)}`;
          }
          throw error;
        }
      );
      for (const client of clients) {
        sockets.push(client.ws);
        stalledIds.add(client.connectionId);
      }
    }
    const connectSeconds = (Date.now() - windowFrom) / 1000;
    const result = await readers.result;
    const publishedPerSecond = ((await publishedSeqs(sim)) - seqsBefore) / ((Date.now() - windowFrom) / 1000);
    const rssEndMb = rssMb(pid);
    const samples = memorySamples(sim.output());
    return {
      publishedPerSecond,
      ramp,
      rssStartMb,
      rssPeakMb: Math.max(rssPeakMb, rssEndMb),
      rssEndMb,
      tcpStartMb,
      tcpPeakMb,
      slowConsumerCloses: slowConsumerCloses(sim.output(), stalledIds),
      connectSeconds,
      atPeak: peakSample(samples, windowFrom),
      atStart: sampleBefore(samples, windowFrom),
      reading: result,
    };
  } finally {
    clearInterval(sampler);
    sockets.forEach((ws) => ws.terminate());
    // SIGKILL: a graceful close of stalled clients is not what is measured, and it costs seconds.
    await sim.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Stalled clients the server closed with 4004, from its `closing connection` log lines. */
function slowConsumerCloses(log: string, ids: Set<string>): number {
  let count = 0;
  for (const line of log.split('\n')) {
    if (line.includes('"closeCode":4004')) {
      const record = JSON.parse(line) as { connectionId?: string };
      count += record.connectionId !== undefined && ids.has(record.connectionId) ? 1 : 0;
    }
  }
  return count;
}

/** `+1.5`, `−3.2` (a minus sign, as the docs write it), `+0`. */
export const signed = (value: number): string => {
  const rounded = round(value, 1);
  return rounded < 0 ? `−${-rounded}` : `+${rounded}`;
};

/**
 * Where the growth went at the RSS peak: V8 heap (used and committed), memory outside the heap
 * that V8 is told about (`external`, which includes Buffers' `arrayBuffers`), and the rest of RSS
 * (native allocations V8 is not told about, e.g. libuv write requests, allocator slack). RSS split
 * into anonymous and file-backed pages says whether the growth is memory the process allocated at
 * all, and the full collections in between whether the peak came before or after V8 freed its heap.
 */
function breakdown(r: RunResult): string {
  const delta = (key: keyof MemorySample) => r.atPeak[key] - r.atStart[key];
  const d = (key: keyof MemorySample) => signed(delta(key));
  const rest = signed(delta('rssMb') - delta('heapTotalMb') - delta('externalMb'));
  return (
    `RssAnon ${d('rssAnonMb')}, RssFile ${d('rssFileMb')}, heap used ${d('heapUsedMb')} (committed ${d('heapTotalMb')}), ` +
    `external ${d('externalMb')} (Buffers ${d('arrayBuffersMb')}), rest ${rest}, full GCs ${d('majorGcs')}`
  );
}

const growthMb = (r: RunResult) => r.rssPeakMb - r.rssStartMb;
const tcpGrowthMb = (r: RunResult) => r.tcpPeakMb - r.tcpStartMb;
const tcpText = (r: RunResult) => `${round(r.tcpStartMb, 1)} → ${round(r.tcpPeakMb, 1)}`;
/**
 * Growth the RSS row cannot tell apart: a settled server's RSS moves by a few MB with no stalled
 * client at all (code paged in, the allocator keeping or returning pages; 0.3-1.7 MB in quiet
 * windows, up to 7 MB over a minute), so runs of 0.5 and 3.6 MB agree, and 2× between them is not
 * instability. A tenth of the goal.
 */
const RSS_RESOLUTION_MB = 10;
const rampMb = (r: RunResult) => r.ramp.rssPeakMb - r.ramp.rssReadyMb;
const rampText = ({ ramp }: RunResult) =>
  `${mb([ramp.rssReadyMb, ramp.rssPeakMb, ramp.rssWindowStartMb]).replace(/, /g, ' → ')}, ` +
  (ramp.firstFullGcSeconds === undefined
    ? `no full collection in ${round(ramp.waitedSeconds, 1)} s`
    : `first full collection ${round(ramp.firstFullGcSeconds, 1)} s after ready`);
/** More events than this share timed before their own timestamp: the clocks disagreed. */
const MAX_EARLY_SHARE = 0.01;

/**
 * Why the readers' latency of a run is no measurement, or undefined when it is one: no event
 * timed (a run with no samples once reported p50 = p99 = 0), or too many timed before their own
 * timestamp (recorded as 0 ms). Such a run is a fault of the measurement, shown as one (its row
 * is `invalid`), never a latency.
 */
export function readerFault(reading: ReceiverResult): string | undefined {
  const count = reading.latency?.count ?? 0;
  const seen = `${reading.connected} connected, ${reading.events} events in ${reading.frames} frames, closes ${JSON.stringify(reading.closes)}, clock steps ${reading.clockSteps ?? 0}`;
  if (count === 0) {
    return `the readers timed no event (${seen})`;
  }
  const early = reading.early ?? 0;
  if (early > count * MAX_EARLY_SHARE) {
    return `${early} of ${count} events timed before their own timestamp (${seen})`;
  }
  return undefined;
}

const p99Ms = (r: RunResult) => (readerFault(r.reading) === undefined ? r.reading.latency!.p99Ms : Number.NaN);
const p50Text = (r: RunResult) => (readerFault(r.reading) === undefined ? String(r.reading.latency!.p50Ms) : 'none');

function readerFaults(loaded: readonly RunResult[], unloaded: readonly RunResult[]): string {
  const faults = (side: string, runs: readonly RunResult[]) =>
    runs.flatMap((r, i) => {
      const fault = readerFault(r.reading);
      return fault === undefined ? [] : [`run ${i + 1} ${side}: ${fault}`];
    });
  const all = [...faults('with stalled clients', loaded), ...faults('without', unloaded)];
  return all.length === 0 ? '' : `; NO MEASUREMENT: ${all.join('; ')}`;
}
const mb = (values: number[]) => values.map((value) => round(value, 1)).join(', ');

/** Rows from interleaved runs: `loaded[i]` with stalled clients, `unloaded[i]` without. */
export function overloadRows(plan: OverloadPlan, loaded: RunResult[], unloaded: RunResult[]): BenchRow[] {
  const published = Math.round(median(loaded.map((r) => r.publishedPerSecond)));
  const load = `${published} events/s published for ${plan.windowMs / 1000} s`;
  return [
    fact({
      benchmark: 'overload',
      metric: 'server RSS start-up ramp: ready → highest before the window',
      unit: 'MB',
      value: loaded.map(rampMb),
      baselineLabel: 'the runs without stalled clients',
      base: unloaded.map(rampMb),
      note:
        `RSS at ready → highest → at the window's start (MB, per run): ${loaded.map(rampText).join('; ')}; ` +
        `unloaded: ${unloaded.map(rampText).join('; ')}; the window starts after the first full collection ` +
        `later than ${plan.settleMinMs / 1000} s after ready, or ${plan.settleMaxMs / 1000} s after ready without one`,
    }),
    compare({
      benchmark: 'overload',
      metric: `server RSS growth, ${plan.stalledClients} stalled clients, ${load}`,
      unit: 'MB',
      ours: loaded.map(growthMb),
      baselineLabel: 'the same server without stalled clients',
      base: unloaded.map(growthMb),
      goal: { on: 'value', goal: { op: '<=', target: 100, resolution: RSS_RESOLUTION_MB }, text: '< 100 MB' },
      noRatio: true,
      note:
        `RSS before the stalled clients ${mb(loaded.map((r) => r.rssStartMb))} → peak ${mb(loaded.map((r) => r.rssPeakMb))} MB; ` +
        `at the peak vs before (MB, per run): ${loaded.map((r) => breakdown(r)).join('; ')}; ` +
        `unloaded: ${unloaded.map((r) => breakdown(r)).join('; ')}`,
    }),
    fact({
      benchmark: 'overload',
      metric: 'kernel TCP buffers, whole machine: growth in the window (not in RSS)',
      unit: 'MB',
      value: loaded.map(tcpGrowthMb),
      baselineLabel: 'the runs without stalled clients',
      base: unloaded.map(tcpGrowthMb),
      note:
        `/proc/net/sockstat's TCP mem at the window's start → its highest (MB, per run): ${loaded.map(tcpText).join('; ')}; ` +
        `unloaded: ${unloaded.map(tcpText).join('; ')}. A socket whose peer stops reading holds its send buffer ` +
        `in the kernel before the server's bounds see anything: what the server asked for (--send-buffer-bytes, ` +
        `doubled by Linux), or with the cap off up to tcp_wmem's largest (${round(maxSendBufferMb(), 1)} MB here): ` +
        `${round(median(loaded.map(tcpGrowthMb)) / plan.stalledClients, 2)} MB per stalled client in the median run`,
    }),
    compare({
      benchmark: 'overload',
      metric: 'stalled clients closed with the slow-consumer reason (4004)',
      unit: '',
      ours: loaded.map((r) => r.slowConsumerCloses),
      baselineLabel: 'stalled clients',
      base: loaded.map(() => plan.stalledClients),
      goal: { on: 'value', goal: { op: '>=', target: plan.stalledClients }, text: `all ${plan.stalledClients}` },
      noRatio: true,
      note: `every stalled client had \`subscribed\` ${loaded.map((r) => round(r.connectSeconds, 1)).join(', ')} s after the first connected`,
    }),
    compare({
      benchmark: 'overload',
      metric: `p99 event → client of ${plan.readingClients} reading clients (orders, activity)`,
      unit: 'ms',
      ours: loaded.map(p99Ms),
      baselineLabel: 'the same readers, no stalled clients',
      base: unloaded.map(p99Ms),
      goal: { on: 'ratio', goal: { op: '<=', target: 2 }, text: 'ratio ≤ 2' },
      note:
        `p50 ${loaded.map(p50Text).join(', ')} vs ${unloaded.map(p50Text).join(', ')} ms; ` +
        `events timed ${loaded.map((r) => r.reading.latency!.count).join(', ')} vs ${unloaded.map((r) => r.reading.latency!.count).join(', ')}; ` +
        `reader closes ${JSON.stringify(loaded.map((r) => r.reading.closes))}; unloaded published ${Math.round(median(unloaded.map((r) => r.publishedPerSecond)))} events/s` +
        readerFaults(loaded, unloaded),
    }),
  ];
}

const SIZES: Record<Mode, OverloadPlan> = {
  smoke: { stalledClients: 5, readingClients: 2, windowMs: 1000, warmupMs: 300, settleMinMs: 0, settleMaxMs: 0 },
  quick: {
    stalledClients: 100,
    readingClients: 5,
    windowMs: 20_000,
    warmupMs: 1000,
    settleMinMs: 5000,
    settleMaxMs: 60_000,
  },
  full: {
    stalledClients: 100,
    readingClients: 5,
    windowMs: 60_000,
    warmupMs: 1000,
    settleMinMs: 5000,
    settleMaxMs: 60_000,
  },
};

export const overloadCase = defineCase<OverloadPlan>({
  name: 'overload',
  command: `mci-sim serve --orders-per-second ${ORDERS_PER_SECOND} --market-ticks-per-second ${MARKET_TICKS_PER_SECOND}; stalled ws clients (sockets paused) on every channel; readers in bench/lib/receiver.ts on orders, activity; runs with and without the stalled clients interleaved`,
  sizes: SIZES,
  run: async (plan, { runs }) => {
    const { a: loaded, b: unloaded } = await interleave(
      runs,
      () => run(plan, plan.stalledClients),
      () => run(plan, 0)
    );
    return overloadRows(plan, loaded, unloaded);
  },
});

/** On its own: one pair of runs (add `--runs N` for more), printed as `npm run bench` does. */
if (require.main === module) {
  const argv = process.argv.slice(2);
  const dashes = argv.indexOf('--');
  const own = dashes === -1 ? argv : argv.slice(0, dashes);
  const runsAt = own.indexOf('--runs');
  const runs = runsAt === -1 ? 1 : Number(own[runsAt + 1]);
  const plan: OverloadPlan = {
    ...SIZES[own.includes('--quick') ? 'quick' : 'full'],
    serveArgs: dashes === -1 ? [] : argv.slice(dashes + 1),
  };
  interleave(
    runs,
    () => run(plan, plan.stalledClients),
    () => run(plan, 0)
  ).then(
    ({ a, b }) => {
      console.log(formatTable(overloadRows(plan, a, b)));
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    }
  );
}
