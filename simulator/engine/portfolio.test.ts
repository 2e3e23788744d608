import { createPortfolio } from './portfolio';

const rupees = (r: number) => Math.round(r * 100);

describe('createPortfolio', () => {
  it('matches a hand-computed long trade: average entry, realised and unrealised P&L, cash', () => {
    const p = createPortfolio(rupees(100_000), 2);
    p.applyFill('TCS', 10, rupees(100));
    p.applyFill('TCS', 10, rupees(110)); // average (1000 + 1100) / 20 = 105
    const prices = { TCS: rupees(120) };
    const priceOf = (s: string) => prices[s as 'TCS'];
    expect(p.positions(priceOf)).toEqual([
      {
        symbol: 'TCS',
        qty: 20,
        side: 'long',
        entryPrice: 105,
        currentPrice: 120,
        unrealizedPL: 300, // (120 − 105) × 20
        unrealizedPLPercent: 14.29, // 15 / 105
        marketValue: 2400,
      },
    ]);
    const outcome = p.applyFill('TCS', -15, rupees(115)); // realises (115 − 105) × 15 = 150
    expect(outcome.realizedPaise).toBe(rupees(150));
    expect(p.realizedPaise()).toBe(rupees(150));
    // cash: 100000 − 1000 − 1100 + 1725 = 99625; 5 left at 120 = 600
    const account = p.account(priceOf, 0, 0);
    expect(account.cash).toBe(99_625);
    expect(account.portfolioValue).toBe(600);
    expect(account.equity).toBe(100_225);
    expect(account.totalPL).toBe(225); // 150 realised + 5 × (120 − 105) unrealised
    expect(account.totalPLPercent).toBe(0.23);
  });

  it('keeps a short signed: negative market value, profit when the price falls', () => {
    const p = createPortfolio(rupees(50_000), 2);
    p.applyFill('INFY', -10, rupees(1500));
    const priceOf = () => rupees(1450);
    const [position] = p.positions(priceOf);
    expect(position).toMatchObject({
      side: 'short',
      qty: 10,
      marketValue: -14_500,
      unrealizedPL: 500,
      unrealizedPLPercent: 3.33,
    });
    const account = p.account(priceOf, 0, 0);
    expect(account.cash).toBe(65_000);
    expect(account.equity).toBe(50_500);
    expect(account.equity).toBeCloseTo(account.cash + position.marketValue, 2);
  });

  it('closes and flips a position: the remainder opens the other way at the fill price', () => {
    const p = createPortfolio(rupees(100_000), 2);
    p.applyFill('SBIN', 5, rupees(800));
    const flip = p.applyFill('SBIN', -8, rupees(820));
    expect(flip).toMatchObject({
      before: 5,
      after: -3,
      realizedPaise: rupees(100),
      opened: true,
      closedRealizedPaise: rupees(100),
    });
    expect(p.holding('SBIN')).toMatchObject({ qty: -3, avgPaise: rupees(820) });
    const close = p.applyFill('SBIN', 3, rupees(830));
    expect(close).toMatchObject({
      after: 0,
      realizedPaise: rupees(-30),
      opened: false,
      closedRealizedPaise: rupees(-30),
    });
    expect(p.holding('SBIN')).toBeUndefined();
    expect(p.tradeStats()).toEqual({ closed: 2, won: 1 });
  });

  it('measures day P&L from the start of the day and buying power from margin', () => {
    const p = createPortfolio(rupees(10_000), 2);
    p.applyFill('ITC', 10, rupees(400));
    p.startDay(() => rupees(400));
    const account = p.account(() => rupees(410), rupees(1_000), 0);
    expect(account.dayPL).toBe(100);
    expect(account.dayPLPercent).toBe(1);
    // 2 × 10100 − 4100 gross − 1000 pending
    expect(account.buyingPower).toBe(15_100);
  });

  it('rejects a fill that is not a whole non-zero quantity at a positive price', () => {
    const p = createPortfolio(rupees(1_000), 2);
    expect(() => p.applyFill('TCS', 0, 100)).toThrow(/non-zero whole quantity/);
    expect(() => p.applyFill('TCS', 1.5, 100)).toThrow(/non-zero whole quantity/);
    expect(() => p.applyFill('TCS', 1, 0)).toThrow(/positive price/);
  });

  it('reports a position closed over two fills as one trade with entry, exit, slippage, duration and reason', () => {
    const p = createPortfolio(rupees(100_000), 2);
    // Bought 10 at 100.05 against a signal at 100.00: 0.05 adverse per share.
    p.applyFill('TCS', 10, rupees(100.05), { time: 1_000, strategy: 'momentum', referencePaise: rupees(100) });
    // Sold 4 at 110 against 110.10 (0.10 adverse), then 6 at 111 against 111 (none).
    const first = p.applyFill('TCS', -4, rupees(110), {
      time: 5_000,
      strategy: 'momentum',
      referencePaise: rupees(110.1),
    });
    expect(first.closedTrade).toBeUndefined();
    const last = p.applyFill('TCS', -6, rupees(111), {
      time: 61_000,
      strategy: 'momentum',
      referencePaise: rupees(111),
      reason: 'take profit: 4×ATR in favour',
    });
    expect(last.closedTrade).toEqual({
      symbol: 'TCS',
      side: 'long',
      strategy: 'momentum',
      closedBy: 'momentum',
      entryPrice: 100.05,
      exitPrice: 110.6, // (4 × 110 + 6 × 111) / 10
      qty: 10,
      pnl: 105.5, // 4 × 9.95 + 6 × 10.95
      slippage: 0.045, // (10 × 0.05 + 4 × 0.10 + 6 × 0) / 20 shares filled
      openedAt: 1_000,
      closedAt: 61_000,
      reason: 'take profit: 4×ATR in favour',
    });
  });

  it('closes a short trade on a flip and opens the next trade with the remainder', () => {
    const p = createPortfolio(rupees(100_000), 2);
    p.applyFill('SBIN', -5, rupees(800), { time: 0, strategy: 'mean_reversion', referencePaise: rupees(800) });
    const flip = p.applyFill('SBIN', 8, rupees(820), { time: 9_000, strategy: 'flow', referencePaise: rupees(820) });
    expect(flip.closedTrade).toMatchObject({
      side: 'short',
      strategy: 'mean_reversion',
      closedBy: 'flow',
      qty: 5,
      pnl: -100,
      reason: 'closed by a flow order',
    });
    const close = p.applyFill('SBIN', -3, rupees(830), { time: 19_000, strategy: 'flow', referencePaise: rupees(830) });
    expect(close.closedTrade).toMatchObject({ side: 'long', strategy: 'flow', qty: 3, openedAt: 9_000, pnl: 30 });
  });
});
