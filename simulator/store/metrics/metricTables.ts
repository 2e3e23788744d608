/**
 * Spec 004's tables as Kysely sees them (created by migration 0002). Times are epoch ms in BIGINT
 * columns, like every table of the store.
 */
import type { Generated } from 'kysely';

/** One raw service-metric sample: the engine's (1 s per service and metric) or an ingested one. */
export interface MetricsTable {
  id: Generated<number>;
  timestamp: number;
  service: string;
  metric_type: string;
  value: number;
  /** JSON object of tags, or null. */
  tags: string | null;
}

/** One closed bucket of one service metric, computed from the bucket's raw samples. */
export interface AggregatedMetricsTable {
  /** Bucket start, epoch ms. */
  timestamp: number;
  service: string;
  metric_type: string;
  /** `1m`, `5m` or `1h`. */
  interval: string;
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
  avg: number;
  count: number;
}

/** An alert raised (or resolved) on a service metric, for `GET /metrics/alerts`. */
export interface MetricAlertsTable {
  id: Generated<number>;
  timestamp: number;
  service: string;
  metric_type: string;
  severity: string;
  /** `active` or `resolved`. */
  state: string;
  message: string;
  value: number;
  threshold: number;
}

export interface MetricTables {
  metrics: MetricsTable;
  aggregated_metrics: AggregatedMetricsTable;
  metric_alerts: MetricAlertsTable;
}
