import { createStrategyStats } from './strategyStats';

describe('strategy statistics', () => {
  it('counts wins, losses and streaks per strategy and the worst loss streak overall', () => {
    const stats = createStrategyStats(['momentum', 'mean_reversion']);
    for (const pnl of [100, -50, -20, -10, 40]) {
      stats.closed('momentum', pnl);
    }
    stats.closed('mean_reversion', -5);
    const metrics = stats.metrics(new Map([['momentum', 2]]));
    expect(metrics).toMatchObject({
      total_strategies: 2,
      max_loss_streak: 3,
      strategies: {
        momentum: { win_rate: 0.4, loss_streak: 0, win_streak: 1, open_positions: 2, closed_positions: 5 },
        mean_reversion: { win_rate: 0, loss_streak: 1, win_streak: 0, open_positions: 0, closed_positions: 1 },
      },
    });
    expect(metrics.avg_win_rate).toBe(0.2);
  });

  it('averages signal confidence per strategy and over every signal', () => {
    const stats = createStrategyStats(['momentum', 'mean_reversion']);
    stats.signal('momentum', 0.8);
    stats.signal('momentum', 0.6);
    stats.signal('mean_reversion', 0.5);
    const metrics = stats.metrics(new Map());
    expect(metrics.avg_confidence).toBe(0.63);
    expect((metrics.strategies as Record<string, { avg_confidence: number }>).momentum.avg_confidence).toBe(0.7);
  });

  it('ignores a strategy it does not know (the synthetic order flow)', () => {
    const stats = createStrategyStats(['momentum']);
    stats.closed('flow', 10);
    stats.signal('flow', 1);
    expect(stats.metrics(new Map())).toMatchObject({ avg_win_rate: 0, avg_confidence: 0 });
  });
});
