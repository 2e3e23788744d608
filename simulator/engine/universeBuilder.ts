/**
 * The universe builder: at each bar close it ranks the watchlist by liquidity (value traded in
 * the bar) and volatility (ATR as a percentage of the price) and reports the ranking as a spec 002
 * `universe_scan`. Each symbol's score is the mean of its two percentile ranks (1 = the most liquid
 * and most volatile name); equal scores are ordered by symbol, so the ranking is deterministic. The ranking is
 * reported, not traded on: the strategies keep their symbols.
 */
import type { StrategyEventOf } from '../../src/protocol';
import { round2 } from './money';

export interface UniverseCandidate {
  symbol: string;
  /** Value traded in the bar, rupees. */
  liquidity: number;
  /** ATR as a percentage of the price. */
  volatilityPercent: number;
}

export interface RankedSymbol extends UniverseCandidate {
  rank: number;
  /** 0..1: the mean of the liquidity and volatility percentile ranks. */
  score: number;
}

/** Names listed in a scan's summary: a 2000-symbol universe must not make a 2000-entry event. */
export const UNIVERSE_SCAN_TOP = 10;

/** Percentile rank of each candidate by one measure: 1 for the highest, 0 for the lowest; equal values share one. */
function percentiles(candidates: readonly UniverseCandidate[], measure: (c: UniverseCandidate) => number): number[] {
  const order = candidates.map((candidate, index) => ({ index, value: measure(candidate) }));
  order.sort((a, b) => a.value - b.value);
  const out = new Array<number>(candidates.length);
  const span = Math.max(1, candidates.length - 1);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].value === order[start].value) {
      end += 1;
    }
    const shared = candidates.length === 1 ? 1 : (start + end) / 2 / span;
    for (let i = start; i <= end; i++) {
      out[order[i].index] = shared;
    }
    start = end + 1;
  }
  return out;
}

/** The candidates, best first. */
export function rankUniverse(candidates: readonly UniverseCandidate[]): RankedSymbol[] {
  const liquidity = percentiles(candidates, (c) => c.liquidity);
  const volatility = percentiles(candidates, (c) => c.volatilityPercent);
  return candidates
    .map((candidate, index) => ({ ...candidate, score: (liquidity[index] + volatility[index]) / 2 }))
    .sort((a, b) => b.score - a.score || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
    .map((entry, index) => ({ ...entry, rank: index + 1 }));
}

/** The `universe_scan` strategy event of one bar's ranking. */
export function universeScanEvent(
  candidates: readonly UniverseCandidate[],
  timeframe: string,
  time: number
): StrategyEventOf<'universe_scan'> {
  const ranked = rankUniverse(candidates);
  return {
    kind: 'universe_scan',
    scanType: 'equity',
    universeSize: candidates.length,
    summary: {
      exchange: 'NSE',
      instrument_types: ['EQ'],
      ranked_by: ['liquidity', 'volatility'],
      timeframe,
      top: ranked.slice(0, UNIVERSE_SCAN_TOP).map((entry) => ({
        rank: entry.rank,
        symbol: entry.symbol,
        score: round2(entry.score),
        liquidity: Math.round(entry.liquidity),
        volatility_pct: Math.round(entry.volatilityPercent * 1000) / 1000,
      })),
    },
    timestamp: time,
  };
}
