/**
 * `mci-sim gateway --redis URL --port N`: serves WebSocket, REST and the other HTTP routes of
 * `mci-sim serve` from the Redis bus an `mci-sim engine` publishes to (docs/scaling.md). The same
 * server code as `serve`, with the bus injected. It takes `serve`'s flags; those about the engine
 * (seed, speed, rates, scenarios) belong to the engine process and are ignored here. `--store`
 * opens the store the engine writes read-only, for the history routes (docs/scaling.md).
 */
import type { Command } from 'commander';
import pino from 'pino';
import { registerBusMetrics } from '../bus/busMetrics';
import { createRedisSource } from '../bus/createRedisSource';
import { addServeOptions, mergeServeOptions } from '../config/serveOptions';
import { resolveServeConfig } from '../config/serveConfig';
import { createEngine } from '../engine';
import { createSimulatorServer } from '../server/createSimulatorServer';
import { openStore } from '../store/openStore';
import { addRedisOptions, redisOptionsOf } from './redisOption';
import { stopOnSignals } from './stopOnSignals';

export function registerGateway(program: Command): void {
  addRedisOptions(
    addServeOptions(
      program
        .command('gateway')
        .description('serve WebSocket /telemetry, REST and /metrics to clients from the Redis bus of mci-sim engine')
    )
  ).action(async (_options: unknown, command: Command) => {
    const config = resolveServeConfig(mergeServeOptions(command));
    const redis = redisOptionsOf(command);
    const logger = pino(
      { level: config.logLevel, base: { service: 'mci-sim-gateway' } },
      pino.destination({ dest: 1, sync: true })
    );
    const remote = createRedisSource({
      url: redis.url,
      prefix: redis.prefix,
      historySize: config.historySize,
      historyBytes: config.historyBytes,
      logger,
    });
    // The engine is the store's one writer: a gateway opens a database store read-only.
    const store = await openStore(config.store ?? 'memory', { readOnly: true });
    const server = createSimulatorServer(config, { createEngine, logger, remote, store });
    registerBusMetrics(server.registry, remote.bus);
    const info = await server.listen();
    logger.info(
      {
        ...info,
        auth: config.auth,
        store: store.location,
        redis: redis.url.replace(/\/\/[^@]*@/, '//***@'),
        prefix: redis.prefix,
      },
      'listening'
    );
    process.stderr.write(
      [
        `MCI gateway on ${info.httpUrl}${config.auth ? ' (API key required)' : ' (no auth)'}, from Redis`,
        `  WebSocket   ${info.wsUrl}`,
        `  REST        ${info.restUrl}`,
        `  Prometheus  ${info.metricsUrl}`,
        '',
      ].join('\n')
    );

    stopOnSignals(logger, () => server.close().then(() => store.close()));
  });
}
