/**
 * Scale-out costs (docs/scaling.md), printed, never asserted: the same clients and the same
 * engine load served once by `mci-sim serve` (in-memory bus) and once by `mci-sim engine` →
 * Redis → `mci-sim gateway`. For each: server CPU per delivered event, end-to-end latency
 * engine → client (p50/p99, from each order event's engine timestamp, speed 1), and for the
 * Redis run Redis's CPU per published event, the engine's CPU, and the gateway's memory per idle
 * connection. CPU is read from /proc (user + system) over the measuring window. On a shared
 * machine every number moves with the other load: compare the two runs of one invocation.
 *
 * `--rate` is the engine's --orders-per-second; the orders channel carries about 1.9 events per
 * order (new, fills, end), and activity and strategy about as many again.
 *
 *   npx tsx bench/scaling.ts                       200 clients, --rate 1000 (~1900 order events/s), 15 s windows
 *   npx tsx bench/scaling.ts --rate 520            200 clients, ~1000 order events/s
 *   npx tsx bench/scaling.ts --quick               50 clients, --rate 200 (~380 order events/s), 8 s windows
 *   npx tsx bench/scaling.ts --clients 100 --rate 500 --seconds 10 --idle 1000
 *   npx tsx bench/scaling.ts --rate 520 --cpu-prof /tmp/prof   also writes serve.cpuprofile and
 *                                                             gateway.cpuprofile (whole process life)
 */
import { readFileSync } from 'fs';
import WebSocket from 'ws';
import { startEngine, type RunningEngine } from '../tests/support/engine';
import { startRedis } from '../tests/support/redis';
import { startSimulator, type RunningSimulator } from '../tests/support/simulator';

const TICKS_PER_SECOND = 100;
const WARMUP_MS = 3000;
const MAX_SAMPLES = 2_000_000;
const LATENCY_SAMPLE_EVERY = 10;
/** A server's start-up (tsx compiling the simulator) takes minutes on a machine loaded by other work. */
const START_TIMEOUT_MS = 180_000;
const ORDER_EVENT_PREFIX = Buffer.from('{"event":"orders:update"');

interface Options {
  clients: number;
  rate: number;
  seconds: number;
  idle: number;
  /** Directory for the servers' CPU profiles (`node --cpu-prof`), when asked for. */
  cpuProfDir?: string;
}

function options(args: string[]): Options {
  const quick = args.includes('--quick');
  const number = (name: string, fallback: number) => {
    const at = args.indexOf(name);
    const value = at === -1 ? fallback : Number(args[at + 1]);
    if (!Number.isFinite(value) || value <= 0) {
      throw new Error(`${name}: expected a positive number, got ${args[at + 1]}`);
    }
    return value;
  };
  const profAt = args.indexOf('--cpu-prof');
  return {
    ...(profAt === -1 ? {} : { cpuProfDir: args[profAt + 1] }),
    clients: number('--clients', quick ? 50 : 200),
    rate: number('--rate', quick ? 200 : 1000),
    seconds: number('--seconds', quick ? 8 : 15),
    idle: number('--idle', quick ? 300 : 1000),
  };
}

