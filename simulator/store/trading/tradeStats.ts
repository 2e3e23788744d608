/**
 * Spec 003's numbers over a list of closed trades (oldest exit first): success rate, P&L,
 * maximum drawdown of the cumulative P&L curve (peak minus trough, ≥ 0, rupees), average
 * slippage per share and duration. Also the trade type of an exit reason. Pure.
 */
import type { TradePerformance, TradeRecord } from '../../../src/protocol';

/** The summary `/api/v1/trades/:profile_id/performance` answers, without its window. */
export type TradeStats = Omit<TradePerformance, 'profile_id' | 'from' | 'to'>;

type TradeFacts = Pick<TradeRecord, 'pnl' | 'slippage' | 'duration_seconds'>;

export function tradeStats(trades: readonly TradeFacts[]): TradeStats {
  let wins = 0;
  let total = 0;
  let peak = 0;
  let drawdown = 0;
  let slippage = 0;
  let duration = 0;
  let best: number | null = null;
  let worst: number | null = null;
  for (const trade of trades) {
    wins += trade.pnl > 0 ? 1 : 0;
    total += trade.pnl;
    peak = Math.max(peak, total);
    drawdown = Math.max(drawdown, peak - total);
    slippage += trade.slippage;
    duration += trade.duration_seconds;
    best = best === null ? trade.pnl : Math.max(best, trade.pnl);
    worst = worst === null ? trade.pnl : Math.min(worst, trade.pnl);
  }
  const n = trades.length;
  return {
    trades: n,
    wins,
    losses: n - wins,
    success_rate: n === 0 ? 0 : round(wins / n, 4),
    total_pnl: round(total, 2),
    avg_pnl: n === 0 ? 0 : round(total / n, 2),
    best_pnl: best,
    worst_pnl: worst,
    max_drawdown: round(drawdown, 2),
    avg_slippage: n === 0 ? 0 : round(slippage / n, 4),
    avg_duration_seconds: n === 0 ? 0 : round(duration / n, 1),
  };
}

/** Spec 003's trade type: how the position was closed, from the engine's exit reason. */
export function tradeTypeOf(reason: string): string {
  if (/stop loss/i.test(reason)) {
    return 'stop_loss';
  }
  if (/take profit/i.test(reason)) {
    return 'take_profit';
  }
  if (/^closed by/i.test(reason)) {
    return 'reversal';
  }
  return 'signal_exit';
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
