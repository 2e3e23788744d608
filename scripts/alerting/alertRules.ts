/**
 * The health alert rules as data: one list, derived from the engine's spec 004 thresholds
 * (`simulator/engine/thresholds.ts`, the one home of those numbers), rendered both as Grafana
 * file provisioning (`provisioning/alerting/rules.yaml`) and as a Prometheus rules file
 * (`provisioning/prometheus/rules/mci-alerts.yml`) plus its promtool unit tests. Pure: no I/O;
 * `scripts/generate-alerting.ts` writes the files and a test checks they are up to date.
 *
 * Units: the engine's thresholds are in wire units (ms, %); Prometheus metrics are in seconds and
 * 0..1 ratios, so each metric carries its scale.
 */
import { SERVICE_METRICS, type AlertSeverity, type ServiceMetricName } from '../../src/protocol';
import { DEFAULT_THRESHOLDS } from '../../simulator/engine/thresholds';
import type { Thresholds } from '../../simulator/engine/types';

export type Comparison = 'gt' | 'lt';

/** The order-health signals (`orderHealthRules.ts`). */
export type OrderHealthSignal = 'order_rate' | 'reject_rate' | 'order_to_fill' | 'market_stale' | 'trading_halted';

export interface AlertRuleSpec {
  /** Grafana rule uid, also the base of the Prometheus alert name. */
  uid: string;
  /** Prometheus alert name (CamelCase, unique). */
  alert: string;
  /** Grafana rule title (unique within the folder). */
  title: string;
  /** What the rule watches: a spec 004 metric, the engine heartbeat, or target liveness. */
  metric: ServiceMetricName | 'heartbeat' | 'up' | OrderHealthSignal;
  severity: AlertSeverity;
  /** The PromQL whose value is compared: Grafana's query A; Prometheus uses `expr OP threshold`. */
  query: string;
  comparison: Comparison;
  /** In Prometheus units (seconds, ratios, req/s). */
  threshold: number;
  /** Pending period, a Prometheus duration. */
  for: string;
  summary: string;
  /** How the value is shown in annotations, for the humans reading the notification. */
  unit: 'ratio' | 'seconds' | 'per-second' | 'count' | 'orders-per-fill';
}

interface MetricSource {
  /** Per-service gauge, labelled `service`. */
  service: string;
  /** Engine-wide gauge, reported as `service="engine"` so one rule covers both. */
  engine?: string;
  /** Prometheus value = wire value × scale. */
  scale: number;
  unit: AlertRuleSpec['unit'];
  label: string;
}

/** Contract 4 metric names for each spec 004 metric. */
export const METRIC_SOURCES: Record<ServiceMetricName, MetricSource> = {
  latency: {
    service: 'mci_service_latency_seconds',
    engine: 'mci_engine_latency_seconds',
    scale: 1 / 1000,
    unit: 'seconds',
    label: 'latency',
  },
  error_rate: { service: 'mci_service_error_ratio', scale: 1 / 100, unit: 'ratio', label: 'error rate' },
  cpu: {
    service: 'mci_service_cpu_ratio',
    engine: 'mci_engine_cpu_ratio',
    scale: 1 / 100,
    unit: 'ratio',
    label: 'CPU',
  },
  memory: {
    service: 'mci_service_memory_ratio',
    engine: 'mci_engine_memory_ratio',
    scale: 1 / 100,
    unit: 'ratio',
    label: 'memory',
  },
  throughput: {
    service: 'mci_service_throughput_requests_per_second',
    scale: 1,
    unit: 'per-second',
    label: 'throughput',
  },
};

/** Scrape jobs whose liveness is alerted on (see provisioning/prometheus/prometheus.yml). */
export const SCRAPE_JOBS = ['mci-simulator', 'mci-bridge'] as const;
export const HEARTBEAT_STALE_SECONDS = 30;

/** Pending periods: a critical breach is confirmed faster than a warning one. */
export const FOR_BY_SEVERITY: Record<AlertSeverity, string> = { warning: '2m', critical: '1m' };
const HEARTBEAT_FOR = '0s';
const DOWN_FOR = '1m';

/** Thresholds in Prometheus units, e.g. cpu 95 % → 0.95. */
export function prometheusThreshold(
  thresholds: Thresholds,
  metric: ServiceMetricName,
  severity: AlertSeverity
): number {
  return round(thresholds[metric][severity] * METRIC_SOURCES[metric].scale);
}

export function buildAlertRules(thresholds: Thresholds = DEFAULT_THRESHOLDS): AlertRuleSpec[] {
  const rules: AlertRuleSpec[] = [];
  for (const metric of SERVICE_METRICS) {
    const source = METRIC_SOURCES[metric];
    const threshold = thresholds[metric];
    const query = source.engine
      ? `label_replace(${source.engine}, "service", "engine", "", "") or ${source.service}`
      : source.service;
    for (const severity of ['warning', 'critical'] as const) {
      const limit = prometheusThreshold(thresholds, metric, severity);
      const direction = threshold.direction === 'above' ? 'above' : 'below';
      rules.push({
        uid: `mci-${metric.replace('_', '-')}-${severity}`,
        alert: `Mci${pascal(metric)}${pascal(severity)}`,
        title: `MCI ${source.label} ${severity}`,
        metric,
        severity,
        query,
        comparison: threshold.direction === 'above' ? 'gt' : 'lt',
        threshold: limit,
        for: FOR_BY_SEVERITY[severity],
        summary: `${source.label} ${direction} ${formatValue(limit, source.unit)} (spec 004 ${severity})`,
        unit: source.unit,
      });
    }
  }
  rules.push({
    uid: 'mci-heartbeat-stale',
    alert: 'MciEngineHeartbeatStale',
    title: 'MCI engine heartbeat stale',
    metric: 'heartbeat',
    severity: 'critical',
    query: 'time() - mci_engine_last_heartbeat_timestamp_seconds',
    comparison: 'gt',
    threshold: HEARTBEAT_STALE_SECONDS,
    for: HEARTBEAT_FOR,
    summary: `no engine heartbeat for more than ${HEARTBEAT_STALE_SECONDS} s`,
    unit: 'seconds',
  });
  rules.push({
    uid: 'mci-target-down',
    alert: 'MciTargetDown',
    title: 'MCI simulator or bridge down',
    metric: 'up',
    severity: 'critical',
    query: `up{job=~"${SCRAPE_JOBS.join('|')}"}`,
    comparison: 'lt',
    threshold: 1,
    for: DOWN_FOR,
    summary: 'Prometheus cannot scrape the MCI metrics endpoint',
    unit: 'count',
  });
  return rules;
}

/** The PromQL of a Prometheus alerting rule: the query filtered by its threshold. */
export function prometheusExpr(rule: AlertRuleSpec): string {
  const query = / (or|and|\/|\*) /.test(rule.query) ? `(${rule.query})` : rule.query;
  return `${query} ${rule.comparison === 'gt' ? '>' : '<'} ${rule.threshold}`;
}

export function formatValue(value: number, unit: AlertRuleSpec['unit']): string {
  switch (unit) {
    case 'ratio':
      return `${round(value * 100)}%`;
    case 'seconds':
      return `${value} s`;
    case 'per-second':
      return `${value} req/s`;
    case 'count':
      return String(value);
    case 'orders-per-fill':
      return `${value} orders per fill`;
  }
}

/** Avoid 0.9500000000000001 in files people read. */
export function round(value: number): number {
  return Number(value.toPrecision(12));
}

function pascal(text: string): string {
  return text
    .split(/[_-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
