/**
 * The wait before the next reconnect try, from what is known when the socket ends: the delay the
 * server asked for in `reconnect` wins; while an announced restart's window lasts the client
 * retries every `restartRetryMs`; otherwise the spec backoff for this attempt. Pure: the clock and
 * the random source are passed in.
 */
import { backoffDelay } from './backoffDelay';

export interface ReconnectDelayInput {
  /** 1 for the first retry since the last successful connection. */
  attempt: number;
  /** The `delay` of the server's `reconnect` event, for the one try that follows it. */
  serverDelayMs?: number;
  /** Epoch ms until which an announced restart is expected to end. */
  restartRetryUntil?: number;
  now: number;
  backoffMs: readonly number[];
  restartRetryMs: number;
  jitter: number;
  random: () => number;
}

export function reconnectDelay(input: ReconnectDelayInput): number {
  if (input.serverDelayMs !== undefined) {
    return input.serverDelayMs;
  }
  const announcedRestart = input.restartRetryUntil !== undefined && input.now < input.restartRetryUntil;
  return announcedRestart
    ? backoffDelay(1, [input.restartRetryMs], input.jitter, input.random)
    : backoffDelay(input.attempt, input.backoffMs, input.jitter, input.random);
}
