/**
 * What one load process measures while it runs: totals, per-channel counts and latency, the
 * connect/subscribe histograms, plus an interval view (since the last `takeInterval()`) for the
 * once-a-second progress line, the Prometheus endpoint and the worker → parent ticks.
 *
 * A latency sample is counted once, into its channel's `LatencyCounts` (HdrHistogram's buckets,
 * found in a few integer steps); each `takeInterval()` (once a second) and `measurements()` adds
 * those counts into the channel's, the run's and the interval's HDR histograms. The histograms are
 * exactly what recording every sample three times would give, for far less CPU per event.
 */
import type { Histogram } from 'hdr-histogram-js';
import { createHistogram, encodeHistogram, msToUs, recordMs } from './histogram';
import { LatencyCounts } from './LatencyCounts';
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
  /** Up to the last `takeInterval()` or `measurements()`; the rest is still in `recent`. */
  latency: Histogram;
  /** Samples since the last merge. */
  recent: LatencyCounts;
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

  /** A channel's stats (created on first use); the fast path keeps it instead of looking it up per event. */
  channel(name: string): ChannelStats {
    let stats = this.channels.get(name);
    if (stats === undefined) {
      stats = { messages: 0, bytes: 0, gaps: 0, latency: createHistogram(), recent: new LatencyCounts() };
      this.channels.set(name, stats);
    }
    return stats;
  }

  /** One data event; `latencyMs` undefined when it has no usable timestamp (or is a snapshot). */
  message(channel: string, latencyMs: number | undefined): void {
    this.messageOn(this.channel(channel), latencyMs);
  }

  /** `message` for a channel's stats already at hand. */
  messageOn(stats: ChannelStats, latencyMs: number | undefined): void {
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
    stats.recent.record(msToUs(latencyMs));
  }

  /** Add each channel's recent samples into its, the run's and the interval's latency histograms. */
  private mergeRecent(): void {
    this.channels.forEach(({ latency, recent }) =>
      recent.drain((us, count) => {
        latency.recordValueWithCount(us, count);
        this.histograms.latency.recordValueWithCount(us, count);
        this.intervalLatency.recordValueWithCount(us, count);
      })
    );
  }

  /** Frame bytes, attributed to the channel(s) whose events the frame carried. */
  bytes(channel: string | undefined, count: number): void {
    this.bytesOn(channel === undefined ? undefined : this.channel(channel), count);
  }

  /** `bytes` for a channel's stats already at hand. */
  bytesOn(stats: ChannelStats | undefined, count: number): void {
    this.totals.bytes += count;
    this.intervalBytes += count;
    if (stats !== undefined) {
      stats.bytes += count;
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
    this.mergeRecent();
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
    this.mergeRecent();
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
