/**
 * The JSON report of `mci-sim load` (`--out`): totals, per-channel counts and encoded HDR
 * histograms, so `mci-sim load merge` can add runs from several machines into one exact result.
 * The `summary` block is derived (recomputed on merge) and is there for people and dashboards.
 */
import type { Histogram } from 'hdr-histogram-js';
import {
  decodeHistogram,
  encodeHistogram,
  createHistogram,
  mergeEncoded,
  statMs,
  summarize,
  type HistogramSummary,
} from './histogram';
import { evaluateThreshold, type Threshold, type ThresholdResult } from './thresholds';

export const REPORT_FORMAT = 'mci-sim-load-report';
export const REPORT_VERSION = 1;

export type HistogramKey = 'latency' | 'connect' | 'subscribe';

/** The run's settings as given (one per machine or worker set that produced the report). */
export interface LoadSource {
  host: string;
  url: string;
  clients: number;
  workers: number;
  channels: string[];
  batchMs: number;
  /** Frames fully validated by the client (`--validate`) rather than read by the fast path. */
  validate?: boolean;
  churnPerSecond: number;
  rampMs: number;
  durationMs: number;
  startedAt: number;
  endedAt: number;
}

export interface Totals {
  connectAttempts: number;
  connected: number;
  connectFailures: number;
  reconnects: number;
  /** Connections the tool closed and reopened on purpose (`--churn`). */
  churned: number;
  /** Data events received, snapshots and replays included. */
  messages: number;
  /** WebSocket frame bytes received (payload text, UTF-8). */
  bytes: number;
  /** `gap` items: places where events may be missing (a `seq` jump or a failed resume). */
  gaps: number;
  /** Events known missing from `seq` jumps (when the gap says how many). */
  missedEvents: number;
  /** Events without a usable server timestamp, or snapshots/replays (their timestamp is old state). */
  unmeasured: number;
  /** Latency samples below zero (client clock behind the server's): recorded as 0. */
  clockSkew: number;
  /** Errors by protocol code or client-side kind. */
  errors: Record<string, number>;
}

/** One second of a run (what the progress line showed), for charts over time. */
export interface TimelinePoint {
  /** End of the second, epoch ms. */
  at: number;
  messages: number;
  bytes: number;
  /** Connections open at `at`. */
  open: number;
  gaps: number;
  errors: number;
  /** That second's latency histogram, compressed base64 (µs), so merged runs add exactly. */
  latency: string;
}

export interface ChannelTotals {
  messages: number;
  bytes: number;
  gaps: number;
  latency: string;
}

export interface LoadReport {
  format: typeof REPORT_FORMAT;
  version: typeof REPORT_VERSION;
  startedAt: number;
  endedAt: number;
  durationSeconds: number;
  sources: LoadSource[];
  totals: Totals;
  channels: Record<string, ChannelTotals>;
  /** Compressed base64 HdrHistograms in microseconds. */
  histograms: Record<HistogramKey, string>;
  summary: {
    messagesPerSecond: number;
    bytesPerSecond: number;
    latency: HistogramSummary;
    connect: HistogramSummary;
    subscribe: HistogramSummary;
    channels: Record<string, HistogramSummary & { messagesPerSecond: number; bytesPerSecond: number }>;
  };
  thresholds: ThresholdResult[];
  passed: boolean;
  /** Each second of the run, oldest first (absent in reports of older versions of the tool). */
  timeline?: TimelinePoint[];
}

export function emptyTotals(): Totals {
  return {
    connectAttempts: 0,
    connected: 0,
    connectFailures: 0,
    reconnects: 0,
    churned: 0,
    messages: 0,
    bytes: 0,
    gaps: 0,
    missedEvents: 0,
    unmeasured: 0,
    clockSkew: 0,
    errors: {},
  };
}

/** The measured parts a report is built from (live histograms, not yet encoded). */
export interface Measurements {
  sources: LoadSource[];
  startedAt: number;
  endedAt: number;
  totals: Totals;
  channels: Map<string, { messages: number; bytes: number; gaps: number; latency: Histogram }>;
  histograms: Record<HistogramKey, Histogram>;
  timeline?: TimelinePoint[];
}