/** CPU seconds (user + system) a process used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) * 1024;
}

/** What to stop when the run is interrupted (Ctrl-C, a timeout), so no server outlives it. */
const stoppers = new Set<() => Promise<unknown>>();
function started<T extends { stop(): Promise<unknown> }>(thing: T): T {
  stoppers.add(() => thing.stop());
  return thing;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.allSettled([...stoppers].map((stop) => stop())).then(() => process.exit(1));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Receivers {
  readonly sockets: WebSocket[] = [];
  delivered = 0;
  measuring = false;
  private readonly samples = new Float64Array(MAX_SAMPLES);
  private sampleCount = 0;

  /** Resolves with the number of sockets that opened; rejects on the first failure unless `tolerant`. */
  async open(url: string, count: number, subscribe: boolean, tolerant = false): Promise<number> {
    const opened = Array.from({ length: count }, () => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      this.sockets.push(ws);
      return new Promise<void>((resolve, reject) => {
        ws.once('error', reject);
        ws.once('open', () => {
          if (subscribe) {
            ws.send(JSON.stringify({ event: 'subscribe', data: { channels: ['orders'] } }));
          }
          resolve();
        });
        ws.on('message', (data: Buffer) => this.receive(data));
      });
    });
    if (!tolerant) {
      await Promise.all(opened);
      return count;
    }
    const settled = await Promise.allSettled(opened);
    return settled.filter((result) => result.status === 'fulfilled').length;
  }

  /**
   * Every order event is counted, one in `LATENCY_SAMPLE_EVERY` is parsed for its latency: the
   * receivers share the machine with the servers they measure, so they do as little as they can.
   */
  private receive(data: Buffer): void {
    if (!this.measuring || !data.subarray(0, ORDER_EVENT_PREFIX.length).equals(ORDER_EVENT_PREFIX)) {
      return;
    }
    this.delivered += 1;
    if (this.delivered % LATENCY_SAMPLE_EVERY === 0 && this.sampleCount < MAX_SAMPLES) {
      const message = JSON.parse(data.toString()) as { data: { timestamp: number } };
      this.samples[this.sampleCount++] = Date.now() - message.data.timestamp;
    }
  }

  percentile(p: number): number {
    const sorted = this.samples.slice(0, this.sampleCount).sort();
    return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  }

  close(): void {
    this.sockets.forEach((ws) => ws.terminate());
  }
}

interface RunResult {
  label: string;
  delivered: number;
  published: number;
  publishedOrders: number;
  serverCpu: number;
  p50: number;
  p99: number;
  redisCpu?: number;
  engineCpu?: number;
  idleBytesPerConnection?: number;
  /** Events the engine dropped because its publish queue was full, and still waiting at its stop. */
  engineDropped?: number;
  enginePending?: number;
}

/** The sum of every channel's seq, and the orders channel's, as the server saw them. */
async function publishedSeqs(httpUrl: string): Promise<{ all: number; orders: number }> {
  const body = (await (await fetch(`${httpUrl}/api/telemetry/snapshot`)).json()) as { seq: Record<string, number> };
  return { all: Object.values(body.seq).reduce((sum, seq) => sum + seq, 0), orders: body.seq.orders ?? 0 };
}

async function measure(
  label: string,
  server: RunningSimulator,
  opts: Options,
  others: { redis?: number; engine?: RunningEngine } = {}
): Promise<RunResult> {
  const receivers = new Receivers();
  await receivers.open(server.wsUrl, opts.clients, true);
  await sleep(WARMUP_MS);
  const pid = server.process.pid!;
  const start = {
    cpu: cpuSeconds(pid),
    redis: others.redis === undefined ? 0 : cpuSeconds(others.redis),
    engine: others.engine === undefined ? 0 : cpuSeconds(others.engine.process.pid!),
    published: await publishedSeqs(server.httpUrl),
  };
  receivers.measuring = true;
  await sleep(opts.seconds * 1000);
  receivers.measuring = false;
  const end = await publishedSeqs(server.httpUrl);
  const result: RunResult = {
    label,
    delivered: receivers.delivered,
    published: end.all - start.published.all,
    publishedOrders: end.orders - start.published.orders,
    serverCpu: cpuSeconds(pid) - start.cpu,
    p50: receivers.percentile(50),
    p99: receivers.percentile(99),
    ...(others.redis === undefined ? {} : { redisCpu: cpuSeconds(others.redis) - start.redis }),
    ...(others.engine === undefined ? {} : { engineCpu: cpuSeconds(others.engine.process.pid!) - start.engine }),
  };
  receivers.close();
  await sleep(1000);
  if (others.redis !== undefined) {
    const idle = new Receivers();
    const before = rssBytes(pid);
    // Many sockets opened at once on a loaded machine may be reset: measure over those that opened.
    const opened = await idle.open(server.wsUrl, opts.idle, false, true);
    await sleep(2000);
    result.idleBytesPerConnection = (rssBytes(pid) - before) / Math.max(1, opened);
    idle.close();
  }
  return result;
}

