/**
 * Overload: 100 clients that stop reading (their TCP sockets paused after `subscribed`) while the
 * simulator publishes about 5,000 events/s for 60 s (10 s with --quick). Prints the server's RSS
 * growth over the window (goal < 100 MB), how many stalled clients the server closed with the
 * slow-consumer reason (close 4004, read from its log: a paused client cannot read its own close
 * frame), and the p99 latency of clients that keep reading, next to an unloaded run of the same
 * server and the same readers (goal within 2×). Loopback only; the server is a child process, so
 * its RSS is its own. Other work on the machine shares the cores: read the ratio, not the ms.
 *
 *   npx tsx bench/cases/overload.ts [--quick] [-- SERVE_FLAGS…]   e.g. -- --max-buffered-bytes 262144
 */
import { readFileSync } from 'fs';
import type { Socket } from 'net';
import WebSocket from 'ws';
import { startSimulator, type RunningSimulator } from '../../tests/support/simulator';
import { receive, sleep } from '../lib/procs';
import type { ReceiverResult } from '../lib/receiver';
import { round, type BenchRow } from '../lib/results';

export interface OverloadPlan {
  /** Extra `mci-sim serve` flags, to see how a limit changes the numbers. */
  serveArgs?: string[];
  stalledClients: number;
  readingClients: number;
  windowMs: number;
  warmupMs: number;
}

/** With 100 market ticks/s the engine publishes about 5,000 events/s at this order rate (the bench prints the measured rate). */
const ORDERS_PER_SECOND = 850;
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

interface RunResult {
  publishedPerSecond: number;
  /** Before any stalled client connected. */
  rssStartMb: number;
  rssPeakMb: number;
  rssEndMb: number;
  slowConsumerCloses: number;
  /** The server's own view at the end of the window (prom-client's process metrics), in MB. */
  heapUsedMb: number;
  externalMb: number;
  reading: ReceiverResult;
}

