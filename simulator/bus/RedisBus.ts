/**
 * A gateway's view of the Redis bus (docs/scaling.md). It keeps a copy of the streams' tails in a
 * `ChannelHub` (the same class the single process numbers events with), filled live from pub/sub
 * and completed from the streams whenever pub/sub cannot be trusted to be complete: at start,
 * after a reconnection to Redis, after a new epoch, and whenever a live event skips a `seq`.
 * So every gateway holds the same numbered events as every other, and a client can resume on any
 * of them; resume, snapshots and REST are answered from memory, not with a Redis round trip per
 * client (after a gateway dies, thousands of clients resume at once).
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { CHANNELS, isStateChannel, type Channel } from '../../src/protocol';
import { ChannelHub } from '../server/ChannelHub';
import type { Bus, ChannelData, PublishedEvent, PublishedListener, ResumeResult } from './Bus';
import { parseLiveBatch } from './liveBatch';
import { parsePayload, streamEntry, type BusEntry, type RedisKeys, type StreamEntry } from './redisModel';
import type { RedisPublisher } from './RedisPublisher';

/** How often a gateway looks again for a run while no engine has started one. */
const NO_RUN_RETRY_MS = 1000;

export interface RedisBusOptions {
  /** Command connection (stream and key reads). */
  redis: Redis;
  /** A second connection, used only for pub/sub. */
  subscriber: Redis;
  keys: RedisKeys;
  historySize: number;
  historyBytes: number;
  logger: Logger;
  /** When this process also publishes (tests, a single process on Redis). */
  publisher?: RedisPublisher;
}

interface Waiter {
  channel: Channel;
  seq: number;
  done: (caughtUp: boolean) => void;
}

