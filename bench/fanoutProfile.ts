/**
 * One side of the fan-out fixed load (`bench/cases/fanout.ts`: a steady recording replayed at
 * speed 0.5 to 100 clients on every channel) measured in detail: the server's CPU per delivered
 * event split into its main thread and its other threads (V8's platform workers: parallel and
 * concurrent garbage collection, concurrent compilation), the collections and the minor page faults
 * in the window, and on request a CPU profile and an allocation profile of exactly the counting
 * window, taken over the inspector protocol (a sampling heap profile that keeps the objects already
 * collected, so it shows what is allocated, not what survives; `--survivors-prof` leaves out what
 * young collections free, so it shows what outlives them into the old generation, plus what died
 * young but was swept by a full collection). Prints one JSON line per run; `--root` runs another
 * tree's `mci-sim` (a copy of an older commit), so old and new code can be measured in turns with
 * the same recording:
 *
 *   npx tsx bench/fanoutProfile.ts --side simulator --batch-ms 10 [--root DIR] [--runs 3]
 *       [--cpu-prof FILE.cpuprofile] [--alloc-prof | --survivors-prof FILE.heapprofile] [--top 25]
 *       [--node-arg FLAG]… [--window-log FILE] [--store memory | sqlite:FILE]
 *   npx tsx bench/fanoutProfile.ts --side raw --batch-ms 0
 *
 * The recording is made once into `--tmp` (default the system's temporary directory) and reused.
 */
import { spawn, type ChildProcess } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import WebSocket from 'ws';
import { cpuSeconds, receive, ROOT, statFields } from './lib/procs';
import { recordedSchedule, steadyRecording } from './lib/recordings';
import { scheduledRate } from './lib/scheduledRate';

const CHANNELS = ['positions', 'orders', 'account', 'health', 'market', 'activity', 'services'];

interface Options {
  side: 'simulator' | 'raw';
  root: string;
  batchMs: number;
  clients: number;
  speed: number;
  warmupMs: number;
  windowMs: number;
  runs: number;
  tmp: string;
  cpuProf?: string;
  allocProf?: string;
  /** The allocation profile leaves out what young collections free (`--survivors-prof`). */
  survivorsOnly: boolean;
  /** The simulator's `--store` (default memory: the fixed-load case's). */
  store: string;
  top: number;
  /** Node or V8 flags for the server (`--node-arg --trace-deopt`), repeatable. */
  nodeArgs: string[];
  /** Write what the server printed during the window (its V8 traces) to this file. */
  windowLog?: string;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    side: 'simulator',
    root: ROOT,
    batchMs: 0,
    clients: 100,
    speed: 0.5,
    warmupMs: 1000,
    windowMs: 5000,
    runs: 1,
    tmp: join(tmpdir(), 'fanout-profile'),
    top: 25,
    survivorsOnly: false,
    store: 'memory',
    nodeArgs: [],
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) {
      throw new Error(`${flag} needs a value`);
    }
    switch (flag) {
      case '--side':
        if (value !== 'simulator' && value !== 'raw') {
          throw new Error('--side is simulator or raw');
        }
        options.side = value;
        break;
      case '--root':
        options.root = value;
        break;
      case '--batch-ms':
        options.batchMs = Number(value);
        break;
      case '--clients':
        options.clients = Number(value);
        break;
      case '--speed':
        options.speed = Number(value);
        break;
      case '--warmup-ms':
        options.warmupMs = Number(value);
        break;
      case '--window-ms':
        options.windowMs = Number(value);
        break;
      case '--runs':
        options.runs = Number(value);
        break;
      case '--tmp':
        options.tmp = value;
        break;
      case '--cpu-prof':
        options.cpuProf = value;
        break;
      case '--alloc-prof':
      case '--survivors-prof':
        options.allocProf = value;
        options.survivorsOnly = flag === '--survivors-prof';
        break;
      case '--store':
        options.store = value;
        break;
      case '--top':
        options.top = Number(value);
        break;
      case '--node-arg':
        options.nodeArgs.push(value);
        break;
      case '--window-log':
        options.windowLog = value;
        break;
      default:
        throw new Error(`unknown flag ${flag}`);
    }
  }
  return options;
}

/** User and system CPU seconds of each thread of a process, by thread id (the main thread's id is the pid). */
function threadCpu(pid: number): Map<number, { user: number; system: number }> {
  const threads = new Map<number, { user: number; system: number }>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const fields = statFields(`/proc/${pid}/task/${tid}/stat`);
      threads.set(Number(tid), { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 });
    } catch {
      // The thread ended meanwhile.
    }
  }
  return threads;
}

