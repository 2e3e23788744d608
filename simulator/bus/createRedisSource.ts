/**
 * What `mci-sim gateway` serves from: the Redis bus, the engine's snapshot and the shared tickets,
 * as the `RemoteSource` the simulator server takes instead of an engine of its own.
 */
import type { Logger } from 'pino';
import type { RemoteSource } from '../server/createSimulatorServer';
import { RedisBus } from './RedisBus';
import { RedisScenarioControl } from './RedisScenarioControl';
import { RedisTickets } from './RedisTickets';
import { RemoteEngineView } from './RemoteEngineView';
import { redisConnection } from './redisConnection';
import { DEFAULT_PREFIX, redisKeys } from './redisModel';

export interface RedisSourceOptions {
  url: string;
  prefix?: string;
  historySize: number;
  historyBytes: number;
  logger: Logger;
}

export interface RedisSource extends RemoteSource {
  bus: RedisBus;
}

export function createRedisSource(options: RedisSourceOptions): RedisSource {
  const { url, logger } = options;
  const keys = redisKeys(options.prefix ?? DEFAULT_PREFIX);
  const redis = redisConnection(url, 'mci-gateway', logger);
  const bus = new RedisBus({
    redis,
    subscriber: redisConnection(url, 'mci-gateway-sub', logger),
    keys,
    historySize: options.historySize,
    historyBytes: options.historyBytes,
    logger,
  });
  const engine = new RemoteEngineView(redis, keys.snapshot, logger);
  const scenarios = new RedisScenarioControl({
    redis,
    subscriber: redisConnection(url, 'mci-gateway-control', logger),
    keys,
    logger,
  });
  return {
    bus,
    engine,
    tickets: new RedisTickets(redis, keys.ticket),
    available: () => bus.available,
    onAvailability: (listener) => bus.onAvailability(listener),
    onEpochChanged: (listener) => bus.onEpochChanged(listener),
    scenarios,
    start() {
      bus.start();
      engine.start();
      scenarios.listen();
    },
    async close() {
      engine.stop();
      scenarios.close();
      await bus.close();
    },
  };
}
