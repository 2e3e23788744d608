/**
 * Which cells of which rows are highlighted after a change. Kept per row key: the row's last
 * numbers and, per numeric column that changed, the direction of its last change and until when
 * (epoch ms) it stays highlighted. A cell that changes again while highlighted takes the new
 * direction and its time starts over. The page ends a highlight by itself (a CSS animation with
 * the highlight's time as its delay), so no timer re-renders the table for it: a highlight that
 * ended is dropped with the next new rows. Pure: the caller passes the clock's time.
 */
import { NUMERIC_COLUMNS, type NumericColumn } from './types';

export interface CellFlash {
  direction: 'up' | 'down';
  /** Epoch ms at which the highlight ends. */
  until: number;
  /**
   * Alternates with each change of the cell while its highlight is in the state, so the cell's
   * class changes and the page starts the highlight's time over even when the direction did not.
   */
  phase: 0 | 1;
}

export interface FlashEntry {
  numbers: Record<NumericColumn, number | null>;
  cells: Partial<Record<NumericColumn, CellFlash>>;
}

export type FlashState = Map<string, FlashEntry>;

/** The cells whose highlight is still on at `now` (the same object when none ended). */
function liveCells(cells: FlashEntry['cells'], now: number): FlashEntry['cells'] {
  const columns = Object.keys(cells) as NumericColumn[];
  if (columns.every((column) => cells[column]!.until > now)) {
    return cells;
  }
  const live: FlashEntry['cells'] = {};
  for (const column of columns) {
    if (cells[column]!.until > now) {
      live[column] = cells[column];
    }
  }
  return live;
}

/**
 * The next state for new rows at `now`: a cell that changed from one number to another is
 * highlighted for `flashMs` (nothing is with `flashMs` 0), highlights that ended are dropped,
 * and a row with neither keeps its entry (the same object, so the row does not re-render).
 * Idempotent for the same rows and time, so React may call it twice; keys that left the frame
 * are dropped, so the state stays as large as the frame.
 */
export function nextFlashState(
  previous: FlashState,
  rows: Array<{ key: string; numbers: Record<NumericColumn, number | null> }>,
  now: number,
  flashMs: number
): FlashState {
  const next: FlashState = new Map();
  for (const { key, numbers } of rows) {
    const before = previous.get(key);
    if (!before) {
      next.set(key, { numbers, cells: {} });
      continue;
    }
    const live = liveCells(before.cells, now);
    const changed = NUMERIC_COLUMNS.filter((column) => before.numbers[column] !== numbers[column]);
    if (changed.length === 0) {
      next.set(key, live === before.cells ? before : { numbers: before.numbers, cells: live });
      continue;
    }
    const cells = { ...live };
    for (const column of changed) {
      const from = before.numbers[column];
      const to = numbers[column];
      if (flashMs > 0 && from !== null && to !== null) {
        // The cell's class in the page is the one of the previous state, ended or not.
        const shown = before.cells[column];
        cells[column] = {
          direction: to > from ? 'up' : 'down',
          until: now + flashMs,
          phase: shown?.phase === 0 ? 1 : 0,
        };
      }
    }
    next.set(key, { numbers, cells });
  }
  return next;
}
