/**
 * What one load process measures while it runs: totals, per-channel counts and latency, the
 * connect/subscribe histograms, plus an interval view (since the last `takeInterval()`) for the
 * once-a-second progress line, the Prometheus endpoint and the worker → parent ticks.
 */
import type { Histogram } from 'hdr-histogram-js';
import { createHistogram, encodeHistogram, recordMs } from './histogram';
import {
  emptyTotals,
  type HistogramKey,
  type Measurements,
  type LoadSource,
  type TimelinePoint,
  type Totals,
} from './report';

export interface ChannelStats {
  messages: number;
  bytes: number;
  gaps: number;
  latency: Histogram;
}

/** One second of activity; what a worker sends its parent and the progress line shows. */
export interface IntervalStats {
  messages: number;
  bytes: number;
  /** Encoded interval latency histogram (µs). */
  latency: string;
  /** Connections open now. */
  open: number;
}

export class LoadStats {
  readonly totals: Totals = emptyTotals();
  readonly channels = new Map<string, ChannelStats>();
  readonly histograms: Record<HistogramKey, Histogram> = {
    latency: createHistogram(),
    connect: createHistogram(),
    subscribe: createHistogram(),
  };
  /** Connections currently open (acknowledged by the server). */
  open = 0;
  /** One point per `takeInterval` (each second): the run over time, for the HTML report. */
  readonly timeline: TimelinePoint[] = [];
  private intervalMessages = 0;
  private countedGaps = 0;
  private countedErrors = 0;
  private intervalBytes = 0;
  private intervalLatency = createHistogram();

  private channel(name: string): ChannelStats {
    let stats = this.channels.get(name);
    if (stats === undefined) {
      stats = { messages: 0, bytes: 0, gaps: 0, latency: createHistogram() };
      this.channels.set(name, stats);
    }
    return stats;
  }

  /** One data event; `latencyMs` undefined when it has no usable timestamp (or is a snapshot). */
  message(channel: string, latencyMs: number | undefined): void {
    const stats = this.channel(channel);
    stats.messages += 1;
    this.totals.messages += 1;
    this.intervalMessages += 1;
    if (latencyMs === undefined) {
      this.totals.unmeasured += 1;
      return;
    }
    if (latencyMs < 0) {
      this.totals.clockSkew += 1;
    }
    recordMs(stats.latency, latencyMs);
    recordMs(this.histograms.latency, latencyMs);
    recordMs(this.intervalLatency, latencyMs);
  }

  /** Frame bytes, attributed to the channel(s) whose events the frame carried. */
  bytes(channel: string | undefined, count: number): void {
    this.totals.bytes += count;
    this.intervalBytes += count;
    if (channel !== undefined) {
      this.channel(channel).bytes += count;
    }
  }

  gap(channel: string, missed: number | undefined): void {
    this.channel(channel).gaps += 1;
    this.totals.gaps += 1;
    this.totals.missedEvents += missed ?? 0;
  }

  error(code: string): void {
    this.totals.errors[code] = (this.totals.errors[code] ?? 0) + 1;
  }

  connectTime(ms: number): void {
    recordMs(this.histograms.connect, ms);
  }

  subscribeTime(ms: number): void {
    recordMs(this.histograms.subscribe, ms);
  }

  /** The activity since the previous call (ending `at`, epoch ms); resets the interval view. */
  takeInterval(at: number = Date.now()): IntervalStats {
    const interval: IntervalStats = {
      messages: this.intervalMessages,
      bytes: this.intervalBytes,
      latency: encodeHistogram(this.intervalLatency),
      open: this.open,
    };
    const errors = Object.values(this.totals.errors).reduce((a, b) => a + b, 0);
    this.timeline.push({
      at,
      messages: interval.messages,
      bytes: interval.bytes,
      open: interval.open,
      gaps: this.totals.gaps - this.countedGaps,
      errors: errors - this.countedErrors,
      latency: interval.latency,
    });
    this.countedGaps = this.totals.gaps;
    this.countedErrors = errors;
    this.intervalMessages = 0;
    this.intervalBytes = 0;
    this.intervalLatency.reset();
    return interval;
  }

  measurements(sources: LoadSource[], startedAt: number, endedAt: number): Measurements {
    return {
      sources,
      startedAt,
      endedAt,
      totals: this.totals,
      channels: this.channels,
      histograms: this.histograms,
      timeline: this.timeline,
    };
  }
}
