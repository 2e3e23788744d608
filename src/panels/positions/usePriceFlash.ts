import { useState } from 'react';
import { type FlashState, nextFlashState } from './priceFlash';
import type { PositionRow } from './positionRows';

interface State {
  rows: PositionRow[];
  flash: FlashState;
}

/**
 * The highlighted cells of the rows, advanced once per new rows array. Derived during render from
 * the previous render's state (React's "storing information from previous renders"), so a change
 * shows in the same render as the new value. No timer and no render when a highlight ends: the
 * cell's own animation ends it (flashCell.ts). `flashMs` 0 highlights nothing (reduced motion).
 */
export function usePriceFlash(rows: PositionRow[], flashMs: number, now: () => number = Date.now): FlashState {
  const [state, setState] = useState<State>(() => ({ rows, flash: nextFlashState(new Map(), rows, now(), flashMs) }));
  if (state.rows === rows) {
    return state.flash;
  }
  const next = { rows, flash: nextFlashState(state.flash, rows, now(), flashMs) };
  setState(next);
  return next.flash;
}
