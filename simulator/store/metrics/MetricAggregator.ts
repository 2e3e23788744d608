/**
 * Closes the 1m, 5m and 1h buckets of spec 004's service metrics, each from its raw rows: when the
 * newest stored sample (the watermark) has passed a bucket's end, the bucket's raw samples are
 * read back and summarised exactly (`aggregateSamples.ts`); every interval reads raw rows, never
 * a finer interval's aggregates. Spans are read an hour at most at a time, so a day of backlog
 * (after `seed`, or a restart) never holds the event loop for long. Samples ingested late into a
 * closed bucket re-close that bucket. Calls are serialised: one pass at a time.
 *
 * Reading back is most of a seed's work (each raw row was read once per interval), so the writer
 * may hand over the samples it has just stored (`advance(watermark, written)`): the aggregator
 * keeps them until every interval has closed past them, and closes a span from them when the
 * table holds exactly as many samples in that span as it kept, i.e. when they are the span's raw
 * rows (nothing ingested by another path, nothing pruned, no write lost). Otherwise it reads the
 * rows back as before. Either way a bucket is computed from the same values in the same order
 * (time, then insertion order, as `samplesBetween` returns them).
 */
import { aggregateSamples, type SeriesSample } from './aggregateSamples';
import { AGGREGATE_INTERVALS, INTERVAL_MS, bucketStart, type AggregateInterval } from './intervals';
import type { MetricsRepository } from './MetricsRepository';

const MAX_SPAN_MS = INTERVAL_MS['1h'];
/** Kept samples beyond this (hours of a stalled watermark) are let go: those spans are read back. */
const MAX_KEPT = 500_000;

export class MetricAggregator {
  /** Where each interval's closed buckets end; undefined until known (read from the store first). */
  private readonly closedUntil = new Map<AggregateInterval, number | undefined>();
  private chain: Promise<void> = Promise.resolve();
  /** Samples the writer stored, in the order it stored them, not yet past every interval's closed end. */
  private kept: SeriesSample[] = [];

  constructor(private readonly repository: MetricsRepository) {}

  /**
   * Close every bucket that ends at or before `watermark`. `written`: samples just stored by the
   * caller, in the order it inserted them (optional; they spare reading the rows back).
   */
  advance(watermark: number, written: readonly SeriesSample[] = []): Promise<void> {
    return this.serially(async () => {
      for (const sample of written) {
        this.kept.push(sample);
      }
      for (const interval of AGGREGATE_INTERVALS) {
        await this.closeUpTo(interval, bucketStart(watermark, interval));
      }
      this.forgetClosed();
    });
  }

  /** Recompute the already closed buckets that samples at `times` fall into. */
  reclose(times: readonly number[]): Promise<void> {
    return this.serially(async () => {
      for (const interval of AGGREGATE_INTERVALS) {
        const until = this.closedUntil.get(interval);
        if (until === undefined) {
          continue;
        }
        const starts = new Set(times.map((time) => bucketStart(time, interval)).filter((start) => start < until));
        for (const start of [...starts].sort((a, b) => a - b)) {
          await this.closeSpan(interval, start, start + INTERVAL_MS[interval]);
        }
      }
    });
  }

  /** The end of the closed buckets of `interval` (later buckets must be computed from raw). */
  async closedEnd(interval: AggregateInterval): Promise<number | undefined> {
    await this.chain;
    return this.closedUntil.get(interval) ?? (await this.repository.aggregatedUntil(interval));
  }

  private serially(task: () => Promise<void>): Promise<void> {
    const next = this.chain.then(task);
    // A failed pass is reported to its caller; the next pass starts from the last closed bucket.
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async closeUpTo(interval: AggregateInterval, end: number): Promise<void> {
    let start = this.closedUntil.get(interval);
    if (start === undefined) {
      start = await this.repository.aggregatedUntil(interval);
    }
    if (start === undefined) {
      const first = await this.repository.earliestSampleTime();
      if (first === undefined) {
        return;
      }
      start = bucketStart(first, interval);
    }
    while (start < end) {
      const spanEnd = Math.min(end, start + Math.max(MAX_SPAN_MS, INTERVAL_MS[interval]));
      await this.closeSpan(interval, start, spanEnd);
      start = spanEnd;
      this.closedUntil.set(interval, start);
    }
    if (this.closedUntil.get(interval) === undefined) {
      this.closedUntil.set(interval, start);
    }
  }

  private async closeSpan(interval: AggregateInterval, from: number, to: number): Promise<void> {
    const samples = (await this.keptRowsOf(from, to)) ?? (await this.repository.samplesBetween(from, to));
    await this.repository.replaceAggregates(interval, from, to, aggregateSamples(samples, interval, from, to));
  }

  /** The kept samples in [from, to) in `samplesBetween` order, if they are all the span's raw rows. */
  private async keptRowsOf(from: number, to: number): Promise<SeriesSample[] | undefined> {
    if (this.kept.length === 0) {
      return undefined;
    }
    const inSpan = this.kept.filter((sample) => sample.timestamp >= from && sample.timestamp < to);
    if (inSpan.length === 0 || inSpan.length !== (await this.repository.countSamples(from, to))) {
      return undefined;
    }
    // Stable: equal times keep insertion order, which is the rows' id order.
    return inSpan.sort((a, b) => a.timestamp - b.timestamp);
  }

  /** Drop kept samples every interval has closed past (they are never needed again). */
  private forgetClosed(): void {
    let closedEnd = Number.POSITIVE_INFINITY;
    for (const interval of AGGREGATE_INTERVALS) {
      closedEnd = Math.min(closedEnd, this.closedUntil.get(interval) ?? Number.NEGATIVE_INFINITY);
    }
    if (this.kept.length > 0 && closedEnd > Number.NEGATIVE_INFINITY) {
      this.kept = this.kept.filter((sample) => sample.timestamp >= closedEnd);
    }
    if (this.kept.length > MAX_KEPT) {
      this.kept = this.kept.slice(this.kept.length - MAX_KEPT);
    }
  }
}

/**
 * Re-close the stored buckets that late samples (ingested with past timestamps) fall into, from
 * their raw rows; buckets not closed yet are left to the aggregator.
 */
export async function recloseBuckets(repository: MetricsRepository, times: readonly number[]): Promise<void> {
  for (const interval of AGGREGATE_INTERVALS) {
    const until = await repository.aggregatedUntil(interval);
    if (until === undefined) {
      continue;
    }
    const starts = [...new Set(times.map((time) => bucketStart(time, interval)))].filter((start) => start < until);
    for (const start of starts.sort((a, b) => a - b)) {
      const end = start + INTERVAL_MS[interval];
      const samples = await repository.samplesBetween(start, end);
      await repository.replaceAggregates(interval, start, end, aggregateSamples(samples, interval, start, end));
    }
  }
}
