/**
 * What every route family shares: the server parts a route may use, and the per-route config the
 * app's hooks read (which credential the route needs, and how to fix a rejected request).
 */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Engine, Thresholds } from '../../engine/types';
import type { Authenticator } from '../Authenticator';
import type { Bus } from '../../bus/Bus';
import type { Gateway } from '../Gateway';
import type { ServerMetrics } from '../serverMetrics';
import type { StrategyBus } from '../StrategyBus';
import type { Access } from './accessPolicy';
import type { Store } from '../../store/Store';
import type { StoreWriter } from '../../store/StoreWriter';
import type { RetentionConfig } from '../../store/StoreSink';
import type { MetricsSocket } from '../MetricsSocket';
import type { ScenarioControl } from '../ScenarioControl';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Checked before the handler runs (when auth is on); routes without it are public. */
    access?: Access;
    /** The "how" of a 400 when the route's schema rejects the request. */
    how?: string;
  }
}

export interface RouteDeps {
  engine: Engine;
  hub: Bus;
  gateway: Gateway;
  authenticator: Authenticator;
  registry: Registry;
  metrics: ServerMetrics;
  /** Spec 002's strategy bus (SSE, stats, recent events). */
  strategyBus: StrategyBus;
  /** SSE stream limits and timings (`--max-queued-bytes`, `--sse-keep-alive`, `--sse-retry`). */
  sse: { maxQueuedBytes: number; keepAliveMs: number; retryMs: number };
  logger: Logger;
  now: () => number;
  /** False while starting or shutting down. */
  isReady: () => boolean;
  /** Tell the engine driver that the schedule changed (a scenario started or stopped). */
  scheduleChanged: () => void;
  /** Where scenarios start and stop; default the engine of this process (a gateway's goes over Redis). */
  scenarios?: ScenarioControl;
  /** Where history and aggregates are kept (memory, SQLite or MySQL/MariaDB). */
  store: Store;
  /** This server's writer into the store: flush before reading, health for /readyz. */
  storeWriter: StoreWriter;
  /** Spec 004's `/ws/metrics`: ingested samples and alerts are published to it. */
  metricsSocket: MetricsSocket;
  /** Spec 004's anomaly thresholds (ingested samples beyond them raise alerts). */
  thresholds: Thresholds;
  /** How long raw samples and aggregates are kept (ingest refuses samples older than raw). */
  retention: RetentionConfig;
}

/** A body a route sends as it is, for schemas of bodies it does not own in detail. */
export const ANY_OBJECT = { type: 'object', additionalProperties: true } as const;
