/**
 * Spec 004's generator: 5 services × 5 metrics, plus the engine's own cpu/memory/latency, each
 * the product of
 * - a daily sine cycle (load peaks at 12:30 IST, mid-session, and bottoms at 00:30 IST),
 * - a gradual trend (a slow mean-reverting random walk, ±15% at most; memory also saw-tooths as
 *   garbage collection lets it creep up and then drops it),
 * - small per-sample noise and random spikes (about two per hour per series, 5-30 s long).
 *
 * Organic values never cross a threshold: they are capped at ORGANIC_CEILING_RATIO (85%) of the
 * warning threshold (and throughput floored at ORGANIC_FLOOR_RATIO, 120%, of its warning), which
 * is also inside the alert monitor's 10% hysteresis band. The amplitudes are chosen so the cap
 * rarely bites. Only a scenario, applied on top as an override, crosses a threshold.
 */
import {
  SERVICE_METRICS,
  SERVICES,
  type ServiceMetricName,
  type ServiceMetrics,
  type ServiceName,
  type SystemHealth,
} from '../../src/protocol';
import { DAY_MS, IST_OFFSET_MS } from './defaults';
import type { Random } from './random';
import { METRIC_CAP } from './thresholds';
import type { Thresholds } from './types';

export const ORGANIC_CEILING_RATIO = 0.85;
export const ORGANIC_FLOOR_RATIO = 1.2;
/** Mean time between organic spikes of one series. */
const SPIKE_EVERY_MS = 30 * 60_000;
const TREND_TIME_CONSTANT_MS = 30 * 60_000;
const TREND_STD = 0.05;
const TREND_LIMIT = 0.15;
/** Hour (IST) of peak load. */
const PEAK_HOUR_IST = 12.5;

type Baseline = Record<ServiceMetricName, number>;

/** Typical mid-load levels per service: latency ms, throughput req/s, error_rate %, cpu %, memory %. */
export const SERVICE_BASELINES: Record<ServiceName, Baseline> = {
  auth: { latency: 45, throughput: 320, error_rate: 0.4, cpu: 32, memory: 48 },
  api: { latency: 120, throughput: 1150, error_rate: 0.6, cpu: 46, memory: 56 },
  database: { latency: 28, throughput: 820, error_rate: 0.15, cpu: 41, memory: 62 },
  cache: { latency: 3, throughput: 2900, error_rate: 0.05, cpu: 22, memory: 52 },
  queue: { latency: 65, throughput: 480, error_rate: 0.2, cpu: 35, memory: 44 },
};

export const ENGINE_BASELINE = { cpu: 28, memory: 42, latency: 12 };

/** Relative per-sample noise. */
const NOISE: Record<ServiceMetricName, number> = {
  latency: 0.08,
  throughput: 0.05,
  error_rate: 0.2,
  cpu: 0.04,
  memory: 0.01,
};

/** How strongly the daily load cycle moves each metric (1 = proportionally to load). */
const LOAD_SENSITIVITY: Record<ServiceMetricName, number> = {
  latency: 0.5,
  throughput: 1,
  error_rate: 0.5,
  cpu: 0.6,
  memory: 0.2,
};

/** Daily load factor amplitude: load is 1 ± 0.3 over the day. */
const DAILY_AMPLITUDE = 0.3;

interface Series {
  metric: ServiceMetricName;
  base: number;
  trend: number;
  /** Memory saw-tooth: period and phase in ms. */
  sawPeriodMs: number;
  sawPhaseMs: number;
  spikeUntil: number;
  spikeSize: number;
}

/** A scenario's pull on one series at one instant: value → value + (target − value) × weight. */
export interface MetricOverride {
  target: number;
  weight: number;
}

export type OverrideKey = `${ServiceName}.${ServiceMetricName}` | `engine.${'cpu' | 'memory' | 'latency'}`;
export type Overrides = ReadonlyMap<OverrideKey, MetricOverride>;

export interface ServiceMetricsGenerator {
  /** One sample of every service metric at `time`, `dtMs` after the previous one. */
  sample(time: number, dtMs: number, overrides: Overrides): ServiceMetrics;
  /** The engine's cpu/memory/latency at `time` (status, uptime and heartbeat are the engine's). */
  engine(time: number, dtMs: number, overrides: Overrides): Pick<SystemHealth, 'cpu' | 'memory' | 'latency'>;
}

