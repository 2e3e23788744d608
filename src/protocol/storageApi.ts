/**
 * The stored-history REST surface (docs/metrics-api.md): spec 004's service metrics (`/metrics/*`,
 * WebSocket `/ws/metrics`) and spec 003's per-profile aggregates, trades and health
 * (`/api/v1/*`). Paths, request bodies and answers in one place, for the simulator's routes, the
 * data source and the `plugin.json` route test. Field names are the specs' (snake_case).
 */
import * as v from 'valibot';
import { SERVICE_METRICS } from './schemas';

export const METRICS_API_PATHS = {
  health: '/metrics/health',
  ingest: '/metrics/ingest',
  query: '/metrics/query',
  services: '/metrics/services',
  alerts: '/metrics/alerts',
  /** WebSocket: `initial` (the last 50 samples), then `metric` and `alert` messages. */
  socket: '/ws/metrics',
} as const;

/** Spec 003's REST root; every read the data source makes of it starts here. */
export const PROFILE_API_PREFIX = '/api/v1';

export const PROFILE_METRIC_KINDS = ['breakout', 'equity', 'orders', 'system'] as const;
export type ProfileMetricKind = (typeof PROFILE_METRIC_KINDS)[number];

/**
 * The metric names of each family (spec 003's `dd_telemetry_metrics`): what the simulator writes
 * (it can write no other) and the query editor offers as fields. The account profile has them
 * all; a strategy has no equity, cpu, memory, latency or alert metrics of its own.
 */
export const PROFILE_METRIC_NAMES = {
  breakout: ['pnl', 'success_rate', 'max_drawdown', 'avg_slippage', 'trades', 'avg_duration_seconds'],
  equity: ['equity', 'pnl', 'max_drawdown', 'max_drawdown_pct'],
  orders: ['placed', 'filled', 'rejected', 'cancelled', 'fill_rate', 'reject_rate'],
  system: ['error_count', 'alerts_raised', 'cpu_avg', 'memory_avg', 'latency_avg', 'latency_max'],
} as const satisfies Record<ProfileMetricKind, readonly string[]>;
export type ProfileMetricName<K extends ProfileMetricKind = ProfileMetricKind> =
  (typeof PROFILE_METRIC_NAMES)[K][number];

export const PROFILE_API_PATHS = {
  profiles: `${PROFILE_API_PREFIX}/profiles`,
  metrics: (kind: ProfileMetricKind, profileId: number) => `${PROFILE_API_PREFIX}/metrics/${kind}/${profileId}`,
  trades: (profileId: number) => `${PROFILE_API_PREFIX}/trades/${profileId}`,
  performance: (profileId: number) => `${PROFILE_API_PREFIX}/trades/${profileId}/performance`,
  health: (profileId: number) => `${PROFILE_API_PREFIX}/health/${profileId}`,
  systemHealth: `${PROFILE_API_PREFIX}/health/system`,
} as const;

/** A time on the wire: epoch milliseconds, or an ISO 8601 string. */
const wireTime = v.union(
  [
    v.pipe(v.number(), v.finite(), v.integer(), v.minValue(0)),
    v.pipe(
      v.string(),
      v.check((text) => Number.isFinite(Date.parse(text)), 'expected an ISO 8601 time such as 2026-01-29T10:30:00Z')
    ),
  ],
  'expected epoch milliseconds (a whole number) or an ISO 8601 string'
);

/** Epoch ms of a time that passed `wireTime`. */
export function wireTimeToMs(time: number | string): number {
  return typeof time === 'number' ? time : Date.parse(time);
}

const serviceName = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'expected a service name of lower-case letters, digits, _ . - (1-64)')
);

export const METRIC_TYPES = SERVICE_METRICS;
const metricType = v.picklist(METRIC_TYPES, `expected metric_type to be one of ${METRIC_TYPES.join(', ')}`);

/** One sample of `POST /metrics/ingest` (spec 004's metric); `timestamp` defaults to now. */
export const IngestSampleSchema = v.strictObject(
  {
    timestamp: v.optional(wireTime),
    service: serviceName,
    metric_type: metricType,
    value: v.pipe(v.number(), v.finite()),
    tags: v.optional(v.record(v.string(), v.union([v.string(), v.number(), v.boolean()]))),
  },
  'expected only timestamp, service, metric_type, value and tags'
);
export type IngestSample = v.InferOutput<typeof IngestSampleSchema>;

/** Most samples one ingest request may carry. */
export const MAX_INGEST_SAMPLES = 10_000;

