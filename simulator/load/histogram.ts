/**
 * HDR histograms (hdr-histogram-js) in microseconds, and their portable form: the compressed
 * base64 encoding HdrHistogram uses in every language, so reports from several machines (or
 * workers) merge exactly by adding counts, not by averaging percentiles.
 */
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';

/** 1 µs to 1 hour at 3 significant digits (0.1 % error), the usual latency set-up. */
const HIGHEST_US = 3_600_000_000;

export function createHistogram(): Histogram {
  return build({
    // 32-bit counters: 'packed' saves memory but its index lookup was the load tool's top CPU cost.
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
    autoResize: true,
    useWebAssembly: false,
  });
}

/** Milliseconds (fractions allowed) as whole microseconds, clamped into the trackable range. */
export function msToUs(ms: number): number {
  return Math.min(HIGHEST_US, Math.max(0, Math.round(ms * 1000)));
}

export function recordMs(histogram: Histogram, ms: number): void {
  histogram.recordValue(msToUs(ms));
}

export function encodeHistogram(histogram: Histogram): string {
  return encodeIntoCompressedBase64(histogram);
}

/** Throws an Error naming `where` when the text is not an encoded histogram. */
export function decodeHistogram(encoded: string, where: string): Histogram {
  try {
    const decoded = decodeFromCompressedBase64(encoded, 32, false);
    // Re-home into our own configuration so later adds never overflow a narrower decoded one.
    const histogram = createHistogram();
    histogram.add(decoded);
    return histogram;
  } catch (error) {
    throw new Error(
      `${where}: not an HdrHistogram in compressed base64 (${(error as Error).message}); use a report written by mci-sim load --out.`
    );
  }
}

/** Sum of encoded histograms, encoded. */
export function mergeEncoded(encoded: string[], where: string): string {
  const total = createHistogram();
  encoded.forEach((text, index) => total.add(decodeHistogram(text, `${where}[${index}]`)));
  return encodeHistogram(total);
}

export interface HistogramSummary {
  count: number;
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

const ms = (us: number) => Math.round(us) / 1000;

/** Milliseconds, rounded to the microsecond; all zero for an empty histogram. */
export function summarize(histogram: Histogram): HistogramSummary {
  const count = histogram.totalCount;
  return {
    count,
    minMs: count === 0 ? 0 : ms(histogram.minNonZeroValue === Number.MAX_SAFE_INTEGER ? 0 : histogram.minNonZeroValue),
    meanMs: ms(histogram.mean),
    p50Ms: ms(histogram.getValueAtPercentile(50)),
    p90Ms: ms(histogram.getValueAtPercentile(90)),
    p95Ms: ms(histogram.getValueAtPercentile(95)),
    p99Ms: ms(histogram.getValueAtPercentile(99)),
    p999Ms: ms(histogram.getValueAtPercentile(99.9)),
    maxMs: ms(histogram.maxValue),
  };
}

/** One statistic in ms (`p99`, `p999`, `min`, `mean`, `max`); undefined for an empty histogram. */
export function statMs(histogram: Histogram, stat: string, percentile?: number): number | undefined {
  if (histogram.totalCount === 0) {
    return undefined;
  }
  if (percentile !== undefined) {
    return ms(histogram.getValueAtPercentile(percentile));
  }
  const summary = summarize(histogram);
  return stat === 'min' ? summary.minMs : stat === 'mean' ? summary.meanMs : summary.maxMs;
}