async function processMemoryMb(sim: RunningSimulator): Promise<{ heapUsedMb: number; externalMb: number }> {
  const text = await (await fetch(`${sim.httpUrl}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN) / 1024 / 1024;
  return { heapUsedMb: value('nodejs_heap_size_used_bytes'), externalMb: value('nodejs_external_memory_bytes') };
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
    const timer = setTimeout(
      () => reject(new Error('a stalled client did not get subscribed in time')),
      CONNECT_TIMEOUT_MS
    );
    ws.on('error', () => undefined);
    ws.once('open', () => ws.send(JSON.stringify({ event: 'subscribe', data: { channels: ALL_CHANNELS } })));
    let connectionId = '';
    ws.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      if (text.startsWith('{"event":"connection:ack"')) {
        connectionId = (JSON.parse(text) as { data: { connectionId: string } }).data.connectionId;
      } else if (text.startsWith('{"event":"subscribed"')) {
        clearTimeout(timer);
        (ws as unknown as { _socket: Socket })._socket.pause();
        resolve({ ws, connectionId });
      }
    });
  });
}

async function run(plan: OverloadPlan, stalled: number): Promise<RunResult> {
  const sim = await startSimulator({
    args: [
      '--orders-per-second',
      String(ORDERS_PER_SECOND),
      '--market-ticks-per-second',
      String(MARKET_TICKS_PER_SECOND),
      ...(plan.serveArgs ?? []),
    ],
  });
  const pid = sim.process.pid!;
  const sockets: WebSocket[] = [];
  const rssStartMb = rssMb(pid);
  let rssPeakMb = rssStartMb;
  const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, rssMb(pid))), RSS_SAMPLE_MS);
  try {
    const stalledIds = new Set<string>();
    for (let connected = 0; connected < stalled; connected += CONNECT_GROUP) {
      const group = Math.min(CONNECT_GROUP, stalled - connected);
      for (const client of await Promise.all(Array.from({ length: group }, () => stalledClient(sim.wsUrl)))) {
        sockets.push(client.ws);
        stalledIds.add(client.connectionId);
      }
    }
    const reading = receive({
      url: sim.wsUrl,
      clients: plan.readingClients,
      channels: READ_CHANNELS,
      batchMs: 0,
      warmupMs: plan.warmupMs,
      windowMs: plan.windowMs,
      latency: true,
    });
    await sleep(plan.warmupMs);
    const seqsBefore = await publishedSeqs(sim);
    const started = Date.now();
    const result = await reading;
    const publishedPerSecond = (await publishedSeqs(sim)) - seqsBefore;
    const seconds = (Date.now() - started) / 1000;
    const rssEndMb = rssMb(pid);
    const memory = await processMemoryMb(sim);
    return {
      publishedPerSecond: publishedPerSecond / seconds,
      rssStartMb,
      rssPeakMb: Math.max(rssPeakMb, rssEndMb),
      rssEndMb,
      slowConsumerCloses: slowConsumerCloses(sim.output(), stalledIds),
      ...memory,
      reading: result,
    };
  } finally {
    clearInterval(sampler);
    sockets.forEach((ws) => ws.terminate());
    // SIGKILL: a graceful close of stalled clients is not what is measured, and it costs seconds.
    await sim.stop('SIGKILL');
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

export async function overload(plan: OverloadPlan): Promise<BenchRow[]> {
  const unloaded = await run(plan, 0);
  const loaded = await run(plan, plan.stalledClients);
  const growth = loaded.rssPeakMb - loaded.rssStartMb;
  const p99 = loaded.reading.latency!.p99Ms;
  const baseP99 = unloaded.reading.latency!.p99Ms;
  const load = `${Math.round(loaded.publishedPerSecond)} events/s published for ${plan.windowMs / 1000} s`;
  return [
    {
      benchmark: 'overload',
      metric: `server RSS growth, ${plan.stalledClients} stalled clients, ${load}`,
      value: round(growth, 1),
      unit: 'MB',
      baseline: 'the same server without stalled clients',
      baselineValue: round(unloaded.rssPeakMb - unloaded.rssStartMb, 1),
      ratio: null,
      goal: '< 100 MB',
      met: growth < 100,
      note: `RSS before the stalled clients ${round(loaded.rssStartMb, 1)} → peak ${round(loaded.rssPeakMb, 1)} → end ${round(loaded.rssEndMb, 1)} MB (unloaded ${round(unloaded.rssStartMb, 1)} → ${round(unloaded.rssPeakMb, 1)} MB); at the end heap used ${round(loaded.heapUsedMb, 1)} MB, Buffers (external) ${round(loaded.externalMb, 1)} MB (unloaded ${round(unloaded.heapUsedMb, 1)} and ${round(unloaded.externalMb, 1)} MB)`,
    },
    {
      benchmark: 'overload',
      metric: 'stalled clients closed with the slow-consumer reason (4004)',
      value: loaded.slowConsumerCloses,
      unit: '',
      baseline: 'stalled clients',
      baselineValue: plan.stalledClients,
      ratio: null,
      goal: `all ${plan.stalledClients}`,
      met: loaded.slowConsumerCloses === plan.stalledClients,
    },
    {
      benchmark: 'overload',
      metric: `p99 event→client of ${plan.readingClients} reading clients (orders, activity)`,
      value: p99,
      unit: 'ms',
      baseline: 'the same readers, no stalled clients',
      baselineValue: baseP99,
      ratio: baseP99 > 0 ? round(p99 / baseP99) : null,
      goal: '≤ 2× unloaded',
      // No samples: the readers were closed or starved, so there is nothing to compare.
      met: loaded.reading.latency!.count > 0 && unloaded.reading.latency!.count > 0 ? p99 <= 2 * baseP99 : null,
      note: `p50 ${loaded.reading.latency!.p50Ms} vs ${unloaded.reading.latency!.p50Ms} ms; ${loaded.reading.latency!.count} vs ${unloaded.reading.latency!.count} samples; reader closes ${JSON.stringify(loaded.reading.closes)}; unloaded published ${Math.round(unloaded.publishedPerSecond)} events/s`,
    },
  ];
}

if (require.main === module) {
  const quick = process.argv.includes('--quick');
  const dashes = process.argv.indexOf('--');
  overload({
    serveArgs: dashes === -1 ? [] : process.argv.slice(dashes + 1),
    stalledClients: 100,
    readingClients: 5,
    windowMs: quick ? 10_000 : 60_000,
    warmupMs: 1000,
  }).then(
    (rows) => {
      for (const row of rows) {
        const ratio = row.ratio === null ? '' : ` (${row.ratio}×)`;
        const verdict = row.met === null ? '' : row.met ? 'met' : 'MISSED';
        console.log(
          `${row.metric}: ${row.value} ${row.unit} vs ${row.baseline} ${row.baselineValue} ${row.unit}${ratio}; goal ${row.goal}: ${verdict}`
        );
        if (row.note !== undefined) {
          console.log(`  ${row.note}`);
        }
      }
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    }
  );
}
