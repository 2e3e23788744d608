/**
 * Graceful stop for the long-running commands: SIGTERM or SIGINT runs `shutdown` once and exits 0
 * when it finished (1 when it failed); a second signal exits at once.
 */
import type { Logger } from 'pino';

export function stopOnSignals(
  logger: Logger,
  shutdown: () => Promise<unknown>,
  /** Fields for the final `stopped` log line, read once shutdown finished. */
  stoppedFields: () => object = () => ({})
): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    shutdown().then(
      () => {
        logger.info(stoppedFields(), 'stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      }
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
