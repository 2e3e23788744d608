/**
 * `mci-sim engine --redis URL`: runs the engine and publishes its events to the Redis bus for any
 * number of `mci-sim gateway` processes (docs/scaling.md). It takes `serve`'s flags; those about
 * clients (port, auth, limits) belong to the gateways and are ignored here. With `--store` it is the
 * store's one writer (gateways only read it); without, it stores nothing.
 */
import type { Command } from 'commander';
import pino from 'pino';
import { createEnginePublisher } from '../bus/createEnginePublisher';
import { addServeOptions, mergeServeOptions } from '../config/serveOptions';
import { resolveServeConfig } from '../config/serveConfig';
import { createEngine } from '../engine';
import { readReplay } from '../replay/createReplayEngine';
import { openStore } from '../store/openStore';
import { addRedisOptions, redisOptionsOf } from './redisOption';
import { stopOnSignals } from './stopOnSignals';

export function registerEngine(program: Command): void {
  addRedisOptions(
    addServeOptions(
      program
        .command('engine')
        .description('run the simulated engine and publish its events to Redis for mci-sim gateway processes')
    )
  ).action(async (_options: unknown, command: Command) => {
    // The engine serves no client, so it needs no credential (the gateways check them).
    const config = resolveServeConfig({ ...mergeServeOptions(command), auth: false });
    const redis = redisOptionsOf(command);
    const logger = pino(
      { level: config.logLevel, base: { service: 'mci-sim-engine' } },
      pino.destination({ dest: 1, sync: true })
    );
    const replay = config.replay;
    const store = config.store === undefined ? undefined : await openStore(config.store);
    const engine = createEnginePublisher(config, {
      store,
      // Read before the engine starts its clock, as serve does.
      createEngine: replay === undefined ? createEngine : readReplay(replay, { speed: config.speed }),
      logger,
      redisUrl: redis.url,
      prefix: redis.prefix,
    });
    await engine.start();
    logger.info(
      {
        epoch: engine.epoch,
        redis: redis.url.replace(/\/\/[^@]*@/, '//***@'),
        prefix: redis.prefix,
        seed: config.seed,
        speed: config.speed,
        store: store?.location ?? 'none',
      },
      'publishing'
    );
    process.stderr.write(
      `MCI engine publishing to ${redis.url.replace(/\/\/[^@]*@/, '//***@')} (epoch ${engine.epoch})\n`
    );

    stopOnSignals(
      logger,
      () => engine.stop().then(() => store?.close()),
      () => ({ dropped: engine.publisher.droppedEvents, pending: engine.publisher.pending })
    );
  });
}
