/**
 * Turns service metric samples into alerts, without flapping:
 * - a (service, metric) pair raises an alert only after `confirmSamples` consecutive samples
 *   beyond its warning threshold; the alert's severity is that of the last of those samples;
 * - an active alert resolves only after `clearSamples` consecutive samples back inside the
 *   warning threshold by a hysteresis margin (`hysteresisRatio` of the threshold: latency must
 *   fall below 450 ms to clear a 500 ms alert);
 * - an active warning that stays critical for `confirmSamples` samples escalates: the warning
 *   resolves and a critical alert is raised. A critical alert never downgrades; it resolves
 *   when the metric is back to normal.
 */
import {
  SERVICE_METRICS,
  SERVICES,
  type Alert,
  type AlertSeverity,
  type ServiceMetricName,
  type ServiceMetrics,
  type ServiceName,
} from '../../src/protocol';
import { isBeyond, severityOf } from './thresholds';
import type { Thresholds } from './types';

export const ALERT_MONITOR_DEFAULTS = {
  confirmSamples: 3,
  clearSamples: 3,
  hysteresisRatio: 0.1,
} as const;

export interface AlertChange {
  type: 'raised' | 'resolved';
  alert: Alert;
}

interface PairState {
  active?: Alert;
  /** Consecutive samples beyond warning (no alert) or beyond critical (warning alert). */
  pending: number;
  /** Consecutive samples cleared (alert active). */
  clearing: number;
}

export interface AlertMonitor {
  /** Evaluate one sample of every service metric; returns the alerts raised and resolved, in order. */
  evaluate(sample: ServiceMetrics, time: number): AlertChange[];
  active(): Alert[];
}

const UNITS: Record<ServiceMetricName, string> = {
  latency: ' ms',
  throughput: ' req/s',
  error_rate: '%',
  cpu: '%',
  memory: '%',
};

const LABELS: Record<ServiceMetricName, string> = {
  latency: 'latency',
  throughput: 'throughput',
  error_rate: 'error rate',
  cpu: 'CPU',
  memory: 'memory',
};

export function formatMetric(metric: ServiceMetricName, value: number): string {
  const digits = metric === 'error_rate' ? 2 : metric === 'latency' || metric === 'throughput' ? 0 : 1;
  return `${value.toFixed(digits)}${UNITS[metric]}`;
}

export function createAlertMonitor(
  thresholds: Thresholds,
  newId: () => string,
  options: Partial<typeof ALERT_MONITOR_DEFAULTS> = {}
): AlertMonitor {
  const { confirmSamples, clearSamples, hysteresisRatio } = { ...ALERT_MONITOR_DEFAULTS, ...options };
  const pairs = new Map<string, PairState>();
  for (const service of SERVICES) {
    for (const metric of SERVICE_METRICS) {
      pairs.set(`${service}.${metric}`, { pending: 0, clearing: 0 });
    }
  }

  function raise(
    service: ServiceName,
    metric: ServiceMetricName,
    severity: AlertSeverity,
    value: number,
    time: number
  ): Alert {
    const threshold = thresholds[metric][severity];
    const relation = thresholds[metric].direction === 'above' ? 'above' : 'below';
    return {
      id: newId(),
      service,
      metric,
      severity,
      state: 'active',
      message: `${service} ${LABELS[metric]} ${formatMetric(metric, value)} is ${relation} the ${severity} threshold of ${formatMetric(metric, threshold)}`,
      value,
      threshold,
      raisedAt: time,
      resolvedAt: null,
    };
  }

  function resolve(alert: Alert, value: number, time: number, why: string): Alert {
    return {
      ...alert,
      state: 'resolved',
      value,
      resolvedAt: time,
      message: `${alert.service} ${LABELS[alert.metric]} ${why} (${formatMetric(alert.metric, value)})`,
    };
  }

  return {
    evaluate(sample, time) {
      const changes: AlertChange[] = [];
      for (const service of SERVICES) {
        const values = sample.services[service];
        for (const metric of SERVICE_METRICS) {
          const state = pairs.get(`${service}.${metric}`) as PairState;
          const threshold = thresholds[metric];
          const value = values[metric];
          const level = severityOf(threshold, value);
          const active = state.active;
          if (active === undefined) {
            state.pending = level === undefined ? 0 : state.pending + 1;
            if (level !== undefined && state.pending >= confirmSamples) {
              state.active = raise(service, metric, level, value, time);
              state.pending = 0;
              state.clearing = 0;
              changes.push({ type: 'raised', alert: state.active });
            }
            continue;
          }
          const margin = threshold.warning * hysteresisRatio;
          const clearLimit = threshold.direction === 'above' ? threshold.warning - margin : threshold.warning + margin;
          const cleared = !isBeyond(threshold, value, clearLimit) && value !== clearLimit;
          state.clearing = cleared ? state.clearing + 1 : 0;
          if (state.clearing >= clearSamples) {
            changes.push({ type: 'resolved', alert: resolve(active, value, time, 'is back to normal') });
            state.active = undefined;
            state.pending = 0;
            state.clearing = 0;
            continue;
          }
          if (active.severity === 'warning') {
            state.pending = level === 'critical' ? state.pending + 1 : 0;
            if (state.pending >= confirmSamples) {
              changes.push({ type: 'resolved', alert: resolve(active, value, time, 'escalated to critical') });
              state.active = raise(service, metric, 'critical', value, time);
              state.pending = 0;
              changes.push({ type: 'raised', alert: state.active });
            }
          }
        }
      }
      return changes;
    },
    active() {
      const out: Alert[] = [];
      for (const state of pairs.values()) {
        if (state.active) {
          out.push(state.active);
        }
      }
      return out;
    },
  };
}
