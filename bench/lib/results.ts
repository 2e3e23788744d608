/** One result row of `npm run bench`: a measured value next to its same-run baseline and goal. */
export interface BenchRow {
  benchmark: string;
  metric: string;
  value: number | string;
  unit: string;
  baseline: string;
  baselineValue: number | string;
  /** value / baselineValue (or as the benchmark defines it), null when it has no meaning. */
  ratio: number | null;
  goal: string;
  met: boolean | null;
  note?: string;
  /** Reproduce this measurement. */
  command?: string;
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
