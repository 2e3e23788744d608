/**
 * The engine's side of the Redis bus (docs/scaling.md): starts a run (a new epoch, the streams of
 * the previous run deleted, the state channels seeded) and publishes each event with one atomic
 * script call per batch (the events of one engine step), so every gateway sees the same `seq` and
 * epoch. Calls are pipelined on one connection (ordered) and never awaited by the engine. While Redis is away they wait in the
 * client's queue and are published, in order, when it is back; past `maxPending` waiting events
 * new ones are dropped, counted and logged, and the channel's next event jumps its `seq` by as
 * many, so every client sees the gap (and re-reads the snapshot) instead of missing events silently.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { CHANNELS, isStateChannel, type Channel } from '../../src/protocol';
import type { ChannelData } from './Bus';
import { PUBLISH_SCRIPT, eventName, formatPayload, wireMessage, type RedisKeys } from './redisModel';

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

/** An event Redis numbered, with its wire bytes (what a store writer takes). */
export interface NumberedEvent {
  channel: Channel;
  seq: number;
  time: number;
  bytes: Buffer;
}

interface Queued {
  channel: Channel;
  data: ChannelData;
  json: string;
  time: number;
  skip: number;
}

interface PublishCommand {
  mciPublish(...args: Array<string | number>): Promise<Array<string | number>>;
}

/** Events per script call: a long catch-up step still leaves in calls that keep Redis responsive. */
export const MAX_BATCH_EVENTS = 256;

export class RedisPublisher {
  private readonly dropped = new Map<Channel, number>();
  private pendingCount = 0;
  private droppedTotal = 0;
  private generation = 0;
  private currentEpoch: string;
  private idle: Array<() => void> = [];
  private batch: Queued[] = [];
  private readonly numberedListeners: Array<(event: NumberedEvent, data: ChannelData) => void> = [];

  constructor(private readonly options: RedisPublisherOptions) {
    this.currentEpoch = options.epoch;
    options.redis.defineCommand('mciPublish', { lua: PUBLISH_SCRIPT });
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

  /** Called with each event once Redis numbered it, in publish order (the engine's store writer). */
  onNumbered(listener: (event: NumberedEvent, data: ChannelData) => void): void {
    this.numberedListeners.push(listener);
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

  /**
   * Publish one event; never throws, never waits. The events published in one turn of the event
   * loop (an engine step) leave together, in one script call per `MAX_BATCH_EVENTS`.
   */
  publish<C extends Channel>(channel: C, data: ChannelData<C>, time: number): void {
    const { maxPending, logger } = this.options;
    if (this.pendingCount >= maxPending) {
      this.drop(channel, 1);
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
    if (this.batch.length === 0) {
      queueMicrotask(() => this.send());
    }
    this.batch.push({ channel, data, json: JSON.stringify(data), time, skip });
  }

  /** Resolves when every event published so far has reached Redis (or failed). */
  async flush(): Promise<void> {
    if (this.pendingCount > 0) {
      await new Promise<void>((resolve) => this.idle.push(resolve));
    }
  }

  private send(): void {
    const events = this.batch;
    this.batch = [];
    for (let from = 0; from < events.length; from += MAX_BATCH_EVENTS) {
      this.call(events.slice(from, from + MAX_BATCH_EVENTS));
    }
  }

  private call(events: Queued[]): void {
    const { redis, keys, streamMaxLength, stateTtlMs, logger } = this.options;
    const keyArgs: string[] = [keys.meta];
    const argv: Array<string | number> = [
      `${this.options.epoch}-${this.generation + 1}`,
      streamMaxLength,
      stateTtlMs,
      keys.live,
    ];
    for (const event of events) {
      keyArgs.push(keys.stream(event.channel), keys.state(event.channel));
      argv.push(
        event.channel,
        eventName(event.channel),
        event.json,
        event.time,
        event.skip,
        isStateChannel(event.channel) ? '1' : '0'
      );
    }
    (redis as unknown as PublishCommand)
      .mciPublish(keyArgs.length, ...keyArgs, ...argv)
      .then(
        ([epoch, created, ...seqs]) => {
          if (created === 1) {
            this.generation += 1;
            logger.warn(
              { previous: this.currentEpoch, epoch },
              'Redis lost the run state (flush or failover); clients start a new epoch and re-read snapshots'
            );
          }
          this.currentEpoch = String(epoch);
          this.numbered(events, seqs as number[]);
        },
        (error: unknown) => {
          // Each channel's next event jumps its seq by as many more, so clients see this loss.
          events.forEach((event) => this.drop(event.channel, 1));
          logger.error(
            { err: error, events: events.length },
            'publishing to Redis failed; the events are lost and the gap marked'
          );
        }
      )
      .finally(() => {
        this.pendingCount -= events.length;
        if (this.pendingCount === 0) {
          this.idle.splice(0).forEach((resolve) => resolve());
        }
      });
  }

  private numbered(events: Queued[], seqs: number[]): void {
    if (this.numberedListeners.length === 0) {
      return;
    }
    events.forEach((event, index) => {
      const seq = seqs[index];
      const numbered = {
        channel: event.channel,
        seq,
        time: event.time,
        bytes: wireMessage(event.channel, event.json, seq),
      };
      this.numberedListeners.forEach((listener) => listener(numbered, event.data));
    });
  }

  private drop(channel: Channel, count: number): void {
    this.dropped.set(channel, (this.dropped.get(channel) ?? 0) + count);
    this.droppedTotal += count;
  }
}
