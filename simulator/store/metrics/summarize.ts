/**
 * Spec 004's aggregate of one bucket, computed exactly from its raw samples: percentiles by the
 * nearest-rank method (the value at rank ⌈p·n⌉ of the sorted samples, always a value that was
 * measured), never averaged from finer buckets. Pure.
 */

export interface MetricSummary {
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
  avg: number;
  count: number;
}

/** The nearest-rank percentile `p` (0 < p ≤ 1) of values sorted ascending; NaN for none. */
export function nearestRank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  // The epsilon keeps p·n that is a whole number in exact arithmetic (0.07 × 100) from rounding up.
  const rank = Math.max(1, Math.ceil(p * sorted.length - 1e-9));
  return sorted[Math.min(sorted.length, rank) - 1];
}

/** The summary of a non-empty list of samples (any order); undefined for none. */
export function summarize(values: readonly number[]): MetricSummary | undefined {
  if (values.length === 0) {
    return undefined;
  }
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const value of sorted) {
    sum += value;
  }
  const list = sorted as unknown as number[];
  return {
    p50: nearestRank(list, 0.5),
    p95: nearestRank(list, 0.95),
    p99: nearestRank(list, 0.99),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    avg: sum / sorted.length,
    count: sorted.length,
  };
}
