import { expireFlashes, type FlashState, nextExpiry, nextFlashState } from './priceFlash';
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

const FLASH_MS = 800;
const T0 = 1_000_000;

describe('nextFlashState', () => {
  const start: FlashState = nextFlashState(new Map(), [{ key: 'TCS', numbers: numbers() }], T0, FLASH_MS);

  it.each([
    { change: {}, cells: {} },
    { change: { currentPrice: 112 }, cells: { currentPrice: { direction: 'up', until: T0 + 100 + FLASH_MS } } },
    {
      change: { currentPrice: 108, unrealizedPL: 80 },
      cells: {
        currentPrice: { direction: 'down', until: T0 + 100 + FLASH_MS },
        unrealizedPL: { direction: 'down', until: T0 + 100 + FLASH_MS },
      },
    },
    { change: { currentPrice: null }, cells: {} },
  ])('highlights the cells of $change as $cells', ({ change, cells }) => {
    const next = nextFlashState(
      start,
      [{ key: 'TCS', numbers: numbers(change as Partial<Numbers>) }],
      T0 + 100,
      FLASH_MS
    );
    expect(next.get('TCS')?.cells).toEqual(cells);
  });

  it('highlights nothing when the highlight lasts 0 ms (reduced motion)', () => {
    const next = nextFlashState(start, [{ key: 'TCS', numbers: numbers({ currentPrice: 112 }) }], T0 + 100, 0);
    expect(next.get('TCS')?.cells).toEqual({});
    expect(nextExpiry(next)).toBeUndefined();
  });

  it('keeps the entry of a row whose numbers did not change, so the row does not re-render', () => {
    const next = nextFlashState(start, [{ key: 'TCS', numbers: numbers() }], T0 + 100, FLASH_MS);
    expect(next.get('TCS')).toBe(start.get('TCS'));
  });

  it('keeps the highlight of a cell that did not move until its time, and restarts one that moved again', () => {
    const once = nextFlashState(start, [{ key: 'TCS', numbers: numbers({ currentPrice: 112 }) }], T0, FLASH_MS);
    const twice = nextFlashState(
      once,
      [{ key: 'TCS', numbers: numbers({ currentPrice: 112, qty: 11 }) }],
      T0 + 500,
      FLASH_MS
    );
    expect(twice.get('TCS')?.cells).toEqual({
      currentPrice: { direction: 'up', until: T0 + FLASH_MS },
      qty: { direction: 'up', until: T0 + 500 + FLASH_MS },
    });
    const thrice = nextFlashState(
      twice,
      [{ key: 'TCS', numbers: numbers({ currentPrice: 111, qty: 11 }) }],
      T0 + 900,
      FLASH_MS
    );
    expect(thrice.get('TCS')?.cells).toEqual({
      currentPrice: { direction: 'down', until: T0 + 900 + FLASH_MS },
      qty: { direction: 'up', until: T0 + 500 + FLASH_MS },
    });
  });

  it('drops the highlights that ended when the row is otherwise unchanged', () => {
    const once = nextFlashState(start, [{ key: 'TCS', numbers: numbers({ currentPrice: 112 }) }], T0, FLASH_MS);
    const later = nextFlashState(
      once,
      [{ key: 'TCS', numbers: numbers({ currentPrice: 112 }) }],
      T0 + FLASH_MS,
      FLASH_MS
    );
    expect(later.get('TCS')?.cells).toEqual({});
  });

  it('is idempotent and drops rows that left the frame', () => {
    const rows = [{ key: 'INFY', numbers: numbers({ currentPrice: 50 }) }];
    const once = nextFlashState(start, rows, T0, FLASH_MS);
    expect([...once.keys()]).toEqual(['INFY']);
    expect(nextFlashState(once, rows, T0, FLASH_MS).get('INFY')).toBe(once.get('INFY'));
  });
});

describe('expireFlashes and nextExpiry', () => {
  const start = nextFlashState(
    new Map(),
    [
      { key: 'TCS', numbers: numbers() },
      { key: 'INFY', numbers: numbers() },
    ],
    T0,
    FLASH_MS
  );
  const moved = nextFlashState(
    start,
    [
      { key: 'TCS', numbers: numbers({ currentPrice: 112 }) },
      { key: 'INFY', numbers: numbers() },
    ],
    T0,
    FLASH_MS
  );
  const movedAgain = nextFlashState(
    moved,
    [
      { key: 'TCS', numbers: numbers({ currentPrice: 112 }) },
      { key: 'INFY', numbers: numbers({ marketValue: 1000 }) },
    ],
    T0 + 300,
    FLASH_MS
  );

  it.each([
    { now: T0 + FLASH_MS - 1, tcs: ['currentPrice'], infy: ['marketValue'], expiry: T0 + FLASH_MS },
    { now: T0 + FLASH_MS, tcs: [], infy: ['marketValue'], expiry: T0 + 300 + FLASH_MS },
    { now: T0 + 300 + FLASH_MS, tcs: [], infy: [], expiry: undefined },
  ])('at $now keeps $tcs and $infy, and the next ends at $expiry', ({ now, tcs, infy, expiry }) => {
    const state = expireFlashes(movedAgain, now);
    expect(Object.keys(state.get('TCS')!.cells)).toEqual(tcs);
    expect(Object.keys(state.get('INFY')!.cells)).toEqual(infy);
    expect(nextExpiry(state)).toBe(expiry);
  });

  it('returns the same state, and the same entries, when no highlight ended', () => {
    expect(expireFlashes(movedAgain, T0 + 10)).toBe(movedAgain);
    const partly = expireFlashes(movedAgain, T0 + FLASH_MS);
    expect(partly.get('INFY')).toBe(movedAgain.get('INFY'));
  });
});
