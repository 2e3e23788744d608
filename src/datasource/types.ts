/** Query model, settings and defaults of the MCI data source (docs/datasource.md). */
import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';
import { FRAME_DEFAULTS } from './frames';
import type { Channel } from '../protocol';

export interface MciQuery extends DataQuery {
  channel: Channel;
  /** Symbol filter; may hold template variables such as "$symbol" (multi-value, All). */
  symbols?: string[];
  /** Order filter (orders, activity); may hold template variables such as "$order"; empty = all. */
  orders?: string[];
  /** Keep only these fields in the frames (time fields always stay). */
  fields?: string[];
  /** strategy annotations: the event kinds marked (default signal), e.g. ['signal', 'decision_trace']. */
  strategyKinds?: string[];
  /** Rows kept for orders, activity, alerts and strategy. */
  bufferSize?: number;
  /** market: forget a symbol without a quote for this long (default DATASOURCE_DEFAULTS.symbolEvictMs). */
  symbolEvictMs?: number;
  /** Stored-history kinds (`queryType`): the service and metric of `metricAggregates`. */
  service?: string;
  metricType?: string;
  /** Stored-history kinds: the spec 003 profile of `trades` and `profileMetrics` (0 = the account). */
  profileId?: number;
  /** `profileMetrics`: which family of window metrics, and hour or day windows. */
  profileMetric?: 'breakout' | 'equity' | 'orders' | 'system';
  windowType?: 'hour' | 'day';
}

/** Query kinds read from the server's store instead of the live stream (docs/datasource.md). */
export const STORED_QUERY_TYPES = ['metricAggregates', 'trades', 'profileMetrics'] as const;
export type StoredQueryType = (typeof STORED_QUERY_TYPES)[number];

/**
 * What a stored-history query reads when a field is absent; the query editor writes these
 * explicitly when the user picks a stored kind, so a saved query says what it reads.
 */
export const STORED_QUERY_DEFAULTS = {
  service: 'api',
  metricType: 'latency',
  /** The account as a whole (spec 003's profile 0). */
  profileId: 0,
  profileMetric: 'breakout',
  windowType: 'hour',
} as const satisfies Required<Pick<MciQuery, 'service' | 'metricType' | 'profileId' | 'profileMetric' | 'windowType'>>;

export const VARIABLE_QUERY_KINDS = ['symbols', 'channels', 'statuses'] as const;
export type VariableQueryKind = (typeof VARIABLE_QUERY_KINDS)[number];

export interface MciVariableQuery extends DataQuery {
  query: VariableQueryKind;
}

export type AuthMode = 'none' | 'apiKey';

export interface MciOptions extends DataSourceJsonData {
  /** `ws://host:port/telemetry` (or wss://), opened by the browser. */
  wsUrl?: string;
  /**
   * More gateways of the same service (scale-out without a load balancer): the client starts at a
   * random one of `wsUrl` and these and moves to the next when a connection fails.
   */
  wsUrls?: string[];
  /** The server's HTTP base URL; Grafana's proxy routes (`mci/…`, plugin.json) forward to it. */
  restUrl?: string;
  /** 'apiKey' when an API key is stored in secureJsonData (the browser never sees it). */
  authMode?: AuthMode;
  /** Minimum time between two repaints of one query (default 100 ms = 10 per second). */
  throttleMs?: number;
  /** Batching window asked of the server in `subscribe` (protocol extension); 0 = off. */
  batchMs?: number;
}

export interface MciSecureJsonData {
  /** The telemetry key: injected by the read and ticket routes only. */
  apiKey?: string;
  /** The server's control key: injected only by the Editor-only scenarios route (drills). */
  controlKey?: string;
}

/** The one home of the data source's defaults. */
export const DATASOURCE_DEFAULTS = {
  throttleMs: 100,
  /**
   * One frame per 20 ms window instead of one per event: far less parsing and fewer socket
   * wake-ups in the browser under heavy flow, and invisible behind the 100 ms repaint interval.
   */
  batchMs: 20,
  bufferSize: FRAME_DEFAULTS.bufferSize,
  /** market: a symbol without a quote for this long is forgotten (5 minutes); a query may set its own. */
  symbolEvictMs: FRAME_DEFAULTS.symbolEvictMs,
  /** How long the health check waits for connect + subscribe + heartbeat round trip. */
  testTimeoutMs: 5000,
  /**
   * The prefix of every Grafana proxy route (plugin.json `routes[].path` is this + a REST path):
   * a request to `${instance url}/mci/api/telemetry/snapshot` matches the snapshot route.
   */
  routePath: 'mci',
  /** A notice about a gap stays this long after the gap was healed. */
  gapNoticeMs: 10_000,
  /** The history backfill gives up after this long; live data then shows alone. */
  historyTimeoutMs: 10_000,
  /** Live items held while the history is read; past this, live data goes first. */
  maxWaitingItems: 10_000,
  /** Stale after this many expected intervals without an update (spec 000). */
  staleIntervals: 3,
} as const;

export const DEFAULT_QUERY: Partial<MciQuery> = { channel: 'orders' };