/** Daily load, 1 ± DAILY_AMPLITUDE, peaking at PEAK_HOUR_IST. */
export function dailyLoad(time: number): number {
  const dayFraction = ((((time + IST_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / DAY_MS;
  return 1 + DAILY_AMPLITUDE * Math.cos(2 * Math.PI * (dayFraction - PEAK_HOUR_IST / 24));
}

export function createServiceMetricsGenerator(random: Random, thresholds: Thresholds): ServiceMetricsGenerator {
  const newSeries = (metric: ServiceMetricName, base: number): Series => ({
    metric,
    base,
    trend: 0,
    sawPeriodMs: random.between(15, 25) * 60_000,
    sawPhaseMs: random.between(0, 25) * 60_000,
    spikeUntil: -1,
    spikeSize: 0,
  });
  const services = SERVICES.map((service) => ({
    service,
    series: SERVICE_METRICS.map((metric) => newSeries(metric, SERVICE_BASELINES[service][metric])),
  }));
  const engineSeries = {
    cpu: newSeries('cpu', ENGINE_BASELINE.cpu),
    memory: newSeries('memory', ENGINE_BASELINE.memory),
    latency: newSeries('latency', ENGINE_BASELINE.latency),
  };

  const trendDecay = (dtMs: number) => Math.exp(-dtMs / TREND_TIME_CONSTANT_MS);

  function organic(s: Series, time: number, dtMs: number, load: number): number {
    // Ornstein-Uhlenbeck trend with stationary standard deviation TREND_STD.
    const decay = trendDecay(dtMs);
    s.trend = s.trend * decay + TREND_STD * Math.sqrt(1 - decay * decay) * random.normal();
    s.trend = Math.max(-TREND_LIMIT, Math.min(TREND_LIMIT, s.trend));
    let value = s.base * (1 + LOAD_SENSITIVITY[s.metric] * (load - 1)) * (1 + s.trend);
    if (s.metric === 'memory') {
      value += 6 * (((time + s.sawPhaseMs) % s.sawPeriodMs) / s.sawPeriodMs);
    }
    value *= 1 + NOISE[s.metric] * random.normal();
    if (time >= s.spikeUntil && random.chance(dtMs / SPIKE_EVERY_MS)) {
      s.spikeUntil = time + random.between(5_000, 30_000);
      s.spikeSize = random.next();
    }
    if (time < s.spikeUntil) {
      value = spiked(s.metric, value, s.spikeSize);
    }
    return bound(s.metric, value);
  }

  function bound(metric: ServiceMetricName, value: number): number {
    const threshold = thresholds[metric];
    const capped =
      threshold.direction === 'above'
        ? Math.min(value, threshold.warning * ORGANIC_CEILING_RATIO)
        : Math.max(value, threshold.warning * ORGANIC_FLOOR_RATIO);
    return Math.max(0, Math.min(METRIC_CAP[metric], capped));
  }

  function apply(metric: ServiceMetricName, value: number, override: MetricOverride | undefined): number {
    if (override === undefined || override.weight <= 0) {
      return value;
    }
    // Scenario levels carry a little noise of their own (0.3%), small enough to stay past the threshold.
    const pulled = value + (override.target - value) * override.weight;
    const noisy = pulled * (1 + 0.003 * override.weight * random.normal());
    return Math.max(0, Math.min(METRIC_CAP[metric], noisy));
  }

  return {
    sample(time, dtMs, overrides) {
      const load = dailyLoad(time);
      const out = {} as ServiceMetrics['services'];
      for (const { service, series } of services) {
        const values = {} as Record<ServiceMetricName, number>;
        for (const s of series) {
          const value = apply(s.metric, organic(s, time, dtMs, load), overrides.get(`${service}.${s.metric}`));
          values[s.metric] = roundMetric(s.metric, value);
        }
        out[service] = values;
      }
      return { services: out, timestamp: time };
    },
    engine(time, dtMs, overrides) {
      const load = dailyLoad(time);
      const value = (name: 'cpu' | 'memory' | 'latency') =>
        roundMetric(name, apply(name, organic(engineSeries[name], time, dtMs, load), overrides.get(`engine.${name}`)));
      return { cpu: value('cpu'), memory: value('memory'), latency: value('latency') };
    },
  };
}

function spiked(metric: ServiceMetricName, value: number, size: number): number {
  switch (metric) {
    case 'latency':
      return value * (1.5 + 0.7 * size);
    case 'error_rate':
      return value * (2 + 1.5 * size);
    case 'cpu':
      return value + 8 + 7 * size;
    case 'memory':
      return value + 2 + 3 * size;
    case 'throughput':
      // A burst of traffic or a lull, never below the organic floor.
      return size < 0.5 ? value * (0.7 + 0.3 * size) : value * (1.1 + 0.6 * size);
  }
}

function roundMetric(metric: ServiceMetricName, value: number): number {
  const factor = metric === 'error_rate' ? 1000 : 100;
  return Math.round(value * factor) / factor;
}