export class RedisBus implements Bus {
  private hub: ChannelHub;
  private readonly listeners: PublishedListener[] = [];
  private readonly epochListeners: Array<(epoch: string) => void> = [];
  private readonly availabilityListeners: Array<(available: boolean) => void> = [];
  private readonly liveName: Buffer;
  private readonly epochsName: Buffer;
  private skipped = 0;
  private readonly waiters = new Set<Waiter>();
  private buffer: BusEntry[] = [];
  private fetching = false;
  private fetchAgain = false;
  private connected = false;
  private synced = false;
  private wasAvailable = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: RedisBusOptions) {
    this.hub = this.newHub('');
    this.liveName = Buffer.from(options.keys.live, 'utf8');
    this.epochsName = Buffer.from(options.keys.epochs, 'utf8');
  }

  /** Subscribe and fill the copy; returns at once (a gateway serves, not ready, while Redis is away). */
  start(): void {
    const { subscriber, keys, logger } = this.options;
    subscriber.on('messageBuffer', (name: Buffer, message: Buffer) => this.onMessage(name, message));
    subscriber.on('ready', () => this.onConnected());
    subscriber.on('close', () => this.onDisconnected());
    subscriber
      .subscribe(keys.live, keys.epochs)
      .then(() => this.onConnected())
      .catch((error: unknown) => logger.error({ err: error }, 'subscribing to the Redis bus failed'));
  }

  /** True while connected to Redis with a complete copy of the current run. */
  get available(): boolean {
    return this.connected && this.synced;
  }

  /** Live messages (or the events at their end) skipped because they could not be read. */
  get skippedMessages(): number {
    return this.skipped;
  }

  /** Resolves true once available, false after `timeoutMs`. */
  async whenAvailable(timeoutMs: number): Promise<boolean> {
    if (this.available) {
      return true;
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(false), timeoutMs);
      const finish = (result: boolean) => {
        clearTimeout(timer);
        const index = this.availabilityListeners.indexOf(listener);
        if (index >= 0) {
          this.availabilityListeners.splice(index, 1);
        }
        resolve(result);
      };
      const listener = (available: boolean) => available && finish(true);
      this.availabilityListeners.push(listener);
    });
  }

  /** Called when the bus becomes available or unavailable (Redis lost, run not found). */
  onAvailability(listener: (available: boolean) => void): void {
    this.availabilityListeners.push(listener);
  }

  /** Called with the new epoch when the engine started a new run (not for the first one seen). */
  onEpochChanged(listener: (epoch: string) => void): void {
    this.epochListeners.push(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.waiters.forEach((waiter) => waiter.done(false));
    this.options.subscriber.disconnect();
    this.options.redis.disconnect();
  }

  get epoch(): string {
    return this.hub.epoch;
  }

  publish<C extends Channel>(channel: C, data: ChannelData<C>, time: number): void {
    if (this.options.publisher === undefined) {
      throw new Error('This process follows the Redis bus; only the engine process publishes to it');
    }
    this.options.publisher.publish(channel, data, time);
  }

  seedState<C extends Channel>(channel: C, data: ChannelData<C>): void {
    this.hub.seedState(channel, data);
  }

  onPublished(listener: PublishedListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) {
        this.listeners.splice(index, 1);
      }
    };
  }

  resume(channel: Channel, point: { epoch: string; seq: number }): ResumeResult {
    return this.hub.resume(channel, point);
  }

  async whenCaughtUp(channel: Channel, seq: number, timeoutMs: number): Promise<boolean> {
    if (this.hub.seq(channel) >= seq) {
      return true;
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => waiter.done(false), timeoutMs);
      const waiter: Waiter = {
        channel,
        seq,
        done: (caughtUp) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(caughtUp);
        },
      };
      this.waiters.add(waiter);
    });
  }

  seq(channel: Channel): number {
    return this.hub.seq(channel);
  }

  allSeqs(): Record<Channel, number> {
    return this.hub.allSeqs();
  }

  latest<C extends Channel>(channel: C): ChannelData<C> | undefined {
    return this.hub.latest(channel);
  }

  snapshotEvent(channel: Channel): PublishedEvent | undefined {
    return this.hub.snapshotEvent(channel);
  }

  history(channel: Channel): PublishedEvent[] {
    return this.hub.history(channel);
  }

  private newHub(epoch: string): ChannelHub {
    const hub = new ChannelHub(epoch, this.options.historySize, this.options.historyBytes);
    hub.onPublished((event, data) => this.listeners.forEach((listener) => listener(event, data)));
    return hub;
  }

  private onConnected(): void {
    if (this.closed) {
      return;
    }
    this.connected = true;
    this.fetch();
  }

  private onDisconnected(): void {
    if (this.connected) {
      this.options.logger.warn('lost the connection to Redis; clients keep their sockets, live data pauses');
    }
    this.connected = false;
    this.synced = false;
    this.announceAvailability();
  }

  /**
   * One live message holds every event of one publish call (an engine step). Only the event
   * headers are read here; each event's wire bytes go to the clients as Redis carried them.
   */
  private onMessage(name: Buffer, message: Buffer): void {
    if (name.equals(this.epochsName)) {
      this.fetch();
      return;
    }
    if (!name.equals(this.liveName)) {
      return;
    }
    const { entries, malformed } = parseLiveBatch(message);
    for (const entry of entries) {
      this.onEntry(entry);
    }
    if (malformed !== undefined) {
      // What follows the bad part is skipped; the next good event skips a seq, so the stream fills it.
      this.skipped += 1;
      this.options.logger.warn(
        { pubsub: name.toString('utf8'), why: malformed, read: entries.length, skipped: this.skipped },
        'skipped the unreadable rest of a live message on the Redis bus; the streams fill the hole'
      );
    }
  }

  private onEntry(entry: BusEntry): void {
    if (this.fetching) {
      this.buffer.push(entry);
      return;
    }
    const current = this.hub.seq(entry.channel);
    if (entry.epoch === this.hub.epoch && entry.seq <= current) {
      return;
    }
    if (entry.epoch === this.hub.epoch && entry.seq === current + 1) {
      this.accept(entry);
      return;
    }
    // A new epoch or a skipped seq: pub/sub missed something; the streams have it.
    this.buffer.push(entry);
    this.fetch();
  }

  /** Complete the copy from Redis, with live events held back meanwhile, then apply them. */
  private fetch(): void {
    if (this.fetching) {
      this.fetchAgain = true;
      return;
    }
    this.fetching = true;
    this.sync()
      .catch((error: unknown) => {
        this.synced = false;
        this.options.logger.warn({ err: error }, 'reading the Redis bus failed; retrying on reconnection');
      })
      .finally(() => {
        this.fetching = false;
        const held = this.buffer;
        this.buffer = [];
        // After a sync, an event of another epoch is a leftover of a finished run.
        held.filter((entry) => entry.epoch === this.hub.epoch).forEach((entry) => this.onEntry(entry));
        this.announceAvailability();
        if (this.fetchAgain && !this.closed) {
          this.fetchAgain = false;
          this.fetch();
        }
      });
  }

  private async sync(): Promise<void> {
    const { redis, keys, historySize, logger } = this.options;
    logger.debug({ seqs: this.hub.allSeqs() }, 'reading the Redis streams');
    const epoch = await redis.hget(keys.meta, 'epoch');
    if (epoch === null) {
      this.synced = false;
      logger.info('no engine run on the Redis bus yet; waiting for mci-sim engine');
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.fetch(), NO_RUN_RETRY_MS);
      return;
    }
    if (epoch !== this.hub.epoch) {
      const first = this.hub.epoch === '';
      this.hub = this.newHub(epoch);
      this.waiters.forEach((waiter) => waiter.done(false));
      logger.info({ epoch }, first ? 'following the engine run on Redis' : 'the engine started a new run');
      if (!first) {
        this.epochListeners.forEach((listener) => listener(epoch));
      }
    }
    const pipeline = redis.pipeline();
    for (const channel of CHANNELS) {
      pipeline.xrevrangeBuffer(keys.stream(channel), '+', `${this.hub.seq(channel) + 1}-0`, 'COUNT', historySize);
      pipeline.getBuffer(keys.state(channel));
    }
    const results = (await pipeline.exec()) ?? [];
    CHANNELS.forEach((channel, index) => {
      const [streamError, entries] = results[index * 2] ?? [];
      const [, state] = results[index * 2 + 1] ?? [];
      if (streamError) {
        throw streamError;
      }
      const kept = ((entries as StreamEntry[] | undefined) ?? [])
        .map((raw) => streamEntry(channel, epoch, raw))
        .filter((entry): entry is BusEntry => entry !== undefined)
        .reverse();
      kept.forEach((entry) => this.accept(entry));
      if (isStateChannel(channel) && this.hub.latest(channel) === undefined && Buffer.isBuffer(state)) {
        this.seedFromState(channel, epoch, state);
      }
    });
    this.synced = true;
  }

  /** A state channel whose events all left the stream: its latest state and `seq` from its key. */
  private seedFromState(channel: Channel, epoch: string, payload: Buffer): void {
    const entry = parsePayload(channel, payload);
    const data = entry === undefined ? undefined : this.dataOf(entry);
    if (entry !== undefined && entry.epoch === epoch && data !== undefined) {
      this.hub.startAfter(channel, entry.seq);
      this.hub.seedState(channel, data, entry.time);
    }
  }

  private accept(entry: BusEntry): void {
    if (entry.seq <= this.hub.seq(entry.channel)) {
      return;
    }
    const data = this.dataOf(entry);
    if (data === undefined) {
      return;
    }
    const { channel, seq, time, bytes } = entry;
    this.hub.record({ channel, seq, time, bytes }, data);
    for (const waiter of this.waiters) {
      if (waiter.channel === channel && waiter.seq <= seq) {
        waiter.done(true);
      }
    }
  }

  private dataOf(entry: BusEntry): ChannelData | undefined {
    try {
      return (JSON.parse(entry.bytes.toString('utf8')) as { data: ChannelData }).data;
    } catch {
      this.skipped += 1;
      this.options.logger.warn(
        { channel: entry.channel, seq: entry.seq, skipped: this.skipped },
        'skipped an unreadable event on the Redis bus'
      );
      return undefined;
    }
  }

  private announceAvailability(): void {
    const available = this.available;
    if (available !== this.wasAvailable) {
      this.wasAvailable = available;
      this.availabilityListeners.slice().forEach((listener) => listener(available));
    }
  }
}
