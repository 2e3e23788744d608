/**
 * `--workers N`: N child processes (`mci-sim load --worker`), each running `runLoad` on its share
 * of the clients and churn, so the tool uses every core instead of measuring its own event loop.
 * Workers send an interval every second and their report at the end, over the IPC channel; the
 * parent merges the reports exactly (HDR histograms add), as `mci-sim load merge` does.
 */
import { fork, type ChildProcess } from 'child_process';
import { join } from 'path';
import { buildReport, type LoadReport, type Totals } from './report';
import type { IntervalStats } from './LoadStats';
import { runLoad, type LoadPlan } from './runLoad';
import type { CreateClient } from './LoadSession';

const CLI = join(__dirname, '..', '..', 'bin', 'mci-sim.js');

export type ParentMessage = { type: 'plan'; plan: LoadPlan } | { type: 'stop' };
export type WorkerMessage =
  | { type: 'tick'; interval: IntervalStats; totals: Totals }
  | { type: 'report'; report: LoadReport }
  | { type: 'failed'; message: string };

/** Split `total` into `parts` whole shares that differ by at most one. */
export function shares(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

export interface RunWorkersDeps {
  onTick: (worker: number, interval: IntervalStats, totals: Totals) => void;
  signal?: AbortSignal;
}

export async function runWorkers(plan: LoadPlan, workers: number, deps: RunWorkersDeps): Promise<LoadReport[]> {
  const clients = shares(plan.clients, workers);
  const children: ChildProcess[] = [];
  const stopAll = () =>
    children.forEach((child) => child.connected && child.send({ type: 'stop' } satisfies ParentMessage));
  deps.signal?.addEventListener('abort', stopAll, { once: true });
  try {
    return await Promise.all(
      clients.map((count, index) => {
        const child = fork(CLI, ['load', '--worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        children.push(child);
        const share: LoadPlan = {
          ...plan,
          clients: count,
          churnPerSecond: (plan.churnPerSecond * count) / plan.clients,
        };
        child.send({ type: 'plan', plan: share } satisfies ParentMessage);
        return new Promise<LoadReport>((resolve, reject) => {
          let report: LoadReport | undefined;
          let failure: string | undefined;
          child.on('message', (message: WorkerMessage) => {
            if (message.type === 'tick') {
              deps.onTick(index, message.interval, message.totals);
            } else if (message.type === 'report') {
              report = message.report;
            } else {
              failure = message.message;
            }
          });
          child.once('exit', (code) =>
            report !== undefined
              ? resolve(report)
              : reject(
                  new Error(
                    `load worker ${index + 1} of ${workers} ended (exit ${code}) without a report${failure ? `: ${failure}` : ''}; re-run with --workers 1 to see its error.`
                  )
                )
          );
        });
      })
    );
  } finally {
    deps.signal?.removeEventListener('abort', stopAll);
    children.forEach((child) => child.exitCode === null && child.signalCode === null && child.kill('SIGTERM'));
  }
}

/** The child side: wait for the plan, run it, stream ticks, send the report, exit. */
export function serveAsWorker(createClient: CreateClient): void {
  const send = (message: WorkerMessage) => process.send?.(message);
  const abort = new AbortController();
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stop') {
      abort.abort();
      return;
    }
    runLoad(message.plan, {
      createClient,
      signal: abort.signal,
      onTick: ({ interval, stats }) => send({ type: 'tick', interval, totals: stats.totals }),
    }).then(
      ({ stats, measurements }) => {
        send({ type: 'tick', interval: stats.takeInterval(), totals: stats.totals });
        send({ type: 'report', report: buildReport(measurements, []) });
        process.disconnect?.();
        // Sockets still finishing their close handshake must not hold the worker up.
        setTimeout(() => process.exit(0), 2000).unref();
      },
      (error: unknown) => {
        send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
        process.exitCode = 1;
        process.disconnect?.();
      }
    );
  });
  // Ctrl-C reaches the whole process group: the parent stops the workers itself.
  process.on('SIGINT', () => undefined);
}
