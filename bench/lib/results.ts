/**
 * One result row of `npm run bench` and the two ways to make one: a comparison (our runs and a
 * baseline's, interleaved, with their per-pair ratio) or a fact (a measured capability or number
 * with no goal). The verdict comes from `verdict.ts`.
 */
import { judge, pairRatios, spread, type Goal, type Spread, type Verdict } from './verdict';

export interface BenchRow {
  benchmark: string;
  metric: string;
  unit: string;
  /** Our runs; a string when the measure is not a number (e.g. "yes"). */
  value: Spread | string;
  /** What the baseline is, and its runs (interleaved with ours). */
  baseline?: { label: string; value: Spread | string };
  /** value / baseline per interleaved pair. */
  ratio?: Spread;
  /** The goal in words, e.g. "ratio ≥ 0.8" or "≤ 20 MB". */
  goal?: string;
  verdict: Verdict;
  note?: string;
  /** Reproduce this measurement. */
  command?: string;
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export interface Comparison {
  benchmark: string;
  metric: string;
  unit: string;
  ours: number[];
  baselineLabel: string;
  base: number[];
  /** The goal, on the ratio (ours / baseline) or on our value. */
  goal?: { on: 'ratio' | 'value'; goal: Goal; text: string };
  note?: string;
  /**
   * Pairs measured outside the conditions the goal assumes (e.g. a load above a side's
   * ceiling): their ratio is no number, so the row cannot be met.
   */
  invalidPairs?: boolean[];
  /** Why the baseline did not run (then `base` is empty and the goal is not judged). */
  baseMissing?: string;
  /** Leave the ratio out where it means nothing (e.g. a growth next to a baseline near 0). */
  noRatio?: boolean;
}

export function compare(c: Comparison): BenchRow {
  const ratios = (c.base.length === 0 ? [] : pairRatios(c.ours, c.base)).map((ratio, i) =>
    c.invalidPairs?.[i] ? Number.NaN : ratio
  );
  // A ratio goal needs the baseline's runs: with none, it is judged on no runs (too few).
  const judged = c.goal?.on === 'ratio' ? ratios : c.ours;
  return {
    benchmark: c.benchmark,
    metric: c.metric,
    unit: c.unit,
    value: spread(c.ours),
    baseline: { label: c.baselineLabel, value: c.baseMissing ?? spread(c.base) },
    ratio: c.noRatio || ratios.length === 0 ? undefined : spread(ratios),
    goal: c.goal?.text,
    verdict: judge(judged, c.goal?.goal),
    note: c.note,
  };
}

export interface Fact {
  benchmark: string;
  metric: string;
  unit: string;
  value: number[] | string;
  baselineLabel?: string;
  base?: number[] | string;
  note?: string;
}

/** A measured number or capability: reported, never "met". */
export function fact(f: Fact): BenchRow {
  const asValue = (v: number[] | string) => (typeof v === 'string' ? v : spread(v));
  return {
    benchmark: f.benchmark,
    metric: f.metric,
    unit: f.unit,
    value: asValue(f.value),
    baseline:
      f.baselineLabel === undefined || f.base === undefined
        ? undefined
        : { label: f.baselineLabel, value: asValue(f.base) },
    ratio:
      typeof f.value !== 'string' && f.base !== undefined && typeof f.base !== 'string'
        ? spread(pairRatios(f.value, f.base))
        : undefined,
    verdict: 'fact',
    note: f.note,
  };
}

/** A row for a case that could not run: the reason, and no numbers. */
export function failed(benchmark: string, error: unknown): BenchRow {
  return {
    benchmark,
    metric: 'failed to run',
    unit: '',
    value: 'error',
    verdict: 'failed',
    note: error instanceof Error ? error.message : String(error),
  };
}
