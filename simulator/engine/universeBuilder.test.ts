import { rankUniverse, universeScanEvent, UNIVERSE_SCAN_TOP } from './universeBuilder';

const candidate = (symbol: string, liquidity: number, volatilityPercent: number) => ({
  symbol,
  liquidity,
  volatilityPercent,
});

describe('rankUniverse', () => {
  it.each([
    {
      name: 'ranks the most liquid and most volatile name first',
      input: [candidate('A', 10, 1), candidate('B', 30, 3), candidate('C', 20, 2)],
      order: ['B', 'C', 'A'],
    },
    {
      name: 'weighs liquidity and volatility equally',
      input: [candidate('LIQUID', 100, 1), candidate('WILD', 1, 9), candidate('BOTH', 50, 5)],
      order: ['BOTH', 'LIQUID', 'WILD'],
    },
    {
      name: 'orders equal scores by symbol, so the ranking never depends on input order',
      input: [candidate('Z', 5, 5), candidate('M', 5, 5), candidate('A', 5, 5)],
      order: ['A', 'M', 'Z'],
    },
    { name: 'gives a single name the top score', input: [candidate('ONLY', 0, 0)], order: ['ONLY'] },
  ])('$name', ({ input, order }) => {
    const ranked = rankUniverse(input);
    expect(ranked.map((entry) => entry.symbol)).toEqual(order);
    expect(ranked.map((entry) => entry.rank)).toEqual(order.map((_, index) => index + 1));
  });

  it('scores from 0 (least liquid and volatile) to 1 (most of both)', () => {
    const ranked = rankUniverse([candidate('LOW', 1, 1), candidate('MID', 2, 2), candidate('HIGH', 3, 3)]);
    expect(ranked.map((entry) => entry.score)).toEqual([1, 0.5, 0]);
  });
});

describe('universeScanEvent', () => {
  it('reports the universe size and lists only the top names', () => {
    const candidates = Array.from({ length: 25 }, (_, i) => candidate(`S${String(i).padStart(2, '0')}`, i, i));
    const event = universeScanEvent(candidates, '5s', 1000);
    expect(event).toMatchObject({ kind: 'universe_scan', scanType: 'equity', universeSize: 25, timestamp: 1000 });
    const top = event.summary.top as Array<{ symbol: string; rank: number }>;
    expect(top).toHaveLength(UNIVERSE_SCAN_TOP);
    expect(top[0]).toEqual({ rank: 1, symbol: 'S24', score: 1, liquidity: 24, volatility_pct: 24 });
    expect(event.summary).toMatchObject({ exchange: 'NSE', instrument_types: ['EQ'], timeframe: '5s' });
  });
});
