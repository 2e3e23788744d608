/**
 * One ioredis connection as the bus uses it: commands wait while Redis is away (they are sent
 * when it is back, in order) instead of failing, and reconnection backs off exponentially with
 * jitter up to 2 s, so a Redis restart is not met by every gateway at the same instant. An outage
 * is logged once when it starts and once when it ends, not on every retry.
 */
import type * as IoRedis from 'ioredis';
import { loadOptional } from '../optional/loadOptional';
import type { Logger } from 'pino';

const MAX_RECONNECT_DELAY_MS = 2000;

export function reconnectDelay(attempt: number, random: () => number): number {
  const base = Math.min(MAX_RECONNECT_DELAY_MS, 100 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base / 2 + (random() * base) / 2);
}

/**
 * `autoPipelining`: commands issued in one turn of the event loop leave in one write (the engine
 * publishes a whole step's events at once).
 */
export function redisConnection(url: string, name: string, logger: Logger, autoPipelining = false): IoRedis.Redis {
  const { Redis: RedisClient } = loadOptional<typeof IoRedis>('ioredis', '5.9.2', 'The Redis bus');
  const redis = new RedisClient(url, {
    connectionName: name,
    enableAutoPipelining: autoPipelining,
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => reconnectDelay(attempt, Math.random),
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (!down) {
      down = true;
      logger.warn({ connection: name, err: error.message }, 'Redis unreachable; reconnecting with backoff');
    }
  });
  redis.on('ready', () => {
    if (down) {
      down = false;
      logger.info({ connection: name }, 'Redis reachable again');
    }
  });
  redis.on('close', () => {
    down = true;
  });
  return redis;
}

/**
 * Keep `subscriber` subscribed to `channel`: now, and again every time the connection is ready
 * after a drop. ioredis resubscribes by itself only to the channels Redis had confirmed before the
 * drop, and gives no promise for it; a repeated SUBSCRIBE is harmless. Returns the confirmation of
 * the latest subscription: false when it failed (logged; the next `ready` tries again).
 */
export function keepSubscribed(subscriber: IoRedis.Redis, channel: string, logger: Logger): () => Promise<boolean> {
  let confirmed: Promise<boolean> = Promise.resolve(false);
  const subscribe = () => {
    confirmed = subscriber.subscribe(channel).then(
      () => true,
      (error: unknown) => {
        logger.warn({ err: error, channel }, 'subscribing to a Redis channel failed; tried again when it reconnects');
        return false;
      }
    );
  };
  subscribe();
  subscriber.on('ready', subscribe);
  return () => confirmed;
}