/**
 * CPU seconds of the main thread (user and system: the kernel's share is mostly the socket
 * writes) and of all others between two `threadCpu` readings.
 */
function threadSplit(
  pid: number,
  before: Map<number, { user: number; system: number }>,
  after: Map<number, { user: number; system: number }>
) {
  let mainUser = 0;
  let mainSystem = 0;
  let others = 0;
  after.forEach(({ user, system }, tid) => {
    const earlier = before.get(tid) ?? { user: 0, system: 0 };
    if (tid === pid) {
      mainUser += user - earlier.user;
      mainSystem += system - earlier.system;
    } else {
      others += user - earlier.user + system - earlier.system;
    }
  });
  const perThread = [...after.entries()].map(([tid, { user, system }]) => {
    const earlier = before.get(tid) ?? { user: 0, system: 0 };
    return [tid, Math.round((user - earlier.user + system - earlier.system) * 100) / 100];
  });
  return { mainUser, mainSystem, others, perThread };
}

/** The process's minor page faults so far (`/proc/PID/stat`): each touches a page the kernel must supply. */
function minorFaults(pid: number): number {
  return Number(statFields(`/proc/${pid}/stat`)[7]);
}

interface Server {
  pid: number;
  wsUrl: string;
  replayStart: number;
  /** Everything the server wrote so far (its `--trace-gc` lines among it). */
  output(): string;
  /** The inspector's WebSocket URL, when started with one. */
  inspectorUrl?: string;
  stop(): Promise<unknown>;
}

/**
 * Collections of each kind in `--trace-gc` lines (`Scavenge 45.2 (60.1) -> 40.3 (60.1) MB, [pooled: 0 MB,] 1.23 / 0.00 ms …`),
 * with their main-thread pause; `heapMb` is the heap after the last one.
 */
export function gcSummary(trace: string) {
  const kinds: Record<string, { count: number; pauseMs: number }> = {};
  let heapMb = Number.NaN;
  for (const match of trace.matchAll(
    / (Scavenge|Mark-Compact|Mark-sweep|Minor Mark-Compact)[^\n]*?-> ([\d.]+) \([\d.]+\) MB, (?:pooled: [\d.]+ MB, )?([\d.]+)/g
  )) {
    const kind = (kinds[match[1]] ??= { count: 0, pauseMs: 0 });
    kind.count += 1;
    kind.pauseMs += Number(match[3]);
    heapMb = Number(match[2]);
  }
  return { kinds, heapMb };
}

function inspectorUrlOf(output: string): string | undefined {
  return /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1];
}

/**
 * Start one side as a child of this process, its stdout line-buffered (`stdbuf -oL`) so V8's
 * `--trace-gc` lines arrive as they are written and fall in the window they belong to.
 */
