/**
 * The engine's side of the Redis bus (docs/scaling.md): starts a run (a new epoch, the streams of
 * the previous run deleted, the state channels seeded) and publishes each event with one atomic
 * script call, so every gateway sees the same `seq` and epoch. Calls are pipelined on one
 * connection (ordered) and never awaited by the engine. While Redis is away they wait in the
 * client's queue and are published, in order, when it is back; past `maxPending` waiting events
 * new ones are dropped, counted and logged, and the channel's next event jumps its `seq` by as
 * many, so every client sees the gap (and re-reads the snapshot) instead of missing events silently.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { CHANNELS, isStateChannel, type Channel } from '../../src/protocol';
import type { ChannelData } from './Bus';
import { PUBLISH_SCRIPT, eventName, formatPayload, type RedisKeys } from './redisModel';

export interface RedisPublisherOptions {
  /** A command connection (not a subscriber); the publisher defines its script on it. */
  redis: Redis;
  keys: RedisKeys;
  /** This run's epoch. */
  epoch: string;
  /** Approximate number of events each stream keeps (`XADD … MAXLEN ~`). */
  streamMaxLength: number;
  /** Lifetime of the state keys: a stopped engine's state does not linger forever. */
  stateTtlMs: number;
  /** Events waiting for Redis before new ones are dropped (and the gap marked). */
  maxPending: number;
  logger: Logger;
}

interface PublishCommand {
  mciPublish(...args: Array<string | number>): Promise<[number, string, number]>;
}

export class RedisPublisher {
  private readonly dropped = new Map<Channel, number>();
  private pendingCount = 0;
  private droppedTotal = 0;
  private generation = 0;
  private currentEpoch: string;
  private idle: Array<() => void> = [];

  constructor(private readonly options: RedisPublisherOptions) {
    this.currentEpoch = options.epoch;
    options.redis.defineCommand('mciPublish', { numberOfKeys: 3, lua: PUBLISH_SCRIPT });
  }

  /** The epoch clients see: this run's, or a successor when Redis lost the run's state. */
  get epoch(): string {
    return this.currentEpoch;
  }

  get pending(): number {
    return this.pendingCount;
  }

  /** Events dropped because Redis was away too long (each shows as a `seq` jump). */
  get droppedEvents(): number {
    return this.droppedTotal;
  }

  /** Start this run: the previous run's streams and state go, the state channels start from `seeds`. */
  async begin(seeds: Partial<Record<Channel, ChannelData>>, time: number): Promise<void> {
    const { redis, keys, epoch, stateTtlMs } = this.options;
    const transaction = redis.multi();
    transaction.del(keys.meta, ...CHANNELS.map(keys.stream), ...CHANNELS.map(keys.state));
    transaction.hset(keys.meta, 'epoch', epoch);
    for (const channel of CHANNELS) {
      const data = seeds[channel];
      if (data !== undefined) {
        const bytes = Buffer.from(JSON.stringify({ event: eventName(channel), data, seq: 0 }), 'utf8');
        transaction.set(keys.state(channel), formatPayload({ epoch, seq: 0, time, bytes }), 'PX', stateTtlMs);
      }
    }
    transaction.publish(keys.epochs, epoch);
    await transaction.exec();
  }

  /** Publish one event; never throws, never waits. */
  publish<C extends Channel>(channel: C, data: ChannelData<C>, time: number): void {
    const { redis, keys, streamMaxLength, stateTtlMs, maxPending, logger } = this.options;
    if (this.pendingCount >= maxPending) {
      const count = (this.dropped.get(channel) ?? 0) + 1;
      this.dropped.set(channel, count);
      this.droppedTotal += 1;
      if (this.droppedTotal === 1 || this.droppedTotal % 1000 === 0) {
        logger.warn(
          { channel, dropped: this.droppedTotal, pending: this.pendingCount },
          'Redis is unreachable or not keeping up and the publish queue is full; events are dropped and clients will see the gap'
        );
      }
      return;
    }
    const skip = this.dropped.get(channel) ?? 0;
    this.dropped.delete(channel);
    this.pendingCount += 1;
    (redis as unknown as PublishCommand)
      .mciPublish(
        keys.meta,
        keys.stream(channel),
        keys.state(channel),
        `${this.options.epoch}-${this.generation + 1}`,
        channel,
        eventName(channel),
        JSON.stringify(data),
        time,
        streamMaxLength,
        skip,
        isStateChannel(channel) ? '1' : '0',
        stateTtlMs,
        keys.live(channel)
      )
      .then(
        ([, epoch, created]) => {
          if (created === 1) {
            this.generation += 1;
            logger.warn(
              { previous: this.currentEpoch, epoch },
              'Redis lost the run state (flush or failover); clients start a new epoch and re-read snapshots'
            );
          }
          this.currentEpoch = epoch;
        },
        (error: unknown) => {
          // The next event of the channel jumps its seq by one more, so clients see this loss.
          this.dropped.set(channel, (this.dropped.get(channel) ?? 0) + 1);
          this.droppedTotal += 1;
          logger.error({ err: error, channel }, 'publishing to Redis failed; the event is lost and the gap marked');
        }
      )
      .finally(() => {
        this.pendingCount -= 1;
        if (this.pendingCount === 0) {
          this.idle.splice(0).forEach((resolve) => resolve());
        }
      });
  }

  /** Resolves when every event published so far has reached Redis (or failed). */
  async flush(): Promise<void> {
    if (this.pendingCount > 0) {
      await new Promise<void>((resolve) => this.idle.push(resolve));
    }
  }
}
