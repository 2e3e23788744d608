/**
 * The simulator server: the engine put on the wire as a real MCI backend would
 * (WebSocket `/telemetry`, spec 000 REST, spec 002's SSE strategy bus, Prometheus `/metrics`,
 * control API). Building is
 * separate from listening: `createSimulatorServer(config, deps)` wires everything,
 * `listen()` binds the port and starts the engine clock, `close()` shuts down gracefully. Only
 * `commands/serve.ts` reads the environment, handles signals and exits.
 */
import { randomBytes } from 'crypto';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'net';
import type { Logger } from 'pino';
import { REST_PATHS } from '../../src/protocol';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { ServeConfig } from './serverConfig';
import type { Engine, EngineConfig } from '../engine/types';
import { createTelemetryMetrics, type TelemetryObservation } from '../metrics/createTelemetryMetrics';
import type { Bus } from '../bus/Bus';
import { Authenticator, type SharedTickets } from './Authenticator';
import { ChannelHub, type ChannelData } from './ChannelHub';
import { EngineDriver } from './EngineDriver';
import { Gateway, TELEMETRY_PATH } from './Gateway';
import { createHttpApp, createMetricsApp } from './createHttpApp';
import { createServerMetrics } from './serverMetrics';
import { StrategyBus } from './StrategyBus';
import { stateChannelData } from './telemetryState';
import { MetricsSocket } from './MetricsSocket';
import { publishToMetricsSocket } from './publishToMetricsSocket';
import { createSendBufferCap } from './sendBufferCap';
import { MetricsRepository } from '../store/metrics/MetricsRepository';
import { DEFAULT_THRESHOLDS } from '../engine/thresholds';
import { memoryStore } from '../store/openStore';
import type { Store } from '../store/Store';
import type { WriterLimits } from '../store/StoreSink';
import { storeMetrics } from '../store/storeMetrics';
import { engineConfigOf, newEpoch } from './engineRun';
import { createStoreWriter, type StoreWriter } from '../store/StoreWriter';
import type { ScenarioControl } from './ScenarioControl';

const LINT_FAILING_DEFAULT_METRICS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

export interface SimulatorServerDeps {
  createEngine: (config: EngineConfig) => Engine;
  logger: Logger;
  /** Wall clock, epoch ms (default `Date.now`). */
  now?: () => number;
  /** Also export Node's process metrics on /metrics (default true). */
  processMetrics?: boolean;
  /**
   * Where history is kept, opened by the caller (`openStore`), who also closes it after
   * `close()`. Default: a throwaway store in memory.
   */
  store?: Store;
  /** How often the retention cleaner runs (default 60 s; 0 = never, for tests that prune by hand). */
  storeCleanIntervalMs?: number;
  /** Overrides of the store writers' batch and queue limits (tests). */
  storeWriterLimits?: WriterLimits;
  /**
   * Scale-out (`mci-sim gateway`, docs/scaling.md): serve what an engine in another process
   * publishes on a shared bus instead of running one here (`createEngine` is then not called).
   */
  remote?: RemoteSource;
}

/** A bus fed by an engine in another process, with what a gateway needs besides the events. */
export interface RemoteSource {
  bus: Bus;
  /** A read-only view of the remote engine (REST's orders, alerts and symbols). */
  engine: Engine;
  tickets: SharedTickets;
  /** False while the bus is unreachable or holds no run (readiness). */
  available(): boolean;
  onAvailability(listener: (available: boolean) => void): void;
  onEpochChanged(listener: (epoch: string) => void): void;
  /** Scenario control carried to the remote engine (default: refused by the read-only engine view). */
  scenarios?: ScenarioControl;
  start(): void;
  close(): Promise<void>;
}

export interface ListeningInfo {
  host: string;
  port: number;
  httpUrl: string;
  wsUrl: string;
  restUrl: string;
  /** On `--metrics-port` when it is set (no credential), else on the main port. */
  metricsUrl: string;
}