async function startServer(options: Options, file: string, inspect: boolean): Promise<Server> {
  const nodeArgs = ['--trace-gc', ...options.nodeArgs, ...(inspect ? ['--inspect=127.0.0.1:0'] : [])];
  const args =
    options.side === 'simulator'
      ? [
          join(options.root, 'bin', 'mci-sim.js'),
          'serve',
          '--host',
          '127.0.0.1',
          '--port',
          '0',
          '--no-auth',
          '--store',
          options.store,
          '--replay',
          file,
          '--speed',
          String(options.speed),
          // A deep queue, as the bench case: a client falling behind is measured, not closed.
          '--max-queued-events',
          '1000000',
        ]
      : [
          '--import',
          'tsx',
          join(ROOT, 'bench', 'lib', 'rawBroadcaster.ts'),
          JSON.stringify({ file, speed: options.speed, batchMs: options.batchMs, stampNow: false }),
        ];
  const child: ChildProcess = spawn('stdbuf', ['-oL', process.execPath, ...nodeArgs, ...args], {
    cwd: options.side === 'simulator' ? options.root : ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const { port, replayStart } = await new Promise<{ port: number; replayStart: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${options.side} did not listen in 120 s:\n${output}`)), 120_000);
    child.once('exit', (code) => reject(new Error(`${options.side} exited with ${code}:\n${output}`)));
    let pending = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const bound = listening(line);
        if (bound !== undefined) {
          clearTimeout(timer);
          resolve(bound);
        }
      }
    });
  });
  return {
    pid: child.pid!,
    wsUrl: `ws://127.0.0.1:${port}/${options.side === 'simulator' ? 'telemetry' : ''}`,
    replayStart,
    output: () => output,
    inspectorUrl: inspect ? inspectorUrlOf(output) : undefined,
    stop: async () => {
      // SIGKILL, as the bench: a graceful close of many clients is not what is measured.
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The port and replay start from the raw side's first line or the simulator's `listening` log line. */
function listening(line: string): { port: number; replayStart: number } | undefined {
  if (!line.startsWith('{')) {
    return undefined;
  }
  try {
    const record = JSON.parse(line) as { msg?: unknown; port?: unknown; replayStart?: unknown };
    const raw = record.msg === undefined || record.msg === 'listening';
    return raw && typeof record.port === 'number' && typeof record.replayStart === 'number'
      ? { port: record.port, replayStart: record.replayStart }
      : undefined;
  } catch {
    return undefined;
  }
}

/** A minimal client of the inspector protocol (Chrome DevTools Protocol) over its WebSocket. */
async function inspector(url: string) {
  const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1 << 30 });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let id = 0;
  const waiting = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
    const pending = message.id === undefined ? undefined : waiting.get(message.id);
    if (pending !== undefined) {
      waiting.delete(message.id!);
      if (message.error) {
        pending.reject(new Error(message.error.message));
      } else {
        pending.resolve(message.result);
      }
    }
  });
  return {
    call<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
      id += 1;
      const sent = id;
      socket.send(JSON.stringify({ id: sent, method, params }));
      return new Promise<T>((resolve, reject) =>
        waiting.set(sent, { resolve: resolve as (result: unknown) => void, reject })
      );
    },
    close: () => socket.close(),
  };
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame }>;
  samples: number[];
  timeDeltas: number[];
}