export function buildReport(m: Measurements, thresholds: Threshold[]): LoadReport {
  const durationSeconds = Math.max(0.001, (m.endedAt - m.startedAt) / 1000);
  const channels: LoadReport['channels'] = {};
  const channelSummary: LoadReport['summary']['channels'] = {};
  for (const [channel, c] of [...m.channels.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    channels[channel] = { messages: c.messages, bytes: c.bytes, gaps: c.gaps, latency: encodeHistogram(c.latency) };
    channelSummary[channel] = {
      ...summarize(c.latency),
      messagesPerSecond: round(c.messages / durationSeconds),
      bytesPerSecond: round(c.bytes / durationSeconds),
    };
  }
  const results = thresholds.map((threshold) =>
    evaluateThreshold(threshold, {
      durationSeconds,
      histogram: (name, channel, stat, percentile) => {
        const histogram = channel === undefined ? m.histograms[name] : m.channels.get(channel)?.latency;
        return histogram === undefined ? undefined : statMs(histogram, stat, percentile);
      },
      counter: (name, code) => {
        switch (name) {
          case 'errors':
            return code === undefined
              ? Object.values(m.totals.errors).reduce((a, b) => a + b, 0)
              : (m.totals.errors[code] ?? 0);
          case 'connections':
            return m.totals.connected;
          default:
            return m.totals[name];
        }
      },
    })
  );
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    startedAt: m.startedAt,
    endedAt: m.endedAt,
    durationSeconds: round(durationSeconds),
    sources: m.sources,
    totals: m.totals,
    channels,
    histograms: {
      latency: encodeHistogram(m.histograms.latency),
      connect: encodeHistogram(m.histograms.connect),
      subscribe: encodeHistogram(m.histograms.subscribe),
    },
    summary: {
      messagesPerSecond: round(m.totals.messages / durationSeconds),
      bytesPerSecond: round(m.totals.bytes / durationSeconds),
      latency: summarize(m.histograms.latency),
      connect: summarize(m.histograms.connect),
      subscribe: summarize(m.histograms.subscribe),
      channels: channelSummary,
    },
    thresholds: results,
    passed: results.every((result) => result.passed),
    timeline: m.timeline ?? [],
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Add totals (counters and error codes) into `into`. */
export function addTotals(into: Totals, from: Totals): void {
  for (const key of Object.keys(into) as Array<keyof Totals>) {
    if (key === 'errors') {
      for (const [code, count] of Object.entries(from.errors)) {
        into.errors[code] = (into.errors[code] ?? 0) + count;
      }
    } else {
      into[key] += from[key];
    }
  }
}

/** Decode reports back into measurements (for merging). */
export function measurementsOf(reports: Array<{ report: LoadReport; name: string }>): Measurements {
  const totals = emptyTotals();
  const histograms: Record<HistogramKey, Histogram> = {
    latency: createHistogram(),
    connect: createHistogram(),
    subscribe: createHistogram(),
  };
  const channels: Measurements['channels'] = new Map();
  for (const { report, name } of reports) {
    addTotals(totals, report.totals);
    for (const key of ['latency', 'connect', 'subscribe'] as const) {
      histograms[key].add(decodeHistogram(report.histograms[key], `${name}: histograms.${key}`));
    }
    for (const [channel, c] of Object.entries(report.channels)) {
      const into = channels.get(channel) ?? { messages: 0, bytes: 0, gaps: 0, latency: createHistogram() };
      into.messages += c.messages;
      into.bytes += c.bytes;
      into.gaps += c.gaps;
      into.latency.add(decodeHistogram(c.latency, `${name}: channels.${channel}.latency`));
      channels.set(channel, into);
    }
  }
  return {
    sources: reports.flatMap(({ report }) => report.sources),
    // Runs from several machines overlap in time: the merged run spans from the first start to the last end.
    startedAt: Math.min(...reports.map(({ report }) => report.startedAt)),
    endedAt: Math.max(...reports.map(({ report }) => report.endedAt)),
    totals,
    channels,
    histograms,
    timeline: mergeTimelines(reports),
  };
}

/**
 * Runs that overlap in time (machines, workers) add up second by second: counts add, latency
 * histograms add exactly, and open connections add each run's latest count at that second (a run
 * whose tick fell into the next second still has its connections open). Within one run, two ticks
 * that round to the same second (a late timer) add their counts and keep the later connection count.
 */
export function mergeTimelines(reports: Array<{ report: LoadReport; name: string }>): TimelinePoint[] {
  const runs = reports.map(({ report, name }) => {
    const own = new Map<number, TimelinePoint>();
    for (const point of report.timeline ?? []) {
      const second = Math.round(point.at / 1000);
      const earlier = own.get(second);
      own.set(
        second,
        earlier === undefined
          ? point
          : {
              ...point,
              messages: earlier.messages + point.messages,
              bytes: earlier.bytes + point.bytes,
              gaps: earlier.gaps + point.gaps,
              errors: earlier.errors + point.errors,
              latency: mergeEncoded([earlier.latency, point.latency], `${name}: timeline`),
            }
      );
    }
    return { own, name, first: Math.min(...own.keys()), last: Math.max(...own.keys()) };
  });
  const seconds = [...new Set(runs.flatMap(({ own }) => [...own.keys()]))].sort((a, b) => a - b);
  return seconds.map((second) => {
    const merged: TimelinePoint = {
      at: second * 1000,
      messages: 0,
      bytes: 0,
      open: 0,
      gaps: 0,
      errors: 0,
      latency: '',
    };
    const latency = createHistogram();
    for (const run of runs) {
      const point = run.own.get(second);
      if (point !== undefined) {
        merged.messages += point.messages;
        merged.bytes += point.bytes;
        merged.gaps += point.gaps;
        merged.errors += point.errors;
        latency.add(decodeHistogram(point.latency, `${run.name}: timeline`));
      }
      if (second >= run.first && second <= run.last) {
        merged.open += (point ?? latestBefore(run.own, second))?.open ?? 0;
      }
    }
    merged.latency = encodeHistogram(latency);
    return merged;
  });
}

function latestBefore(points: Map<number, TimelinePoint>, second: number): TimelinePoint | undefined {
  for (let s = second - 1; points.size > 0 && s >= second - 60; s -= 1) {
    const point = points.get(s);
    if (point !== undefined) {
      return point;
    }
  }
  return undefined;
}

export function mergeReports(
  reports: Array<{ report: LoadReport; name: string }>,
  thresholds: Threshold[]
): LoadReport {
  if (reports.length === 0) {
    throw new Error('load merge: no reports given; pass two or more files written by mci-sim load --out.');
  }
  return buildReport(measurementsOf(reports), thresholds);
}
