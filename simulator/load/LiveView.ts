/**
 * The live view of a run, across workers: each worker's last-second activity and running totals
 * go in, and once a second one combined line comes out (progress line, Prometheus). With one
 * process the runner is worker 0.
 */
import { createHistogram, decodeHistogram, statMs } from './histogram';
import type { IntervalStats } from './LoadStats';
import { addTotals, emptyTotals, type Totals } from './report';
import type { ProgressLine } from './format';

export interface LiveSample {
  elapsedMs: number;
  open: number;
  messagesPerSecond: number;
  bytesPerSecond: number;
  p50Ms?: number;
  p99Ms?: number;
  totals: Totals;
}

export class LiveView {
  private readonly pending: IntervalStats[] = [];
  private readonly open = new Map<number, number>();
  private readonly totals = new Map<number, Totals>();
  private lastAt: number;

  constructor(
    private readonly startedAt: number,
    private readonly now: () => number = Date.now
  ) {
    this.lastAt = startedAt;
  }

  add(worker: number, interval: IntervalStats, totals: Totals): void {
    this.pending.push(interval);
    this.open.set(worker, interval.open);
    this.totals.set(worker, structuredClone(totals));
  }

  /** Everything added since the previous call, per second of the real time that passed. */
  take(): LiveSample {
    const at = this.now();
    const seconds = Math.max(0.001, (at - this.lastAt) / 1000);
    this.lastAt = at;
    const latency = createHistogram();
    let messages = 0;
    let bytes = 0;
    for (const interval of this.pending.splice(0)) {
      messages += interval.messages;
      bytes += interval.bytes;
      latency.add(decodeHistogram(interval.latency, 'worker interval'));
    }
    const totals = emptyTotals();
    this.totals.forEach((value) => addTotals(totals, value));
    return {
      elapsedMs: at - this.startedAt,
      open: [...this.open.values()].reduce((a, b) => a + b, 0),
      messagesPerSecond: messages / seconds,
      bytesPerSecond: bytes / seconds,
      p50Ms: statMs(latency, 'p50', 50),
      p99Ms: statMs(latency, 'p99', 99),
      totals,
    };
  }
}

export function progressLine(sample: LiveSample, target: number, durationMs: number): ProgressLine {
  return {
    elapsedMs: sample.elapsedMs,
    durationMs,
    open: sample.open,
    target,
    messagesPerSecond: sample.messagesPerSecond,
    bytesPerSecond: sample.bytesPerSecond,
    p99Ms: sample.p99Ms,
    gaps: sample.totals.gaps,
    errors: Object.values(sample.totals.errors).reduce((a, b) => a + b, 0),
    reconnects: sample.totals.reconnects,
  };
}