/** Where a function is: file, then line and column of the code that runs (tsx's output, not the source). */
const frameName = (frame: CallFrame) =>
  `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;

const shortUrl = (url: string) => url.replace(/^.*\/(node_modules|simulator|bench|src)\//, '$1/');

/**
 * Allocated bytes per delivered event by allocating function (self), and by the chain of the
 * three frames above it, which says which send path allocated it. Functions V8 inlined count as
 * the function they were inlined into.
 */
function topAllocations(profile: { head: HeapNode }, deliveries: number, top: number) {
  const byFrame = new Map<string, number>();
  const byStack = new Map<string, number>();
  let total = 0;
  const walk = (node: HeapNode, stack: string[]) => {
    const name = frameName(node.callFrame);
    const path = [...stack, name];
    if (node.selfSize > 0) {
      total += node.selfSize;
      byFrame.set(name, (byFrame.get(name) ?? 0) + node.selfSize);
      const key = path.slice(-4).reverse().join(' ← ');
      byStack.set(key, (byStack.get(key) ?? 0) + node.selfSize);
    }
    node.children.forEach((child) => walk(child, path));
  };
  walk(profile.head, []);
  const per = (bytes: number) => Math.round((bytes / deliveries) * 10) / 10;
  const ranked = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, bytes]) => `${String(per(bytes)).padStart(8)} B  ${name}`);
  return { bytesPerDelivery: per(total), byFunction: ranked(byFrame), byStack: ranked(byStack) };
}

/** Self CPU time per delivered event (µs) by function and by file (idle time left out). */
function topCpu(profile: CpuProfile, deliveries: number, top: number) {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const frame = frames.get(id)!;
    if (frame.functionName === '(idle)') {
      return;
    }
    const us = profile.timeDeltas[index] ?? 0;
    const name = frameName(frame);
    const file = shortUrl(frame.url) || frame.functionName;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
  });
  const ranked = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => `${(us / deliveries).toFixed(3).padStart(8)} µs  ${name}`);
  return { byFunction: ranked(byFunction), byFile: ranked(byFile) };
}

async function measure(options: Options, file: string) {
  const profiling = options.cpuProf !== undefined || options.allocProf !== undefined;
  const server = await startServer(options, file, profiling);
  const probe = server.inspectorUrl === undefined ? undefined : await inspector(server.inspectorUrl);
  try {
    if (probe !== undefined && options.cpuProf !== undefined) {
      await probe.call('Profiler.enable');
      await probe.call('Profiler.setSamplingInterval', { interval: 200 });
    }
    let cpuBefore = Number.NaN;
    let cpuAfter = Number.NaN;
    let threadsBefore = new Map<number, { user: number; system: number }>();
    let threadsAfter = new Map<number, { user: number; system: number }>();
    let faultsBefore = 0;
    let faultsAfter = 0;
    let traceFrom = 0;
    let traceTo = 0;
    let started: Promise<unknown> = Promise.resolve();
    // Stopped as the window ends, before the receiver closes its sockets (the server's handling of
    // a hundred closing sockets is no part of the fan-out).
    let cpuProfile: Promise<{ profile: CpuProfile } | undefined> = Promise.resolve(undefined);
    let allocProfile: Promise<{ profile: { head: HeapNode } } | undefined> = Promise.resolve(undefined);
    const result = await receive(
      {
        url: server.wsUrl,
        clients: options.clients,
        channels: CHANNELS,
        batchMs: options.batchMs,
        warmupMs: options.warmupMs,
        windowMs: options.windowMs,
        latency: false,
      },
      (phase) => {
        if (phase === 'window-start') {
          cpuBefore = cpuSeconds(server.pid);
          faultsBefore = minorFaults(server.pid);
          threadsBefore = threadCpu(server.pid);
          traceFrom = server.output().length;
          if (probe !== undefined) {
            started = Promise.all([
              options.cpuProf === undefined ? undefined : probe.call('Profiler.start'),
              options.allocProf === undefined
                ? undefined
                : probe.call('HeapProfiler.startSampling', {
                    samplingInterval: 1024,
                    includeObjectsCollectedByMajorGC: true,
                    includeObjectsCollectedByMinorGC: !options.survivorsOnly,
                  }),
            ]);
          }
        } else if (phase === 'window-end') {
          cpuAfter = cpuSeconds(server.pid);
          faultsAfter = minorFaults(server.pid);
          threadsAfter = threadCpu(server.pid);
          traceTo = server.output().length;
          if (probe !== undefined) {
            const stopping = started;
            if (options.cpuProf !== undefined) {
              cpuProfile = stopping.then(() => probe.call<{ profile: CpuProfile }>('Profiler.stop'));
            }
            if (options.allocProf !== undefined) {
              allocProfile = stopping.then(() =>
                probe.call<{ profile: { head: HeapNode } }>('HeapProfiler.stopSampling')
              );
            }
          }
        }
      }
    );
    const deliveries = Math.max(1, result.events);
    const split = threadSplit(server.pid, threadsBefore, threadsAfter);
    const us = (seconds: number) => Math.round((seconds / deliveries) * 1e6 * 1000) / 1000;
    const schedule = recordedSchedule(file, CHANNELS);
    const offered =
      scheduledRate(schedule, { start: server.replayStart, speed: options.speed }, result.windowFrom, result.windowTo) *
      options.clients;
    const report: Record<string, unknown> = {
      side: options.side,
      root: options.root,
      batchMs: options.batchMs,
      deliveredPerSecond: Math.round(result.events / result.seconds),
      share: Math.round((result.events / result.seconds / offered) * 100) / 100,
      usPerDelivery: us(cpuAfter - cpuBefore),
      mainUs: us(split.mainUser + split.mainSystem),
      mainSystemUs: us(split.mainSystem),
      otherThreadsUs: us(split.others),
      minorFaultsPerSecond: Math.round((faultsAfter - faultsBefore) / result.seconds),
      threadSeconds: split.perThread,
      gc: gcSummary(server.output().slice(traceFrom, traceTo)),
    };
    if (options.windowLog !== undefined) {
      writeFileSync(options.windowLog, server.output().slice(traceFrom, traceTo));
    }
    if (probe !== undefined) {
      const cpu = await cpuProfile;
      if (options.cpuProf !== undefined && cpu !== undefined) {
        writeFileSync(options.cpuProf, JSON.stringify(cpu.profile));
        report.cpuTop = topCpu(cpu.profile, deliveries, options.top);
      }
      const alloc = await allocProfile;
      if (options.allocProf !== undefined && alloc !== undefined) {
        writeFileSync(options.allocProf, JSON.stringify(alloc.profile));
        report.allocations = {
          survivorsOnly: options.survivorsOnly,
          ...topAllocations(alloc.profile, deliveries, options.top),
        };
      }
      probe.close();
    }
    return report;
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  mkdirSync(options.tmp, { recursive: true });
  const file = join(options.tmp, 'steady-60s.ndjson');
  if (!existsSync(file)) {
    copyFileSync(await steadyRecording(options.tmp, 60, 20), file);
  }
  for (let run = 0; run < options.runs; run += 1) {
    const report = await measure(options, file);
    process.stdout.write(`${JSON.stringify(report, null, report.cpuTop || report.allocations ? 2 : undefined)}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
