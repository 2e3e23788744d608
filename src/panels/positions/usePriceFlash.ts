import { useState } from 'react';
import { type FlashState, nextFlashState } from './priceFlash';
import type { PositionRow } from './positionRows';

const pricesOf = (rows: PositionRow[]) => rows.map((row) => ({ key: row.key, price: row.numbers.currentPrice }));

/**
 * The price-change state of the rows, advanced once per new rows array. Derived during render
 * from the previous render's state (React's "storing information from previous renders"), so a
 * change shows in the same render as the new price.
 */
export function usePriceFlash(rows: PositionRow[]): FlashState {
  const [state, setState] = useState(() => ({ rows, flash: nextFlashState(new Map(), pricesOf(rows)) }));
  if (state.rows !== rows) {
    const next = { rows, flash: nextFlashState(state.flash, pricesOf(rows)) };
    setState(next);
    return next.flash;
  }
  return state.flash;
}
