import { tradeStats, tradeTypeOf } from './tradeStats';

const trade = (pnl: number, slippage = 0, duration_seconds = 60) => ({ pnl, slippage, duration_seconds });

describe('tradeStats', () => {
  it('is all zeros for no trades', () => {
    expect(tradeStats([])).toEqual({
      trades: 0,
      wins: 0,
      losses: 0,
      success_rate: 0,
      total_pnl: 0,
      avg_pnl: 0,
      best_pnl: null,
      worst_pnl: null,
      max_drawdown: 0,
      avg_slippage: 0,
      avg_duration_seconds: 0,
    });
  });

  it.each([
    ['a winning streak has no drawdown', [10, 20, 5], 0],
    ['a loss after a peak is the drawdown', [100, -30, 10], 30],
    ['the deepest fall from the highest peak counts, across recoveries', [50, -20, 40, -60, -10, 100], 70],
    ['losses from the start fall from zero', [-5, -5], 10],
  ])('maximum drawdown: %s', (_name, pnls, drawdown) => {
    expect(tradeStats(pnls.map((pnl) => trade(pnl))).max_drawdown).toBe(drawdown);
  });

  it('computes success rate, P&L, slippage and duration', () => {
    expect(tradeStats([trade(10, 0.05, 30), trade(-4, 0.15, 90), trade(0, 0.1, 60), trade(6, 0, 20)])).toMatchObject({
      trades: 4,
      wins: 2,
      losses: 2,
      success_rate: 0.5,
      total_pnl: 12,
      avg_pnl: 3,
      best_pnl: 10,
      worst_pnl: -4,
      avg_slippage: 0.075,
      avg_duration_seconds: 50,
    });
  });
});

describe('tradeTypeOf', () => {
  it.each([
    ['stop loss: 2×ATR against the position', 'stop_loss'],
    ['take profit: 4×ATR in favour', 'take_profit'],
    ['closed by a flow order', 'reversal'],
    ['RSI back to neutral (50)', 'signal_exit'],
    ['EMA crossover against the position', 'signal_exit'],
  ])('"%s" is %s', (reason, type) => {
    expect(tradeTypeOf(reason)).toBe(type);
  });
});
