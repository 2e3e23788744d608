import { type FlashState, nextFlashState } from './priceFlash';
import type { NumericColumn } from './types';

type Numbers = Record<NumericColumn, number | null>;

const numbers = (overrides: Partial<Numbers> = {}): Numbers => ({
  qty: 10,
  entryPrice: 100,
  currentPrice: 110,
  unrealizedPL: 100,
  unrealizedPLPercent: 10,
  marketValue: 1100,
  ...overrides,
});

describe('nextFlashState', () => {
  const start: FlashState = nextFlashState(new Map(), [{ key: 'TCS', numbers: numbers() }]);

  it.each([
    { change: {}, cells: {} },
    { change: { currentPrice: 112 }, cells: { currentPrice: { direction: 'up', version: 1 } } },
    {
      change: { currentPrice: 108, unrealizedPL: 80 },
      cells: { currentPrice: { direction: 'down', version: 1 }, unrealizedPL: { direction: 'down', version: 1 } },
    },
    { change: { currentPrice: null }, cells: {} },
  ])('flashes the cells of $change as $cells', ({ change, cells }) => {
    const next = nextFlashState(start, [{ key: 'TCS', numbers: numbers(change as Partial<Numbers>) }]);
    expect(next.get('TCS')?.cells).toEqual(cells);
  });

  it('keeps the entry of a row whose numbers did not change, so the row does not re-render', () => {
    const next = nextFlashState(start, [{ key: 'TCS', numbers: numbers() }]);
    expect(next.get('TCS')).toBe(start.get('TCS'));
  });

  it('counts versions per cell and keeps the last change of cells that did not move', () => {
    const once = nextFlashState(start, [{ key: 'TCS', numbers: numbers({ currentPrice: 112 }) }]);
    const twice = nextFlashState(once, [{ key: 'TCS', numbers: numbers({ currentPrice: 112, qty: 11 }) }]);
    expect(twice.get('TCS')?.cells).toEqual({
      currentPrice: { direction: 'up', version: 1 },
      qty: { direction: 'up', version: 1 },
    });
  });

  it('is idempotent and drops rows that left the frame', () => {
    const rows = [{ key: 'INFY', numbers: numbers({ currentPrice: 50 }) }];
    const once = nextFlashState(start, rows);
    expect([...once.keys()]).toEqual(['INFY']);
    expect(nextFlashState(once, rows).get('INFY')).toBe(once.get('INFY'));
  });
});
