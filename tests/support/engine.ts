/**
 * Start the real `mci-sim engine` (publishing to a Redis bus) as a child process for integration
 * tests; resolves with its epoch once it logged "publishing".
 */
import { spawn, type ChildProcess } from 'child_process';
import { join } from 'path';

export interface RunningEngine {
  epoch: string;
  process: ChildProcess;
  output(): string;
  /** Send a signal (default SIGTERM) and resolve with the exit code once the process ended. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'mci-sim.js');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export async function startEngine(redisUrl: string, args: string[] = []): Promise<RunningEngine> {
  const child = spawn(process.execPath, [CLI, 'engine', '--redis', redisUrl, ...args], {
    cwd: ROOT,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const epoch = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(`no "publishing" line within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`startEngine: ${why}. Output:\n${output}`));
    };
    const onExit = (code: number | null) => fail(`the engine exited with code ${code}`);
    child.once('exit', onExit);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /"epoch":"([^"]+)"[^\n]*"msg":"publishing"/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.removeListener('exit', onExit);
        resolve(match[1]);
      }
    });
  });
  return {
    epoch,
    process: child,
    output: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
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
