/**
 * Start the real simulator server (`mci-sim serve`) as a child process for integration tests.
 * Binds 127.0.0.1 on a free port (or the one given, so a test
 * can restart a server on the same port), reads the bound port from the "listening" log line and
 * resolves once `GET /readyz` answers 200.
 */
import { spawn, type ChildProcess } from 'child_process';
import { join } from 'path';

export interface StartSimulatorOptions {
  /** `serve` (default) or `gateway` (then `args` must carry `--redis URL`; ready once it follows a run). */
  command?: 'serve' | 'gateway';
  /** Extra `serve` arguments; `--no-auth` is added unless they contain `--api-key`. */
  args?: string[];
  /** Extra environment variables for the child. */
  env?: Record<string, string>;
  /** Port to bind; default 0 (a free port). */
  port?: number;
  /** How long to wait for the server to be ready; default 30 s. */
  startTimeoutMs?: number;
  /** The `mci-sim` script to run; default this repository's `bin/mci-sim.js` (e.g. an installed package's). */
  cli?: string;
  /** Working directory of the child; default the repository root. */
  cwd?: string;
  /** Node options for the child before the script (`--cpu-prof`, say). */
  nodeArgs?: string[];
}

export interface RunningSimulator {
  port: number;
  /** `http://127.0.0.1:PORT` */
  httpUrl: string;
  /** `ws://127.0.0.1:PORT/telemetry` */
  wsUrl: string;
  process: ChildProcess;
  /** Everything the server wrote so far (stdout then stderr interleaved as received). */
  output(): string;
  /** Send a signal (default SIGTERM) and resolve with the exit code once the process ended. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'mci-sim.js');
const STOP_TIMEOUT_MS = 10_000;
const READY_POLL_MS = 50;

export async function startSimulator(options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const args = options.args ?? [];
  const auth = args.includes('--api-key') ? [] : ['--no-auth'];
  // Never the default data directory: a test that wants a store passes its own --store.
  const store = args.includes('--store') ? [] : ['--store', 'memory'];
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      options.cli ?? CLI,
      options.command ?? 'serve',
      '--host',
      '127.0.0.1',
      '--port',
      String(options.port ?? 0),
      ...auth,
      ...store,
      ...args,
    ],
    { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] }
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));

  const port = await new Promise<number>((resolve, reject) => {
    let pending = '';
    const timer = setTimeout(
      () => fail(`the server did not log "listening" within ${options.startTimeoutMs ?? 30_000} ms`),
      options.startTimeoutMs ?? 30_000
    );
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`startSimulator: ${why}. Output:\n${output}`));
    };
    const onExit = (code: number | null) => fail(`the server exited with code ${code} before listening`);
    child.once('exit', onExit);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const bound = listeningPort(line);
        if (bound !== undefined) {
          clearTimeout(timer);
          child.removeListener('exit', onExit);
          resolve(bound);
        }
      }
    });
  });

  const httpUrl = `http://127.0.0.1:${port}`;
  await waitForReady(`${httpUrl}/readyz`, options.startTimeoutMs ?? 30_000, () => child.exitCode !== null);

  return {
    port,
    httpUrl,
    wsUrl: `ws://127.0.0.1:${port}/telemetry`,
    process: child,
    output: () => output,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) {
        return child.exitCode;
      }
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

function listeningPort(line: string): number | undefined {
  if (!line.includes('"listening"')) {
    return undefined;
  }
  try {
    const record = JSON.parse(line) as { msg?: unknown; port?: unknown };
    return record.msg === 'listening' && typeof record.port === 'number' ? record.port : undefined;
  } catch {
    return undefined;
  }
}

async function waitForReady(url: string, timeoutMs: number, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !hasExited()) {
    try {
      const response = await fetch(url);
      if (response.status === 200) {
        return;
      }
    } catch {
      // not accepting connections yet
    }
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
  throw new Error(`startSimulator: ${url} did not answer 200 within ${timeoutMs} ms`);
}
