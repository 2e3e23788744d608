/**
 * Per-strategy statistics for spec 002's `engine_health` metrics: closed positions won and lost,
 * the current win and loss streaks, and the mean confidence of the strategy's signals. A closed
 * position counts for the strategy that trades its symbol, whoever's order closed it.
 */
import { round2 } from './money';

export interface StrategyStatsEntry {
  closed: number;
  won: number;
  winStreak: number;
  lossStreak: number;
  maxLossStreak: number;
  signals: number;
  confidenceSum: number;
}

export interface StrategyStats {
  /** A position of the strategy closed with this realised P&L (paise). */
  closed(strategy: string, realizedPaise: number): void;
  signal(strategy: string, confidence: number): void;
  /** spec 002's StrategyEngine metrics, given each strategy's open positions now. */
  metrics(openPositions: ReadonlyMap<string, number>): Record<string, unknown>;
}

export function createStrategyStats(names: readonly string[]): StrategyStats {
  const entries = new Map<string, StrategyStatsEntry>(
    names.map((name) => [
      name,
      { closed: 0, won: 0, winStreak: 0, lossStreak: 0, maxLossStreak: 0, signals: 0, confidenceSum: 0 },
    ])
  );
  const winRate = (entry: StrategyStatsEntry) => (entry.closed > 0 ? entry.won / entry.closed : 0);
  const meanConfidence = (entry: StrategyStatsEntry) => (entry.signals > 0 ? entry.confidenceSum / entry.signals : 0);

  return {
    closed(strategy, realizedPaise) {
      const entry = entries.get(strategy);
      if (entry === undefined) {
        return;
      }
      entry.closed += 1;
      if (realizedPaise > 0) {
        entry.won += 1;
        entry.winStreak += 1;
        entry.lossStreak = 0;
      } else {
        entry.lossStreak += 1;
        entry.winStreak = 0;
        entry.maxLossStreak = Math.max(entry.maxLossStreak, entry.lossStreak);
      }
    },
    signal(strategy, confidence) {
      const entry = entries.get(strategy);
      if (entry !== undefined) {
        entry.signals += 1;
        entry.confidenceSum += confidence;
      }
    },
    metrics(openPositions) {
      const all = [...entries.values()];
      const traded = all.filter((entry) => entry.closed > 0);
      const strategies: Record<string, unknown> = {};
      for (const [name, entry] of entries) {
        strategies[name] = {
          win_rate: round2(winRate(entry)),
          loss_streak: entry.lossStreak,
          win_streak: entry.winStreak,
          open_positions: openPositions.get(name) ?? 0,
          closed_positions: entry.closed,
          avg_confidence: round2(meanConfidence(entry)),
        };
      }
      return {
        total_strategies: entries.size,
        // The mean of the win rates of the strategies that closed a position.
        avg_win_rate: round2(traded.reduce((sum, entry) => sum + winRate(entry), 0) / Math.max(1, traded.length)),
        max_loss_streak: all.reduce((max, entry) => Math.max(max, entry.maxLossStreak), 0),
        // Over every signal, whichever strategy gave it.
        avg_confidence: round2(
          all.reduce((sum, entry) => sum + entry.confidenceSum, 0) /
            Math.max(
              1,
              all.reduce((sum, entry) => sum + entry.signals, 0)
            )
        ),
        strategies,
      };
    },
  };
}
