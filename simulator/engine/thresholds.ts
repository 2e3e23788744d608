/**
 * Spec 004's anomaly thresholds as configurable defaults, and how a value compares to them.
 * Units are the wire's: latency ms, throughput req/s, error_rate %, cpu and memory % of capacity.
 */
import { SERVICE_METRICS, type AlertSeverity, type ServiceMetricName } from '../../src/protocol';
import type { Threshold, Thresholds } from './types';

export const DEFAULT_THRESHOLDS: Thresholds = {
  latency: { warning: 500, critical: 1000, direction: 'above' },
  error_rate: { warning: 5, critical: 10, direction: 'above' },
  cpu: { warning: 80, critical: 95, direction: 'above' },
  memory: { warning: 80, critical: 95, direction: 'above' },
  throughput: { warning: 100, critical: 50, direction: 'below' },
};

/** Metrics reported as a percentage of capacity cannot exceed 100. */
export const METRIC_CAP: Record<ServiceMetricName, number> = {
  latency: Number.POSITIVE_INFINITY,
  throughput: Number.POSITIVE_INFINITY,
  error_rate: 100,
  cpu: 100,
  memory: 100,
};

/** Defaults overridden per metric; throws an Error naming the metric when the result is inconsistent. */
export function resolveThresholds(overrides: Partial<Thresholds> | undefined): Thresholds {
  const out = { ...DEFAULT_THRESHOLDS };
  for (const metric of SERVICE_METRICS) {
    const override = overrides?.[metric];
    if (override === undefined) {
      continue;
    }
    const merged: Threshold = { ...DEFAULT_THRESHOLDS[metric], ...override };
    const ordered = merged.direction === 'above' ? merged.critical > merged.warning : merged.critical < merged.warning;
    if (!Number.isFinite(merged.warning) || !Number.isFinite(merged.critical) || merged.warning < 0 || !ordered) {
      throw new Error(
        `Invalid ${metric} threshold ${JSON.stringify(merged)}: critical must be ${
          merged.direction === 'above' ? 'above' : 'below'
        } warning and both finite and ≥ 0, e.g. ${JSON.stringify(DEFAULT_THRESHOLDS[metric])}.`
      );
    }
    out[metric] = merged;
  }
  return out;
}

/** Is `value` beyond `limit` in the threshold's direction? */
export function isBeyond(threshold: Threshold, value: number, limit: number): boolean {
  return threshold.direction === 'above' ? value > limit : value < limit;
}

/** The severity a raw value reaches, or undefined when it is inside the normal band. */
export function severityOf(threshold: Threshold, value: number): AlertSeverity | undefined {
  if (isBeyond(threshold, value, threshold.critical)) {
    return 'critical';
  }
  if (isBeyond(threshold, value, threshold.warning)) {
    return 'warning';
  }
  return undefined;
}