export interface SimulatorServer {
  readonly engine: Engine;
  readonly registry: Registry;
  readonly epoch: string;
  /** The HTTP app, built but not listening until `listen()`; tests call `http.inject()`. */
  readonly http: FastifyInstance;
  /** Writes every published event to the store; `flush()` before reading it back. */
  readonly storeWriter: StoreWriter;
  listen(): Promise<ListeningInfo>;
  /** `reconnect` and `connection:closed` to every client, then stop the engine and the port. */
  close(): Promise<void>;
}

export function createSimulatorServer(config: ServeConfig, deps: SimulatorServerDeps): SimulatorServer {
  const now = deps.now ?? Date.now;
  const { logger } = deps;
  const { remote } = deps;
  const startTime = now();
  const epoch = newEpoch(startTime);
  const engine = remote?.engine ?? deps.createEngine(engineConfigOf(config, startTime));

  const registry = new Registry();
  if (deps.processMetrics ?? true) {
    collectDefaultMetrics({ register: registry });
    // prom-client names these gauges `_total`, which `promtool check metrics` rejects as a lint error.
    LINT_FAILING_DEFAULT_METRICS.forEach((name) => registry.removeSingleMetric(name));
  }
  const telemetryMetrics = createTelemetryMetrics(registry, { now });
  const serverMetrics = createServerMetrics(registry);

  const hub: Bus = remote?.bus ?? new ChannelHub(epoch, config.historySize, config.historyBytes);
  const initial = engine.snapshot();
  if (remote === undefined) {
    const seeds = stateChannelData(initial);
    hub.seedState('positions', seeds.positions);
    hub.seedState('account', seeds.account);
    hub.seedState('health', seeds.health);
    hub.seedState('market', seeds.market);
    hub.seedState('services', seeds.services);
  }
  telemetryMetrics.observeSnapshot(initial);

  const authenticator = new Authenticator({
    enabled: config.auth,
    apiKeys: config.apiKeys,
    controlKeys: config.controlKeys,
    alertSinkTokens: config.alertSinkTokens,
    metricsTokens: config.metricsTokens,
    ticketTtlMs: config.ticketTtlMs,
    now,
    randomId: () => randomBytes(24).toString('base64url'),
    sharedTickets: remote?.tickets,
  });
  const gateway = new Gateway({
    hub,
    authenticator,
    metrics: serverMetrics,
    logger,
    now,
    limits: {
      heartbeatIntervalMs: config.heartbeatIntervalMs,
      sessionLifetimeMs: config.sessionLifetimeMs,
      maxPayloadBytes: config.maxPayloadBytes,
      rateLimitPerSecond: config.rateLimitPerSecond,
      maxBufferedBytes: config.maxBufferedBytes,
      maxQueuedEvents: config.maxQueuedEvents,
      maxQueuedBytes: config.maxQueuedBytes,
      reconnectDelayMs: config.reconnectDelayMs,
    },
  });

  if (remote !== undefined) {
    hub.onPublished(() => gateway.corkUntilIdle());
  }
  hub.onPublished((event) => gateway.broadcast(event));
  if (remote !== undefined) {
    hub.onPublished((event, data) =>
      telemetryMetrics.observe({ channel: event.channel, data } as TelemetryObservation)
    );
    remote.onAvailability((available) => {
      if (!available) {
        gateway.noticeAll('This gateway lost its connection to the event bus (Redis)');
      }
    });
    remote.onEpochChanged(() => gateway.reconnectAll());
  }
  // Spec 002's SSE dialect of the same numbered stream: the bus keeps the strategy events, and
  // follows the hub to a new epoch (a gateway's engine restarted).
  const strategyBus = new StrategyBus(hub.epoch, config.busBufferSize, now, registry);
  hub.onPublished((event, data) => {
    if (event.channel === 'strategy') {
      strategyBus.publish(event.seq, data as ChannelData<'strategy'>, hub.epoch, event.bytes);
    }
  });
  remote?.onEpochChanged((next) => strategyBus.follow(next));

  const store = deps.store ?? memoryStore();
  // A database store is shared in scale-out: the engine process is its one writer, a gateway only
  // reads it (docs/scaling.md). A memory store is the gateway's own, so it fills it as serve does.
  const readOnlyStore = remote !== undefined && store.database !== undefined;
  const storeWriter = createStoreWriter(
    {
      store,
      epoch,
      logger,
      now,
      retention: { rawMs: config.retentionRawMs, aggregateMs: config.retentionAggregateMs },
      source: 'serve',
      metrics: storeMetrics(registry),
      stateSampleMs: config.storeSampleMs,
      writerLimits: deps.storeWriterLimits,
    },
    readOnlyStore ? { sinks: [], cleanIntervalMs: 0 } : { cleanIntervalMs: deps.storeCleanIntervalMs }
  );
  hub.onPublished((event, data) => storeWriter.publish(event, data));

  const metricsSocket = new MetricsSocket({
    authenticator,
    logger,
    storedLatest: async (limit) =>
      store.database === undefined ? [] : new MetricsRepository(store.database.db).latestSamples(limit),
  });
  hub.onPublished((event, data) => publishToMetricsSocket(metricsSocket, event.channel, data));

  const driver = new EngineDriver({
    engine,
    speed: config.speed,
    now,
    realStart: startTime,
    onEvents: (events) =>
      gateway.burst(() => {
        for (const event of events) {
          telemetryMetrics.observe(event);
          hub.publish(event.channel, event.data, event.time);
        }
      }),
    onError: (error) => {
      logger.error({ err: error }, 'engine failed to advance');
      gateway.failAll('SERVER_ERROR', 'The simulated engine failed; see the server log');
    },
  });

  let ready = false;
  const app = createHttpApp({
    engine,
    hub,
    gateway,
    authenticator,
    registry,
    metrics: serverMetrics,
    strategyBus,
    sse: { maxQueuedBytes: config.maxQueuedBytes, keepAliveMs: config.sseKeepAliveMs, retryMs: config.sseRetryMs },
    logger,
    now,
    isReady: () => ready && (remote?.available() ?? true),
    scheduleChanged: () => driver.poke(),
    scenarios: remote?.scenarios,
    store,
    storeWriter,
    metricsSocket,
    thresholds: DEFAULT_THRESHOLDS,
    retention: { rawMs: config.retentionRawMs, aggregateMs: config.retentionAggregateMs },
  });
  // Every connection (WebSocket, SSE and plain HTTP alike) gets the capped kernel send buffer.
  app.server.on('connection', createSendBufferCap({ bytes: config.sendBufferBytes, logger }));
  // WebSocket upgrades share the port: Fastify's server hands them over untouched, by path.
  app.server.on('upgrade', (request, socket, head) =>
    MetricsSocket.handles(request)
      ? metricsSocket.handleUpgrade(request, socket, head)
      : gateway.handleUpgrade(request, socket, head)
  );
  const metricsApp =
    config.metricsPort === undefined ? undefined : createMetricsApp({ logger, authenticator, registry });

  return {
    engine,
    registry,
    get epoch() {
      return hub.epoch;
    },
    http: app,
    storeWriter,
    async listen() {
      remote?.start();
      await app.listen({ port: config.port, host: config.host });
      await metricsApp?.listen({ port: config.metricsPort, host: config.host });
      if (remote === undefined) {
        driver.start();
      }
      ready = true;
      const { port } = app.server.address() as AddressInfo;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      const httpUrl = `http://${host}:${port}`;
      const metricsPort = metricsApp === undefined ? port : (metricsApp.server.address() as AddressInfo).port;
      return {
        host: config.host,
        port,
        httpUrl,
        wsUrl: `ws://${host}:${port}${TELEMETRY_PATH}`,
        restUrl: `${httpUrl}${REST_PATHS.snapshot}`,
        metricsUrl: `http://${host}:${metricsPort}${REST_PATHS.metrics}`,
      };
    },
    async close() {
      ready = false;
      driver.stop();
      strategyBus.closeAll();
      await gateway.shutdown();
      metricsSocket.close();
      await Promise.all([app.close(), metricsApp?.close()]);
      await storeWriter.close();
      await remote?.close();
    },
  };
}
