/**
 * The Prometheus bridge (`mci-sim bridge`): feeds the telemetry events of an MCI connection into
 * the same gauges the simulator exports (`simulator/metrics/`), plus its own connection state, and
 * serves them on `/metrics` for Prometheus, so the provisioned alert rules work against a real
 * backend. Building is separate from listening: the CLI passes the connection.
 */
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Observable, Subscription } from 'rxjs';
import {
  createTelemetryMetrics,
  type TelemetryObservation,
  type TelemetryState,
} from '../metrics/createTelemetryMetrics';
import { createBridgeMetrics } from './bridgeMetrics';
import type { BridgeConfig } from './bridgeConfig';

/** What the bridge needs from an MCI connection (the project's client provides it). */
export interface BridgeSource {
  /** Every state the connection can be in, and which of them mean "events are flowing". */
  states: readonly string[];
  liveStates: readonly string[];
  /** The state that starts a reconnection attempt cycle. */
  reconnectingState: string;
  state$: Observable<string>;
  /** The data events of the subscribed channels (and snapshots after each (re)subscribe). */
  events$: Observable<TelemetryObservation>;
  /** Channel states re-read from REST (gap healing, polling while the socket is down). */
  snapshots$?: Observable<TelemetryState>;
  /** Close the connection for good. */
  /** Messages skipped as invalid (already logged by the source), counted in `mci_bridge_skipped_messages_total`. */
  skipped$?: Observable<{ channel?: string; source: string }>;
  close(): void;
}

export interface BridgeDeps {
  source: BridgeSource;
  logger: Logger;
  /** Also export Node's process metrics (default true). */
  processMetrics?: boolean;
}

export interface Bridge {
  readonly registry: Registry;
  /** The current connection state. */
  state(): string | undefined;
  listen(): Promise<{ port: number; metricsUrl: string }>;
  close(): Promise<void>;
}

/** Builds the bridge; `listen()` binds `config.host`:`config.port` (0 = a free port). */
export function createBridge(config: Pick<BridgeConfig, 'host' | 'port'>, deps: BridgeDeps): Bridge {
  const { source, logger } = deps;
  const registry = new Registry();
  if (deps.processMetrics ?? true) {
    collectDefaultMetrics({ register: registry });
  }
  const telemetry = createTelemetryMetrics(registry, {
    onTradingStateReported: (reported) => {
      if (reported) {
        logger.info('the backend reports its trading state: mci_trading_state and the rate limit are exported');
      } else {
        logger.warn(
          { metric: 'mci_trading_state_reported', value: 0 },
          'the backend does not report its trading state (no "trading" in health:update): mci_trading_state and mci_trading_order_rate_limit_messages_per_second are not exported, so the kill-switch and message-rate-limit alerts cannot fire; see docs/alerting.md'
        );
      }
    },
  });
  const connection = createBridgeMetrics(registry, source.states, source.reconnectingState);
  let current: string | undefined;
  const subscriptions: Subscription[] = [
    source.state$.subscribe((state) => {
      if (state !== current) {
        logger.info({ state, previous: current }, 'connection state');
      }
      current = state;
      connection.setState(state);
    }),
    source.events$.subscribe({
      next: (event) => telemetry.observe(event),
      error: (error: unknown) => logger.error({ err: error }, 'telemetry stream failed'),
    }),
  ];
  if (source.skipped$) {
    subscriptions.push(source.skipped$.subscribe((skipped) => connection.skipped(skipped.channel, skipped.source)));
  }
  if (source.snapshots$) {
    subscriptions.push(
      source.snapshots$.subscribe((state) => {
        try {
          telemetry.observeSnapshot(state);
        } catch (error) {
          // REST bodies are not validated like wire frames: a malformed one is skipped, not fatal.
          logger.warn({ err: error }, 'skipped a REST snapshot the gauges cannot read');
        }
      })
    );
  }

  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') {
      response.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    if (path === '/metrics') {
      registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (error: unknown) => {
          logger.error({ err: error }, 'metrics collection failed');
          response.writeHead(500).end();
        }
      );
      return;
    }
    if (path === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
      return;
    }
    if (path === '/readyz') {
      const live = current !== undefined && source.liveStates.includes(current);
      response
        .writeHead(live ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: live ? 'ready' : 'not ready', connection: current ?? 'starting' }));
      return;
    }
    response
      .writeHead(404, { 'content-type': 'text/plain' })
      .end('Not found: the bridge serves /metrics, /healthz and /readyz\n');
  });

  return {
    registry,
    state: () => current,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.removeListener('error', reject);
          const { port } = server.address() as AddressInfo;
          const host = config.host.includes(':') ? `[${config.host}]` : config.host;
          resolve({ port, metricsUrl: `http://${host}:${port}/metrics` });
        });
      }),
    close: async () => {
      subscriptions.forEach((subscription) => subscription.unsubscribe());
      source.close();
      if (server.listening) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