function print(results: RunResult[], opts: Options): void {
  const perEvent = (seconds: number, events: number) => ((seconds * 1e6) / Math.max(1, events)).toFixed(2);
  console.log(
    `\n${opts.clients} clients on orders, --orders-per-second ${opts.rate}, ${opts.seconds} s window (load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})`
  );
  for (const r of results) {
    console.log(
      [
        `${r.label}:`,
        `delivered ${r.delivered} order events (${(r.delivered / opts.seconds).toFixed(0)}/s),`,
        `published ${r.publishedOrders} order events (${(r.publishedOrders / opts.seconds).toFixed(0)}/s)`,
        `and ${r.published} on all channels (${(r.published / opts.seconds).toFixed(0)}/s),`,
        `server CPU ${r.serverCpu.toFixed(2)} s = ${perEvent(r.serverCpu, r.delivered)} µs per delivered event,`,
        `latency p50 ${r.p50} ms p99 ${r.p99} ms`,
        r.redisCpu === undefined
          ? ''
          : `, Redis CPU ${r.redisCpu.toFixed(2)} s = ${perEvent(r.redisCpu, r.published)} µs per published event`,
        r.engineCpu === undefined ? '' : `, engine CPU ${r.engineCpu.toFixed(2)} s`,
        r.engineDropped === undefined
          ? ''
          : `, engine dropped ${r.engineDropped} events (queue full), ${r.enginePending} still pending at its stop`,
        r.idleBytesPerConnection === undefined
          ? ''
          : `, gateway memory per idle connection ${(r.idleBytesPerConnection / 1024).toFixed(1)} KiB`,
      ].join(' ')
    );
  }
  const [single, scaled] = results;
  if (single && scaled) {
    const cost = (r: RunResult) => r.serverCpu / Math.max(1, r.delivered);
    console.log(
      `gateway CPU per delivered event / serve's: ${(cost(scaled) / cost(single)).toFixed(2)}× (goal ≤ 1.3×); p99 latency ratio: ${(scaled.p99 / single.p99).toFixed(2)}× (goal ≤ 2×)`
    );
  }
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const engineFlags = ['--orders-per-second', String(opts.rate)];
  const results: RunResult[] = [];

  const profile = (name: string) =>
    opts.cpuProfDir === undefined
      ? []
      : ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`, `--cpu-prof-name=${name}.cpuprofile`];
  const single = started(
    await startSimulator({ args: engineFlags, startTimeoutMs: START_TIMEOUT_MS, nodeArgs: profile('serve') })
  );
  try {
    results.push(await measure('serve (in-memory bus)', single, opts));
  } finally {
    await single.stop();
  }

  const redis = started(await startRedis());
  let engine: RunningEngine | undefined;
  let gateway: RunningSimulator | undefined;
  try {
    engine = started(await startEngine(redis.url, engineFlags));
    gateway = started(
      await startSimulator({
        command: 'gateway',
        args: ['--redis', redis.url],
        startTimeoutMs: START_TIMEOUT_MS,
        nodeArgs: profile('gateway'),
      })
    );
    results.push(await measure('engine → Redis → gateway', gateway, opts, { redis: redis.pid(), engine }));
  } finally {
    await gateway?.stop();
    await engine?.stop();
    await redis.stop();
    const stopped = /"dropped":(\d+),"pending":(\d+)[^\n]*"msg":"stopped"/.exec(engine?.output() ?? '');
    for (const [name, output] of [
      ['engine', engine?.output() ?? ''],
      ['gateway', gateway?.output() ?? ''],
    ]) {
      const complaints = output.split('\n').filter((line) => /"level":(40|50)/.test(line));
      if (complaints.length > 0) {
        console.log(
          `${name} warnings and errors (${complaints.length}), first 3:\n${complaints.slice(0, 3).join('\n')}`
        );
      }
    }
    if (stopped && results[1]) {
      results[1].engineDropped = Number(stopped[1]);
      results[1].enginePending = Number(stopped[2]);
    }
  }
  print(results, opts);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