/** The ingest body: one sample, an array of them, or `{"metrics": [...]}`. */
export const IngestBodySchema = v.union(
  [
    IngestSampleSchema,
    v.pipe(v.array(IngestSampleSchema), v.minLength(1), v.maxLength(MAX_INGEST_SAMPLES)),
    v.strictObject({
      metrics: v.pipe(v.array(IngestSampleSchema), v.minLength(1), v.maxLength(MAX_INGEST_SAMPLES)),
    }),
  ],
  `expected a sample {service, metric_type, value, timestamp?, tags?}, an array of 1-${MAX_INGEST_SAMPLES} of them, or {"metrics": [...]}`
);

/** The stored aggregate intervals and their length. */
export const STORED_INTERVAL_MS = { '1m': 60_000, '5m': 300_000, '1h': 3_600_000 } as const;
export type StoredInterval = keyof typeof STORED_INTERVAL_MS;

/**
 * The coarsest stored interval not above a panel's interval, so a panel gets as few points as
 * still resolve what it shows; `1m` when the panel is finer than that.
 */
export function coarsestStoredInterval(panelIntervalMs: number): StoredInterval {
  let best: StoredInterval = '1m';
  for (const [interval, ms] of Object.entries(STORED_INTERVAL_MS) as Array<[StoredInterval, number]>) {
    if (ms <= panelIntervalMs && ms >= STORED_INTERVAL_MS[best]) {
      best = interval;
    }
  }
  return best;
}

export const QUERY_INTERVALS = ['1m', '5m', '1h', 'raw'] as const;
export type MetricQueryInterval = (typeof QUERY_INTERVALS)[number];

/** `POST /metrics/query`. */
export const MetricQueryBodySchema = v.strictObject(
  {
    service: serviceName,
    metric_type: metricType,
    from: wireTime,
    to: wireTime,
    interval: v.optional(
      v.picklist(QUERY_INTERVALS, `expected interval to be one of ${QUERY_INTERVALS.join(', ')}`),
      '1m'
    ),
  },
  'expected only service, metric_type, from, to and interval'
);
export type MetricQueryBody = v.InferInput<typeof MetricQueryBodySchema>;

/** One point of a `/metrics/query` answer: a bucket (or, for `raw`, one sample with count 1). */
export interface MetricPoint {
  /** Bucket start, epoch ms. */
  timestamp: number;
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
  avg: number;
  count: number;
}

export interface MetricQueryResult {
  service: string;
  metric_type: string;
  interval: MetricQueryInterval;
  from: number;
  to: number;
  points: MetricPoint[];
}

/** Spec 004's metric as `/ws/metrics` sends it (`timestamp` ISO 8601, UTC). */
export interface MetricMessageData {
  timestamp: string;
  service: string;
  metric_type: string;
  value: number;
}

/** Spec 004's alert as `/ws/metrics` and `/metrics/alerts` send it, with where and when it fired. */
export interface MetricAlertData {
  severity: 'warning' | 'critical';
  message: string;
  value: number;
  threshold: number;
  service: string;
  metric_type: string;
  timestamp: string;
}

export type MetricsSocketMessage =
  | { type: 'initial'; data: MetricMessageData[] }
  | { type: 'metric'; data: MetricMessageData }
  | { type: 'alert'; data: MetricAlertData };

/** A spec 003 profile (`GET /api/v1/profiles`). */
export interface ProfileInfo {
  profile_id: number;
  name: string;
  description: string;
}

/** One row of `dd_trade_performance` as `/api/v1/trades/:profile_id` answers it. */
export interface TradeRecord {
  id: number;
  profile_id: number;
  symbol: string;
  trade_type: string;
  side: 'long' | 'short';
  entry_price: number;
  exit_price: number;
  quantity: number;
  pnl: number;
  slippage: number;
  entry_time: number;
  exit_time: number;
  duration_seconds: number;
  reason: string;
}

/** `/api/v1/trades/:profile_id/performance`: the trades of a window, summarised. */
export interface TradePerformance {
  profile_id: number;
  from: number;
  to: number;
  trades: number;
  wins: number;
  losses: number;
  success_rate: number;
  total_pnl: number;
  avg_pnl: number;
  best_pnl: number | null;
  worst_pnl: number | null;
  max_drawdown: number;
  avg_slippage: number;
  avg_duration_seconds: number;
}

/** One row of `dd_telemetry_metrics` as `/api/v1/metrics/:kind/:profile_id` answers it. */
export interface ProfileMetricRow {
  profile_id: number;
  metric_type: string;
  metric_name: string;
  metric_value: number;
  window_type: 'hour' | 'day';
  window_start: number;
  window_end: number;
}
