/**
 * Start `mci-sim bridge` as a child process for integration tests: binds 127.0.0.1 on a free port,
 * reads the port from its "listening" log line; `stop()` ends it (SIGKILL after a grace period).
 */
import { spawn, type ChildProcess } from 'child_process';
import { join } from 'path';

export interface RunningBridge {
  port: number;
  /** http://127.0.0.1:PORT */
  httpUrl: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'mci-sim.js');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

/** `cli`: the `mci-sim` script to run (default this repository's; e.g. an installed package's). */
export async function startBridge(
  args: string[],
  env: Record<string, string> = {},
  { cli = CLI, cwd = ROOT }: { cli?: string; cwd?: string } = {}
): Promise<RunningBridge> {
  const child = spawn(process.execPath, [cli, 'bridge', '--host', '127.0.0.1', '--port', '0', ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`startBridge: ${why}. Output:\n${output}`));
    };
    const timer = setTimeout(() => fail(`no "listening" line within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const onExit = (code: number | null) => fail(`the bridge exited with code ${code} before listening`);
    child.once('exit', onExit);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /"port":(\d+)[^\n]*"msg":"listening"/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.removeListener('exit', onExit);
        resolve(Number(match[1]));
      }
    });
  });
  return {
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        return child.exitCode;
      }
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
