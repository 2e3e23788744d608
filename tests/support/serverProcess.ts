/**
 * A server binary started by a test helper (Prometheus, Alertmanager): its output kept for error
 * messages, a spawn failure remembered rather than thrown, and a `stop()` that ends it (SIGTERM,
 * then SIGKILL after a bound) and removes its temporary directory.
 */
import { spawn, type ChildProcess } from 'child_process';
import { rmSync } from 'fs';
import { createServer } from 'net';

export interface ServerProcess {
  child: ChildProcess;
  output(): string;
  /** Set when the binary could not be started at all (e.g. not installed). */
  spawnError(): Error | undefined;
  /** True once it failed to start or exited. */
  failed(): boolean;
  stop(): Promise<void>;
}

export function spawnServer(command: string, args: string[], dir: string, stopTimeoutMs: number): ServerProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  return {
    child,
    output: () => output,
    spawnError: () => spawnError,
    failed: () => spawnError !== undefined || child.exitCode !== null,
    async stop() {
      if (spawnError === undefined && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A port nobody listens on now, on loopback (the server binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))
      );
    });
  });
}
