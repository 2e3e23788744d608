/**
 * Start a real Redis (Debian `redis-server`, installed by scripts/ensure-system-deps.sh) for tests:
 * loopback only, a free port, a temporary directory, no persistence. Outages: `kill()` then
 * `start()` brings an empty server back on the same port (data gone, as after a failover to an
 * empty replica); `freeze()`/`thaw()` (SIGSTOP/SIGCONT) keep the data. `stop()` kills it and
 * removes the directory.
 */
import { spawn, type ChildProcess } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { createConnection } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { freePort } from './serverProcess';

export interface RunningRedis {
  port: number;
  url: string;
  /** The server's process id (undefined once it was killed). */
  pid(): number | undefined;
  output(): string;
  /** Stop the server (SIGKILL by default; the port stops answering); `start()` brings it back. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Freeze the server (SIGSTOP): connections stay open but nothing answers; `thaw()` continues. */
  freeze(): void;
  thaw(): void;
  /** Start again on the same port after `kill()`. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;
const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';

export interface StartRedisOptions {
  /**
   * Write every command to an append-only file (fsync always), so `kill('SIGTERM')` then `start()`
   * is a Redis restart that keeps its data; without it a restart comes back empty.
   */
  persist?: boolean;
}

export async function startRedis(options: StartRedisOptions = {}): Promise<RunningRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'mci-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  let output = '';

  const launch = async () => {
    child = spawn(
      REDIS_SERVER,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        options.persist ? 'yes' : 'no',
        '--appendfsync',
        'always',
        '--protected-mode',
        'yes',
        '--daemonize',
        'no',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    );
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    await waitForPort(port, START_TIMEOUT_MS, () => child?.exitCode !== null);
  };
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    const running = child;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) {
      return;
    }
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await exited;
  };

  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pid: () => child?.pid,
    output: () => output,
    kill,
    freeze: () => child?.kill('SIGSTOP'),
    thaw: () => child?.kill('SIGCONT'),
    start: launch,
    async stop() {
      child?.kill('SIGCONT');
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, timeoutMs: number, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !hasExited()) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`startRedis: redis-server did not accept connections on ${port} within ${timeoutMs} ms`);
}
