/**
 * Child processes of the bench: the simulator (via the test support), the raw `ws` baseline, the
 * receiver, `mci-sim record`; and the CPU a process used, read from /proc so a child's CPU can be
 * measured over a window without its cooperation.
 */
import { execFile, spawn, type ChildProcess } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { promisify } from 'util';
import type { ReceiverPlan, ReceiverResult } from './receiver';

export const ROOT = join(__dirname, '..', '..');
export const CLI = join(ROOT, 'bin', 'mci-sim.js');
/** `node --import tsx FILE`: one process (the tsx CLI would put a second one in between, hiding the CPU). */
const TS_NODE = [process.execPath, '--import', 'tsx'];
const run = promisify(execFile);

/**
 * The fields of a Linux `/proc/…/stat` file after the command name (which may hold spaces and
 * parentheses), so index 0 is proc(5)'s field 3: [1] ppid, [7] minflt, [11] utime, [12] stime,
 * [13] cutime, [14] cstime (clock ticks, 1/100 s).
 */
export function statFields(path: string): string[] {
  const stat = readFileSync(path, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** User + system CPU seconds of a live process (Linux /proc). */
export function cpuSeconds(pid: number): number {
  const fields = statFields(`/proc/${pid}/stat`);
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export async function record(out: string, args: string[]): Promise<void> {
  await run(process.execPath, [CLI, 'record', '--out', out, ...args], { maxBuffer: 1 << 20 });
}

/** What the receiver tells its parent as it goes (see `bench/lib/receiver.ts`). */
export type ReceiverPhase = 'connected' | 'window-start' | 'window-end';

/** Run the receiver; `onPhase` is called as its clients connect and its window opens and closes. */
export function receive(plan: ReceiverPlan, onPhase?: (phase: ReceiverPhase) => void): Promise<ReceiverResult> {
  return spawnReceiver(plan, onPhase).result;
}

/** A running receiver: `start` opens a gated one's warm-up (`plan.gated`), `result` is what it printed. */
export interface ReceiverProcess {
  start(): void;
  kill(): void;
  result: Promise<ReceiverResult>;
}

export function spawnReceiver(plan: ReceiverPlan, onPhase?: (phase: ReceiverPhase) => void): ReceiverProcess {
  const child = spawn(TS_NODE[0], [...TS_NODE.slice(1), join(__dirname, 'receiver.ts'), JSON.stringify(plan)], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  child.on('message', (message: { type?: ReceiverPhase }) => {
    if (message.type !== undefined) {
      onPhase?.(message.type);
    }
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const result = new Promise<ReceiverResult>((resolve, reject) => {
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()!) as ReceiverResult)
        : reject(new Error(`receiver exited with ${code}`))
    );
  });
  return { start: () => child.send({ type: 'start' }), kill: () => child.kill('SIGKILL'), result };
}

export interface RawServer {
  port: number;
  /** When the recording's first event is due (epoch ms). */
  replayStart: number;
  wsUrl: string;
  pid: number;
  stop(): Promise<void>;
}

export function startRaw(plan: {
  file: string;
  speed: number;
  batchMs: number;
  stampNow: boolean;
}): Promise<RawServer> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      TS_NODE[0],
      [...TS_NODE.slice(1), join(__dirname, 'rawBroadcaster.ts'), JSON.stringify(plan)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      }
    );
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.once('exit', (code) => reject(new Error(`raw broadcaster exited with ${code} before listening`)));
    child.stdout!.setEncoding('utf8').once('data', (line: string) => {
      const { port, replayStart } = JSON.parse(line) as { port: number; replayStart: number };
      resolve({
        port,
        replayStart,
        wsUrl: `ws://127.0.0.1:${port}/`,
        pid: child.pid!,
        stop: async () => {
          // SIGKILL: a saturated broadcaster may not get to a SIGTERM handler for a long while.
          child.kill('SIGKILL');
          await exited;
        },
      });
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
