/**
 * `--workers N`: N child processes (`mci-sim load --worker`), each running `runLoad` on its share
 * of the clients and churn, so the tool uses every core instead of measuring its own event loop.
 * Workers send an interval every second and their report at the end, over the IPC channel; the
 * parent merges the reports exactly (HDR histograms add), as `mci-sim load merge` does. The child
 * side lives with the CLI (`commands/loadWorker.ts`): it owns the process it runs in.
 */
import { fork, type ChildProcess } from 'child_process';
import { join } from 'path';
import type { LoadReport, Totals } from './report';
import type { IntervalStats } from './LoadStats';
import type { LoadPlan } from './runLoad';

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
