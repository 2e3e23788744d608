import { useEffect, useState } from 'react';
import { expireFlashes, type FlashState, nextExpiry, nextFlashState } from './priceFlash';
import type { PositionRow } from './positionRows';

interface State {
  rows: PositionRow[];
  flash: FlashState;
}

/**
 * The highlighted cells of the rows, advanced once per new rows array and once when the earliest
 * highlight ends (one timer for the whole table, none while nothing is highlighted). Derived
 * during render from the previous render's state (React's "storing information from previous
 * renders"), so a change shows in the same render as the new value. `flashMs` 0 highlights
 * nothing (reduced motion).
 */
export function usePriceFlash(rows: PositionRow[], flashMs: number, now: () => number = Date.now): FlashState {
  const [state, setState] = useState<State>(() => ({ rows, flash: nextFlashState(new Map(), rows, now(), flashMs) }));
  let current = state;
  if (state.rows !== rows) {
    current = { rows, flash: nextFlashState(state.flash, rows, now(), flashMs) };
    setState(current);
  }
  const expiry = nextExpiry(current.flash);
  useEffect(() => {
    if (expiry === undefined) {
      return undefined;
    }
    const timer = setTimeout(
      () =>
        // Always a new state, so the effect runs again even if the timer fired a little early.
        setState((latest) => ({ rows: latest.rows, flash: expireFlashes(latest.flash, now()) })),
      Math.max(0, expiry - now())
    );
    return () => clearTimeout(timer);
  }, [current, expiry, now]);
  return current.flash;
}
