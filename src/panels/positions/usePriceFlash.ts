import { useState } from 'react';
import { type FlashState, nextFlashState } from './priceFlash';
import type { PositionRow } from './positionRows';

/**
 * The change state of the rows' cells, advanced once per new rows array. Derived during render
 * from the previous render's state (React's "storing information from previous renders"), so a
 * change shows in the same render as the new value.
 */
export function usePriceFlash(rows: PositionRow[]): FlashState {
  const [state, setState] = useState(() => ({ rows, flash: nextFlashState(new Map(), rows) }));
  if (state.rows !== rows) {
    const next = { rows, flash: nextFlashState(state.flash, rows) };
    setState(next);
    return next.flash;
  }
  return state.flash;
}
