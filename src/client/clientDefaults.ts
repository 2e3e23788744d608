/**
 * The one home of the client's defaults (spec 001 and spec 000 values) and the validation of its
 * options, done once when a client is created, with errors that name the option and say why.
 */
import type { ClientOptions } from './types';

export const CLIENT_DEFAULTS = {
  /** How long the last unsubscribe of a channel waits before it reaches the server. */
  lingerMs: 5000,
  /** Spec 001: 1, 2, 4, 8, 16 s; the last delay then repeats for as long as the client is wanted. */
  backoffMs: [1000, 2000, 4000, 8000, 16_000] as readonly number[],
  /** ± this fraction of each delay, so many clients do not reconnect in lock step. */
  jitter: 0.2,
  /**
   * After the server announced a restart (`reconnect`), retry this often (± jitter) instead of
   * the spec backoff, for `restartRetryWindowMs` past its delay: the server said it is coming
   * back, so data should flow again within moments of it being ready, not a backoff step later.
   */
  restartRetryMs: 500,
  restartRetryWindowMs: 30_000,
  /** Spec 000: poll the REST snapshot every 2 s while the socket is down. */
  pollIntervalMs: 2000,
  batchMs: 0,
  /** Spec 001 heartbeat period, used until `connection:ack` gives the server's. */
  heartbeatIntervalMs: 30_000,
  /** A connection that shows no frame for this many heartbeat intervals is dead. */
  missedHeartbeats: 2,
  /**
   * A gap-healing snapshot read not answered within this long is given up: the events held back
   * for it are released and the gap stays marked, so a hanging REST server never freezes a channel.
   */
  healTimeoutMs: 5000,
  /** `roundTrip()` gives up after this long. */
  roundTripTimeoutMs: 5000,
  /**
   * Largest server frame accepted, in characters: snapshots of large books exceed the protocol's
   * default 64 KiB inbound limit, which is meant for what servers accept from clients.
   */
  maxFrameChars: 32 * 1024 * 1024,
} as const;

export type ResolvedClientOptions = Required<Omit<ClientOptions, 'httpGet' | 'getTicket' | 'logger'>> &
  Pick<ClientOptions, 'httpGet' | 'getTicket'> & {
    logger: NonNullable<ClientOptions['logger']>;
  };

const silentLogger = { warn: () => undefined };

export function resolveClientOptions(options: ClientOptions): ResolvedClientOptions {
  const resolved: ResolvedClientOptions = {
    ...options,
    wsUrls: options.wsUrls ?? [],
    lingerMs: options.lingerMs ?? CLIENT_DEFAULTS.lingerMs,
    backoffMs: options.backoffMs ?? [...CLIENT_DEFAULTS.backoffMs],
    jitter: options.jitter ?? CLIENT_DEFAULTS.jitter,
    pollIntervalMs: options.pollIntervalMs ?? CLIENT_DEFAULTS.pollIntervalMs,
    batchMs: options.batchMs ?? CLIENT_DEFAULTS.batchMs,
    logger: options.logger ?? silentLogger,
    now: options.now ?? (() => Date.now()),
    random: options.random ?? Math.random,
  };
  if (!/^wss?:\/\//i.test(resolved.wsUrl)) {
    invalid('wsUrl', `expected a ws:// or wss:// URL, got ${JSON.stringify(resolved.wsUrl)}`);
  }
  resolved.wsUrls.forEach((url, index) => {
    if (!/^wss?:\/\//i.test(url)) {
      invalid(`wsUrls[${index}]`, `expected a ws:// or wss:// URL, got ${JSON.stringify(url)}`);
    }
  });
  if (typeof resolved.webSocketFactory !== 'function') {
    invalid('webSocketFactory', 'expected a function (url) => WebSocket');
  }
  nonNegative('lingerMs', resolved.lingerMs);
  nonNegative('pollIntervalMs', resolved.pollIntervalMs);
  nonNegative('batchMs', resolved.batchMs);
  if (resolved.pollIntervalMs === 0) {
    invalid('pollIntervalMs', 'expected a positive interval, got 0');
  }
  if (resolved.backoffMs.length === 0) {
    invalid('backoffMs', 'expected at least one delay');
  }
  resolved.backoffMs.forEach((delay, index) => nonNegative(`backoffMs[${index}]`, delay));
  if (!(resolved.jitter >= 0 && resolved.jitter <= 1)) {
    invalid('jitter', `expected a fraction from 0 to 1, got ${resolved.jitter}`);
  }
  return resolved;
}

function nonNegative(name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    invalid(name, `expected a number of milliseconds ≥ 0, got ${value}`);
  }
}

function invalid(name: string, why: string): never {
  throw new Error(`createMciClient: option ${name}: ${why}.`);
}
