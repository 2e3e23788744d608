/**
 * The named anomaly scenarios: what each one drives, to which level, for how long by default.
 * Each alerting scenario drives exactly one service metric to a level chosen from the configured
 * thresholds (between warning and critical for a warning scenario, well past critical for a
 * critical one), so it crosses exactly its threshold and raises exactly one alert.
 *
 * Shapes:
 * - `surge`: the metric moves from its organic value to the target over SURGE_RAMP_MS (2 s, less
 *   than the alert confirmation window, so the alert is raised directly at its final severity),
 *   holds until the end, and returns over SURGE_RAMP_MS.
 * - `leak`: the metric grows linearly to the target over LEAK_GROWTH_RATIO of the duration,
 *   holds, and drops back over SURGE_RAMP_MS at the end (the process "restarts").
 */
import type { AlertSeverity, ServiceMetricName, ServiceName } from '../../src/protocol';
import { METRIC_CAP } from './thresholds';
import type { ActiveScenario, ScenarioName, Threshold, Thresholds } from './types';

export const SURGE_RAMP_MS = 2_000;
export const LEAK_GROWTH_RATIO = 0.8;

/** Engine health metrics a scenario may drive alongside its service metric. */
export type EngineHealthMetric = 'cpu' | 'memory' | 'latency';

export interface ScenarioDefinition {
  name: ScenarioName;
  description: string;
  defaultDurationMs: number;
  shape: 'surge' | 'leak';
  /** The one service metric it drives and the alert it must raise; none for `normal`. */
  alert?: { service: ServiceName; metric: ServiceMetricName; severity: AlertSeverity };
  /** Engine health metrics driven to the same level (shown on the health panel and in Prometheus). */
  engine?: EngineHealthMetric[];
  volatilityMultiplier?: number;
  /** Flash crash: prices fall by `dropRatio` over `crashMs`, then recover `recoveryRatio` of the fall by the end. */
  crash?: { dropRatio: number; crashMs: number; recoveryRatio: number };
  /** The engine stops: no heartbeat, no strategy evaluation, no order processing. */
  stall?: boolean;
  /** Probability that the exchange rejects an order, and extra order attempts per second (retries). */
  rejections?: { probability: number; extraOrdersPerSecond: number };
  /** A strategy floods child orders at this multiple of the order message rate limit. */
  runaway?: { limitMultiple: number };
  /** The market data feed of this share of the symbols (the first ones, at least one) stops. */
  staleFeed?: { symbolShare: number };
}

const MINUTE = 60_000;

export const SCENARIOS: Record<ScenarioName, ScenarioDefinition> = {
  normal: {
    name: 'normal',
    description: 'Organic behaviour only: daily cycles, small random spikes and trends, no alert.',
    defaultDurationMs: 60 * MINUTE,
    shape: 'surge',
  },
  'volatile-market': {
    name: 'volatile-market',
    description: 'Price volatility ×3 and turnover up; the queue works harder (queue CPU warning).',
    defaultDurationMs: 10 * MINUTE,
    shape: 'surge',
    alert: { service: 'queue', metric: 'cpu', severity: 'warning' },
    volatilityMultiplier: 3,
  },
  'flash-crash': {
    name: 'flash-crash',
    description:
      'Every price falls 10% in 90 s, then recovers half; the order queue backs up (queue latency critical).',
    defaultDurationMs: 5 * MINUTE,
    shape: 'surge',
    alert: { service: 'queue', metric: 'latency', severity: 'critical' },
    volatilityMultiplier: 2,
    crash: { dropRatio: 0.1, crashMs: 90_000, recoveryRatio: 0.5 },
  },
  'cpu-spike': {
    name: 'cpu-spike',
    description: 'API and engine CPU saturate (api CPU critical).',
    defaultDurationMs: 2 * MINUTE,
    shape: 'surge',
    alert: { service: 'api', metric: 'cpu', severity: 'critical' },
    engine: ['cpu'],
  },
  'latency-storm': {
    name: 'latency-storm',
    description: 'API and engine latency jump to 1.5 s (api latency critical).',
    defaultDurationMs: 3 * MINUTE,
    shape: 'surge',
    alert: { service: 'api', metric: 'latency', severity: 'critical' },
    engine: ['latency'],
  },
  'error-burst': {
    name: 'error-burst',
    description: 'The database fails 15% of requests (database error rate critical).',
    defaultDurationMs: 2 * MINUTE,
    shape: 'surge',
    alert: { service: 'database', metric: 'error_rate', severity: 'critical' },
  },
  'memory-leak': {
    name: 'memory-leak',
    description: 'API and engine memory grow steadily until a restart at the end (api memory warning).',
    defaultDurationMs: 10 * MINUTE,
    shape: 'leak',
    alert: { service: 'api', metric: 'memory', severity: 'warning' },
    engine: ['memory'],
  },
  'engine-stall': {
    name: 'engine-stall',
    description: 'The engine stops: heartbeat frozen, no trading, the queue drains (queue throughput critical).',
    defaultDurationMs: 1 * MINUTE,
    shape: 'surge',
    alert: { service: 'queue', metric: 'throughput', severity: 'critical' },
    stall: true,
  },
  'order-rejections': {
    name: 'order-rejections',
    description: 'The exchange rejects 70% of orders and strategies retry (api error rate warning).',
    defaultDurationMs: 5 * MINUTE,
    shape: 'surge',
    alert: { service: 'api', metric: 'error_rate', severity: 'warning' },
    rejections: { probability: 0.7, extraOrdersPerSecond: 0.2 },
  },
  'runaway-orders': {
    name: 'runaway-orders',
    description:
      'A momentum strategy floods child orders on the first symbol at 3× the order message rate limit: the excess is rejected, then the kill switch halts trading.',
    defaultDurationMs: 2 * MINUTE,
    shape: 'surge',
    runaway: { limitMultiple: 3 },
  },
  'stale-market': {
    name: 'stale-market',
    description: 'The market data feed of the first quarter of the symbols stops: their quotes freeze.',
    defaultDurationMs: 2 * MINUTE,
    shape: 'surge',
    staleFeed: { symbolShare: 0.25 },
  },
};

