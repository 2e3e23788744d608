/**
 * `mci-sim bridge`: connect to any MCI server and expose its telemetry as the same Prometheus
 * metrics the simulator serves, so the provisioned alert rules work against a real backend. The
 * only place that reads the bridge's flags and environment, binds the port and handles signals;
 * the defaults live in `bridge/bridgeConfig.ts`.
 */
import { Option, type Command } from 'commander';
import pino from 'pino';
import { DEFAULT_BRIDGE_CONFIG as D, resolveBridgeConfig } from '../bridge/bridgeConfig';
import { createBridge } from '../bridge/createBridge';
import { BRIDGE_CHANNELS, createClientTelemetrySource } from '../bridge/clientTelemetrySource';
import { stopOnSignals } from './stopOnSignals';

export function registerBridge(program: Command): void {
  program
    .command('bridge')
    .description('connect to an MCI server and serve its health, account, services and alerts as Prometheus metrics')
    .addOption(
      new Option('--url <ws-url>', 'WebSocket URL of the MCI server, e.g. wss://mci.example.com/telemetry').env(
        'MCI_BRIDGE_URL'
      )
    )
    .addOption(
      new Option('--api-key <key>', 'API key, sent as Authorization: Bearer (prefer the environment variable)').env(
        'MCI_BRIDGE_API_KEY'
      )
    )
    .addOption(
      new Option('--host <address>', `address to serve /metrics on (default ${D.host})`).env('MCI_BRIDGE_HOST')
    )
    .addOption(
      new Option('--port <port>', `port to serve /metrics on, 0 = a free port (default ${D.port})`).env(
        'MCI_BRIDGE_PORT'
      )
    )
    .addOption(new Option('--log-level <level>', `pino log level (default ${D.logLevel})`).env('MCI_BRIDGE_LOG_LEVEL'))
    .action(async (raw: Record<string, unknown>) => {
      const options = resolveBridgeConfig(raw);
      const logger = pino(
        { level: options.logLevel, base: { service: 'mci-sim-bridge' } },
        pino.destination({ sync: true })
      );
      const source = createClientTelemetrySource({
        url: options.url,
        restUrl: options.restUrl,
        apiKey: options.apiKey,
        logger,
      });
      const bridge = createBridge({ host: options.host, port: options.port }, { source, logger });
      const { port, metricsUrl } = await bridge.listen();
      logger.info(
        { port, metricsUrl, url: options.url, channels: BRIDGE_CHANNELS, auth: options.apiKey !== undefined },
        'listening'
      );

      stopOnSignals(logger, () => bridge.close());
    });
}
