/**
 * `mci-sim serve`: the only place that reads flags and environment for the server, binds the
 * port, handles SIGTERM/SIGINT (graceful: `reconnect`, then `connection:closed`) and exits.
 */
import type { Command } from 'commander';
import pino from 'pino';
import { REST_PATHS } from '../../src/protocol';
import { addServeOptions, mergeServeOptions } from '../config/serveOptions';
import { resolveServeConfig, storeLocation } from '../config/serveConfig';
import { openStore } from '../store/openStore';
import { NoSqliteDriverError } from '../store/openSqliteFile';
import { createEngine } from '../engine';
import { createSimulatorServer } from '../server/createSimulatorServer';
import { readReplay } from '../replay/createReplayEngine';
import { stopOnSignals } from './stopOnSignals';

export function registerServe(program: Command): void {
  addServeOptions(
    program
      .command('serve')
      .description(
        'serve the MCI protocol: WebSocket /telemetry, REST /api/telemetry/*, Prometheus /metrics, control API /api/sim/*'
      )
  ).action(async (_options: unknown, command: Command) => {
    const config = resolveServeConfig(mergeServeOptions(command));
    // Synchronous writes: nothing is lost when the process exits right after a log line.
    const logger = pino(
      { level: config.logLevel, base: { service: 'mci-sim' } },
      pino.destination({ dest: 1, sync: true })
    );
    const replay = config.replay;
    const store = await openStore(storeLocation(config)).catch(async (error: Error) => {
      // The default store needs a SQLite driver; without one (the lean package on Node 20) serve
      // still runs, on a memory store, and says how to keep history. An explicit --store fails.
      if (config.store !== undefined || !(error instanceof NoSqliteDriverError)) {
        throw error;
      }
      logger.warn({ err: error.message }, 'no SQLite driver: history is kept in memory only');
      return openStore('memory');
    });
    // Read before the server exists: its start, when the recording's first event is due, then
    // comes after the parse instead of the events due meanwhile leaving in one burst.
    const replayEngine = replay === undefined ? undefined : readReplay(replay, { speed: config.speed });
    let replayStart: number | undefined;
    const server = createSimulatorServer(config, {
      store,
      createEngine:
        replayEngine === undefined
          ? createEngine
          : (engineConfig) => {
              replayStart = engineConfig.startTime;
              return replayEngine(engineConfig);
            },
      logger,
    });
    const info = await server.listen();
    logger.info(
      {
        ...info,
        epoch: server.epoch,
        auth: config.auth,
        // Which credentials are configured (how many), never their values.
        controlKeys: config.controlKeys.length,
        alertSinkTokens: config.alertSinkTokens.length,
        metricsTokens: config.metricsTokens.length,
        speed: config.speed,
        seed: config.seed,
        // When the recording's first event is due (epoch ms); the bench schedules from it.
        ...(replay === undefined ? {} : { replay, replayStart }),
        symbols: server.engine.symbols.length,
        store: store.location,
        ...(store.database?.sqliteDriver === undefined ? {} : { sqliteDriver: store.database.sqliteDriver }),
      },
      'listening'
    );
    process.stderr.write(
      [
        `MCI simulator on ${info.httpUrl}${config.auth ? ' (API key required)' : ' (no auth)'}`,
        `  WebSocket   ${info.wsUrl}`,
        `  REST        ${info.restUrl}`,
        `  Store       ${store.location}`,
        `  Prometheus  ${info.metricsUrl}${config.auth && config.metricsPort === undefined ? ' (bearer: an API key or --metrics-token)' : ''}`,
        `  Scenarios   curl -X POST ${info.httpUrl}${REST_PATHS.scenarios} -H 'content-type: application/json'${config.auth ? ` -H "authorization: Bearer $MCI_SIM_CONTROL_KEY"` : ''} -d '{"scenario":"cpu-spike@0s/2m"}'`,
        '',
      ].join('\n')
    );

    stopOnSignals(logger, () => server.close().then(() => store.close()));
  });
}