/** Does the scenario raise an alert of any kind (spec 004 or order health)? Its start is then a warning. */
export function isAlertingScenario(definition: ScenarioDefinition): boolean {
  return definition.alert !== undefined || definition.runaway !== undefined || definition.staleFeed !== undefined;
}

/**
 * The level a scenario drives a metric to: midway between warning and critical for a warning
 * scenario; for a critical one 1.5× the critical threshold (half-way to the cap for percentages,
 * half the threshold for throughput).
 */
export function targetLevel(threshold: Threshold, severity: AlertSeverity, cap: number): number {
  const { warning, critical } = threshold;
  if (severity === 'warning') {
    return (warning + critical) / 2;
  }
  if (threshold.direction === 'below') {
    return critical / 2;
  }
  return Math.min(critical * 1.5, critical + (cap - critical) / 2);
}

/** How far (0..1) a scenario instance pushes its metric at `time`, ramps included. */
export function envelope(instance: ActiveScenario, time: number): number {
  const definition = SCENARIOS[instance.name];
  const { startedAt, endsAt } = instance;
  if (time < startedAt || time >= endsAt + SURGE_RAMP_MS) {
    return 0;
  }
  if (time >= endsAt) {
    // Wind-down starts from wherever the ramp-up had reached (a short or stopped scenario).
    return envelopeUntilEnd(definition, instance, endsAt) * (1 - (time - endsAt) / SURGE_RAMP_MS);
  }
  return envelopeUntilEnd(definition, instance, time);
}

function envelopeUntilEnd(definition: ScenarioDefinition, instance: ActiveScenario, time: number): number {
  const elapsed = time - instance.startedAt;
  const rampMs = definition.shape === 'leak' ? instance.durationMs * LEAK_GROWTH_RATIO : SURGE_RAMP_MS;
  return rampMs <= 0 ? 1 : Math.min(1, elapsed / rampMs);
}

/** The service-metric target of a scenario under the configured thresholds, if it has one. */
export function scenarioTarget(definition: ScenarioDefinition, thresholds: Thresholds): number | undefined {
  if (!definition.alert) {
    return undefined;
  }
  const { metric, severity } = definition.alert;
  return targetLevel(thresholds[metric], severity, METRIC_CAP[metric]);
}

/** Log-drift per ms of a flash crash at `time` (0 outside its crash and recovery phases). */
export function crashDriftPerMs(instance: ActiveScenario, time: number): number {
  const crash = SCENARIOS[instance.name].crash;
  if (!crash || time < instance.startedAt || time >= instance.endsAt) {
    return 0;
  }
  const crashMs = Math.min(crash.crashMs, instance.durationMs * 0.3);
  const fall = Math.log(1 - crash.dropRatio);
  if (time < instance.startedAt + crashMs) {
    return fall / crashMs;
  }
  const recoveryMs = instance.durationMs - crashMs;
  // Recover a share of the fall in log terms: e^(-fall × ratio) brings back that part of it.
  return recoveryMs > 0 ? (-fall * crash.recoveryRatio) / recoveryMs : 0;
}
