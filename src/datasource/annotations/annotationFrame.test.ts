import { annotationFrame } from './annotationFrame';

const event = (data: Record<string, unknown>) => ({ event: 'strategy:update', data });
const EVENTS = [
  event({
    kind: 'signal',
    symbol: 'TCS',
    strategy: 'momentum',
    signal: 'BUY',
    confidence: 0.8,
    reason: 'EMA',
    timeframe: '5s',
    timestamp: 1000,
  }),
  event({
    kind: 'decision_trace',
    symbol: 'TCS',
    strategy: 'momentum',
    decision: 'BUY',
    trace: { reason: 'EMA', confidence: 0.8 },
    timestamp: 1000,
  }),
  event({
    kind: 'signal',
    symbol: 'INFY',
    strategy: 'mean_reversion',
    signal: 'SELL',
    confidence: 0.6,
    reason: 'RSI',
    timeframe: '5s',
    timestamp: 2000,
  }),
  event({ kind: 'engine_health', engineName: 'StrategyEngine', status: 'active', metrics: {}, timestamp: 3000 }),
];

const titles = (kinds?: string[], symbols?: string[]) => {
  const frame = annotationFrame('strategy', EVENTS, 'A', 0, 10_000, { kinds, symbols });
  return frame.fields.find((field) => field.name === 'title')!.values;
};

describe('strategy annotations', () => {
  it.each([
    { name: 'signals only by default', kinds: undefined, symbols: undefined, expected: ['BUY TCS', 'SELL INFY'] },
    {
      name: 'decision traces when asked for',
      kinds: ['decision_trace'],
      symbols: undefined,
      expected: ['momentum decided BUY TCS'],
    },
    {
      name: 'several kinds of one symbol',
      kinds: ['signal', 'decision_trace'],
      symbols: ['TCS'],
      expected: ['BUY TCS', 'momentum decided BUY TCS'],
    },
    {
      name: 'engine-wide kinds without a symbol filter',
      kinds: ['engine_health'],
      symbols: [],
      expected: ['engine_health: active'],
    },
    { name: 'nothing engine-wide under a symbol filter', kinds: ['engine_health'], symbols: ['TCS'], expected: [] },
  ])('marks $name', ({ kinds, symbols, expected }) => {
    expect(titles(kinds, symbols)).toEqual(expected);
  });

  it("writes a decision trace's fields into the annotation text, one per line", () => {
    const frame = annotationFrame('strategy', EVENTS, 'A', 0, 10_000, { kinds: ['decision_trace'] });
    expect(frame.fields.find((field) => field.name === 'text')!.values[0]).toBe(
      'momentum decided BUY TCS\nreason: EMA\nconfidence: 0.8'
    );
    expect(frame.fields.find((field) => field.name === 'tags')!.values[0]).toEqual([
      'decision_trace',
      'momentum',
      'TCS',
      'BUY',
    ]);
  });
});
