/**
 * `mci-sim engine`: the engine driven from real time, as in `mci-sim serve`, publishing every event
 * to the Redis bus instead of to sockets (docs/scaling.md). It starts a new run (epoch), writes
 * the real-time cache and, twice a second, the engine's snapshot for the gateways' REST; it runs
 * the scenario commands gateways send over Redis, and it is the one writer of a shared store:
 * each event goes to the store once, with the `seq` Redis gave it.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Engine, EngineConfig, EngineEvent } from '../engine/types';
import { EngineDriver } from '../server/EngineDriver';
import { engineConfigOf, newEpoch } from '../server/engineRun';
import type { ServeConfig } from '../server/serverConfig';
import { localScenarioControl } from '../server/ScenarioControl';
import { stateChannelData } from '../server/telemetryState';
import type { Store } from '../store/Store';
import { createStoreWriter, type StoreWriter } from '../store/StoreWriter';
import { RedisPublisher } from './RedisPublisher';
import { REALTIME_TTL_SECONDS, RECENT_ERRORS, realtimeWrites } from './realtimeCache';
import { redisConnection } from './redisConnection';
import { DEFAULT_PREFIX, redisKeys } from './redisModel';
import { SNAPSHOT_INTERVAL_MS, type PublishedSnapshot } from './RemoteEngineView';
import { ScenarioCommandListener } from './ScenarioCommandListener';

/** Events waiting for an unreachable Redis before new ones are dropped (and the gap marked). */
const MAX_PENDING_EVENTS = 50_000;
/** The state keys outlive any pause of a running engine, and expire after it stopped. */
const STATE_TTL_MS = 24 * 60 * 60 * 1000;
/** How long stopping waits for the last events to reach Redis. */
const FLUSH_TIMEOUT_MS = 2000;

export interface EnginePublisherDeps {
  createEngine: (config: EngineConfig) => Engine;
  logger: Logger;
  redisUrl: string;
  prefix?: string;
  now?: () => number;
  /** Where events are kept (`--store`); this process is its only writer. Opened and closed by the caller. */
  store?: Store;
}

export interface EnginePublisher {
  readonly epoch: string;
  readonly engine: Engine;
  readonly publisher: RedisPublisher;
  /** Undefined without a store. */
  readonly storeWriter: StoreWriter | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createEnginePublisher(config: ServeConfig, deps: EnginePublisherDeps): EnginePublisher {
  const now = deps.now ?? Date.now;
  const { logger } = deps;
  const prefix = deps.prefix ?? DEFAULT_PREFIX;
  const keys = redisKeys(prefix);
  const startTime = now();
  const epoch = newEpoch(startTime);
  const engine = deps.createEngine(engineConfigOf(config, startTime));
  const redis = redisConnection(deps.redisUrl, 'mci-engine', logger, true);
  const publisher = new RedisPublisher({
    redis,
    keys,
    epoch,
    streamMaxLength: config.historySize,
    stateTtlMs: STATE_TTL_MS,
    maxPending: MAX_PENDING_EVENTS,
    logger,
  });
  let snapshotTimer: NodeJS.Timeout | undefined;
  const writerFor = (store: Store, runEpoch: string) =>
    createStoreWriter({
      store,
      epoch: runEpoch,
      logger,
      now,
      retention: { rawMs: config.retentionRawMs, aggregateMs: config.retentionAggregateMs },
      source: 'serve',
      stateSampleMs: config.storeSampleMs,
    });
  let storeWriter = deps.store === undefined ? undefined : writerFor(deps.store, epoch);
  let writerEpoch = epoch;
  const closing: Array<Promise<void>> = [];
  publisher.onNumbered((event, data) => {
    if (storeWriter === undefined || deps.store === undefined) {
      return;
    }
    // Redis lost the run and numbering started again under a successor epoch: store it under that.
    if (publisher.epoch !== writerEpoch) {
      closing.push(storeWriter.close());
      writerEpoch = publisher.epoch;
      storeWriter = writerFor(deps.store, writerEpoch);
    }
    storeWriter.publish(event, data);
  });

  const publishEvents = (events: EngineEvent[]) => {
    const cache = redis.pipeline();
    const touched = new Set<string>();
    for (const event of events) {
      publisher.publish(event.channel, event.data, event.time);
      writeRealtime(cache, realtimeWrites(prefix, event.channel, event.data), touched);
    }
    touched.forEach((key) => cache.expire(key, REALTIME_TTL_SECONDS));
    // While Redis is away the events wait in the publisher's bounded queue; the cache just skips.
    if (cache.length > 0 && redis.status === 'ready') {
      cache.exec().catch((error: unknown) => logger.warn({ err: error }, 'writing the real-time cache failed'));
    }
  };
  const driver = new EngineDriver({
    engine,
    speed: config.speed,
    now,
    realStart: startTime,
    onEvents: publishEvents,
    onError: (error) => logger.error({ err: error }, 'engine failed to advance'),
  });
  const writeSnapshot = () => {
    if (redis.status !== 'ready') {
      return;
    }
    const published: PublishedSnapshot = {
      snapshot: engine.snapshot(),
      activeScenarios: engine.activeScenarios(),
      symbols: [...engine.symbols],
    };
    redis
      .set(keys.snapshot, JSON.stringify(published), 'PX', SNAPSHOT_INTERVAL_MS * 20)
      .catch((error: unknown) => logger.debug({ err: error }, 'writing the engine snapshot failed'));
  };
  const subscriber = redisConnection(deps.redisUrl, 'mci-engine-control', logger);
  const commands = new ScenarioCommandListener({
    redis,
    subscriber,
    channel: keys.control,
    control: localScenarioControl(engine, () => {
      driver.poke();
      // Gateways list the active scenarios from the snapshot: show the change now, not in 0.5 s.
      writeSnapshot();
    }),
    logger,
  });

  return {
    epoch,
    engine,
    publisher,
    get storeWriter() {
      return storeWriter;
    },
    async start() {
      const seeds = stateChannelData(engine.snapshot());
      await publisher.begin(seeds, startTime);
      await commands.listen();
      writeSnapshot();
      snapshotTimer = setInterval(writeSnapshot, SNAPSHOT_INTERVAL_MS);
      driver.start();
    },
    async stop() {
      driver.stop();
      clearInterval(snapshotTimer);
      subscriber.disconnect();
      await Promise.race([publisher.flush(), new Promise((resolve) => setTimeout(resolve, FLUSH_TIMEOUT_MS))]);
      await Promise.all([...closing, storeWriter?.close()]);
      redis.disconnect();
    },
  };
}

/** Queue the writes; each key's TTL is refreshed once per step (`touched`), not once per write. */
function writeRealtime(
  pipeline: ReturnType<Redis['pipeline']>,
  writes: ReturnType<typeof realtimeWrites>,
  touched: Set<string>
): void {
  for (const write of writes) {
    if (write.op === 'hset') {
      pipeline.hset(write.key, write.fields);
    } else if (write.op === 'hdel') {
      pipeline.hdel(write.key, write.field);
    } else {
      pipeline.lpush(write.key, write.entry);
      pipeline.ltrim(write.key, 0, RECENT_ERRORS - 1);
    }
    touched.add(write.key);
  }
}
