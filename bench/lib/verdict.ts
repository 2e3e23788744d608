/**
 * How the bench turns repeated measurements into one reported number and a verdict (pure; the
 * method is described in docs/load.md, "Benchmarks"):
 *
 * - a measurement and its baseline run interleaved (A, B, A, B, …), so both see the same noise;
 * - a ratio is taken per adjacent pair, and the reported number is the median of the runs with
 *   their spread (min–max);
 * - a row with a goal is `met` only when every run meets it and the runs agree within 2×; runs on
 *   both sides of the goal, or further apart than 2×, make it `unstable`; a row without a goal is
 *   a `fact`; fewer runs than needed (a smoke run) make it `too few runs`;
 * - a run that measured nothing (NaN: no samples, a pair outside the goal's conditions) is never
 *   a number: the spread leaves it out, and the row is `invalid`, whatever the other runs say.
 */

export interface Spread {
  median: number;
  min: number;
  max: number;
  /** Every run's value, in the order measured. */
  runs: number[];
}

/**
 * `failed`: the case threw; its row carries the reason and no numbers. `invalid`: a run measured
 * nothing (its case's note says which and why), so the row is not judged.
 */
export type Verdict = 'met' | 'missed' | 'unstable' | 'fact' | 'too few runs' | 'invalid' | 'failed';

export interface Goal {
  op: '<=' | '>=';
  target: number;
  /** The smallest difference the measure can tell (see `disagreement`); default 0. */
  resolution?: number;
}

/** Runs needed before a goal is judged. */
export const MIN_RUNS = 3;
/** Runs whose largest and smallest value differ by more than this factor are unstable. */
export const MAX_DISAGREEMENT = 2;

export function median(values: readonly number[]): number {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median and min–max of the runs that have a number; `runs` keeps every run, NaN included. */
export function spread(runs: readonly number[]): Spread {
  const measured = runs.filter((value) => !Number.isNaN(value));
  return {
    median: median(measured),
    min: measured.length === 0 ? Number.NaN : Math.min(...measured),
    max: measured.length === 0 ? Number.NaN : Math.max(...measured),
    runs: [...runs],
  };
}

/** `ours[i] / base[i]` for each interleaved pair (NaN where the baseline is 0 or missing). */
export function pairRatios(ours: readonly number[], base: readonly number[]): number[] {
  return ours.map((value, i) => (base[i] === undefined || base[i] === 0 ? Number.NaN : value / base[i]));
}

/**
 * How far apart the runs are: max / min of their magnitudes, each raised to `resolution` first
 * (a measure cannot tell apart values below its resolution, e.g. 0 s and 0.05 s of a 100 ms
 * poll). Infinite when they differ in sign or one is 0 while another is not; NaN when a run has
 * no number.
 */
export function disagreement(runs: readonly number[], resolution = 0): number {
  if (runs.some((value) => !Number.isFinite(value))) {
    return Number.NaN;
  }
  const magnitudes = runs.map((value) => Math.max(Math.abs(value), resolution));
  if (magnitudes.every((value) => value === 0)) {
    return 1;
  }
  if (magnitudes.some((value) => value === 0) || (runs.some((v) => v < 0) && runs.some((v) => v > 0))) {
    return Number.POSITIVE_INFINITY;
  }
  return Math.max(...magnitudes) / Math.min(...magnitudes);
}

export function meets(value: number, goal: Goal): boolean {
  return goal.op === '<=' ? value <= goal.target : value >= goal.target;
}

export function judge(runs: readonly number[], goal?: Goal, minRuns = MIN_RUNS): Verdict {
  if (goal === undefined) {
    return 'fact';
  }
  if (runs.length < minRuns) {
    return 'too few runs';
  }
  if (runs.some((value) => Number.isNaN(value))) {
    return 'invalid';
  }
  const apart = disagreement(runs, goal.resolution);
  if (!(apart <= MAX_DISAGREEMENT)) {
    return 'unstable';
  }
  const met = runs.filter((value) => meets(value, goal)).length;
  return met === runs.length ? 'met' : met === 0 ? 'missed' : 'unstable';
}

export function goalText(goal: Goal): string {
  return `${goal.op === '<=' ? '≤' : '≥'} ${goal.target}`;
}

/**
 * Run `a` and `b` alternately `runs` times each (A, B, A, B, …), so that slow phases of a shared
 * machine fall on both; `b` may be absent (a fact with no baseline).
 */
export async function interleave<A, B>(
  runs: number,
  a: (run: number) => Promise<A> | A,
  b?: (run: number) => Promise<B> | B
): Promise<{ a: A[]; b: B[] }> {
  const out: { a: A[]; b: B[] } = { a: [], b: [] };
  for (let run = 0; run < runs; run += 1) {
    out.a.push(await a(run));
    if (b !== undefined) {
      out.b.push(await b(run));
    }
  }
  return out;
}
