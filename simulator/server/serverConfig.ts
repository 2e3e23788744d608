/**
 * The configuration the simulator server runs with, and its defaults (units in their names). The
 * server owns this type; the CLI (`simulator/config/serveConfig.ts`) produces it from flags,
 * environment and files, and validates it once at start-up.
 */
import { BUS_BUFFER_SIZE } from '../../src/protocol';
import type { EngineProfile, ScenarioRun } from '../engine/types';

export interface ServeConfig {
  host: string;
  /** 0 binds a free port. */
  port: number;
  seed: number;
  /** Virtual seconds per real second. */
  speed: number;
  /** Undefined: the engine's default watchlist. */
  symbols?: string[];
  /** Undefined: the engine's default universe size (see EngineConfig.symbolCount). */
  symbolCount?: number;
  /** The strategies' cadence and start (`lively` or `realistic`); undefined: the engine's default. */
  profile?: EngineProfile;
  /** Engine load controls; undefined: the engine's defaults. */
  ordersPerSecond?: number;
  marketTicksPerSecond?: number;
  /** Order message rate limit (submissions per second); undefined: the engine's default (20, or twice the order flow). */
  orderRateLimit?: number;
  /** Serve this `mci-sim record` file instead of simulating (at `speed` times its pace). */
  replay?: string;
  heartbeatIntervalMs: number;
  /** False: every connection and request is accepted without a credential (`--no-auth`). */
  auth: boolean;
  /** Telemetry keys: REST reads, tickets, WebSocket, and `/metrics`. */
  apiKeys: string[];
  /** Keys of the control API (`/api/sim/*`); the telemetry keys never work there. */
  controlKeys: string[];
  /** Bearer tokens the alert sink accepts from a webhook contact point (posting only). */
  alertSinkTokens: string[];
  /** Bearer tokens that may only scrape `/metrics` on the main port. */
  metricsTokens: string[];
  /** Also serve `/metrics` without a credential on this port (a private network); undefined: off. */
  metricsPort?: number;
  scenarios: ScenarioRun[];
  /** Events kept per channel for resume and backfill. */
  historySize: number;
  /** Bytes of events kept per channel (whichever bound is reached first). */
  historyBytes: number;
  /** Largest inbound WebSocket frame. */
  maxPayloadBytes: number;
  /** Authenticated sessions end with SESSION_EXPIRED after this long. */
  sessionLifetimeMs: number;
  /** Inbound messages allowed per connection per second (burst of the same size). */
  rateLimitPerSecond: number;
  /**
   * Bytes a client may leave unread in its socket's write buffer (beyond what the kernel's send
   * buffer took) before frames wait in its queue instead. Small, because the kernel's buffer
   * already covers the link, and each frame handed to the socket costs a few hundred bytes of
   * bookkeeping of its own, while a frame waiting in the queue costs a slot and may coalesce.
   */
  maxBufferedBytes: number;
  /** Event-channel frames queued for a slow client before it is closed (state channels coalesce). */
  maxQueuedEvents: number;
  /**
   * Bytes held for a slow client, its queue's and its socket's unread ones together, before it is
   * closed, so a client that stops reading costs a bounded amount of memory however large the
   * events (must exceed the largest state event: a 2000-symbol market event is ~280 KB).
   */
  maxQueuedBytes: number;
  /**
   * The kernel send buffer asked for each accepted connection (0: the kernel's own sizing, which
   * grows to `net.ipv4.tcp_wmem`'s largest, 4 MiB by default, for a client that stops reading).
   * Linux doubles the value; the default's 256 KiB in flight carry 2.6 MB/s to a client 100 ms
   * away, above the 1.8 MB/s of every channel under the overload benchmark's load.
   */
  sendBufferBytes: number;
  /** Spec 002 strategy events kept for SSE resume and the recent-events query (docs/strategy-bus.md). */
  busBufferSize: number;
  /** A keep-alive comment on every SSE stream this often, so proxies keep idle streams open. */
  sseKeepAliveMs: number;
  /** The reconnection delay an SSE stream asks EventSource clients for (`retry:`). */
  sseRetryMs: number;
  /** One-time WebSocket tickets expire after this long (docs/security.md). */
  ticketTtlMs: number;
  /** `delay` advertised in `reconnect` on shutdown. */
  reconnectDelayMs: number;
  logLevel: string;
  /** `--store`: memory, sqlite:<path> or mysql://…; undefined = sqlite:<dataDir>/telemetry.db. */
  store?: string;
  /** Where the default SQLite store lives (`--data-dir`, `MCI_SIM_DATA_DIR`). */
  dataDir: string;
  /** Raw events and samples are deleted after this long. */
  retentionRawMs: number;
  /** Aggregates are deleted after this long. */
  retentionAggregateMs: number;
  /** State channels are stored at most once per this many ms each. */
  storeSampleMs: number;
}

export const DEFAULT_SERVE_CONFIG: ServeConfig = {
  host: '127.0.0.1',
  port: 8080,
  seed: 42,
  speed: 1,
  symbols: undefined,
  symbolCount: undefined,
  profile: undefined,
  ordersPerSecond: undefined,
  marketTicksPerSecond: undefined,
  orderRateLimit: undefined,
  replay: undefined,
  heartbeatIntervalMs: 30_000,
  auth: true,
  apiKeys: [],
  controlKeys: [],
  alertSinkTokens: [],
  metricsTokens: [],
  metricsPort: undefined,
  scenarios: [],
  historySize: 1000,
  historyBytes: 16 * 1024 * 1024,
  maxPayloadBytes: 64 * 1024,
  sessionLifetimeMs: 60 * 60 * 1000,
  rateLimitPerSecond: 50,
  maxBufferedBytes: 64 * 1024,
  maxQueuedEvents: 4000,
  maxQueuedBytes: 4 * 1024 * 1024,
  sendBufferBytes: 128 * 1024,
  busBufferSize: BUS_BUFFER_SIZE,
  sseKeepAliveMs: 15_000,
  sseRetryMs: 3000,
  ticketTtlMs: 30_000,
  reconnectDelayMs: 1000,
  logLevel: 'info',
  store: undefined,
  dataDir: '.mci-sim',
  retentionRawMs: 24 * 60 * 60 * 1000,
  retentionAggregateMs: 7 * 24 * 60 * 60 * 1000,
  storeSampleMs: 5000,
};
