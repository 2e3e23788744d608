/**
 * The child side of `mci-sim load --workers N` (`mci-sim load --worker`, started by
 * `load/runWorkers.ts`): wait for the plan over IPC, run it, stream a tick each second, send the
 * report, exit. It owns its process (IPC, signals, exit), so it lives with the CLI.
 */
import { buildReport } from '../load/report';
import { runLoad } from '../load/runLoad';
import type { CreateClient } from '../load/LoadSession';
import type { ParentMessage, WorkerMessage } from '../load/runWorkers';

/** Sockets still finishing their close handshake must not hold a finished worker up longer. */
const EXIT_GRACE_MS = 2000;

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
        setTimeout(() => process.exit(0), EXIT_GRACE_MS).unref();
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
