/**
 * The logger handed to the shared client, and used for the data source's own skips: each line
 * goes to the browser console with its reason, so a skipped message can be traced.
 */
import type { ClientOptions } from '../client';

type Logger = NonNullable<ClientOptions['logger']>;

/** `message: what. Why: why` when the detail is a what/why/how error, else the detail as is. */
function describe(message: string, detail: unknown): unknown[] {
  const error = detail as { what?: unknown; why?: unknown } | undefined;
  if (error && typeof error.what === 'string') {
    return [`MCI data source: ${message}: ${error.what}. Why: ${String(error.why ?? 'unknown')}`, detail];
  }
  return detail === undefined ? [`MCI data source: ${message}`] : [`MCI data source: ${message}`, detail];
}

export const consoleLogger: Logger = {
  warn: (message, detail) => console.warn(...describe(message, detail)),
};
