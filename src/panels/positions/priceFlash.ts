/**
 * Which cells of which rows are highlighted after a change. Kept per row key: the row's last
 * numbers and, per numeric column that changed, the direction of its last change and until when
 * (epoch ms) it stays highlighted. A cell that changes again while highlighted takes the new
 * direction and its time starts over. Pure: the caller passes the clock's time.
 */
import { NUMERIC_COLUMNS, type NumericColumn } from './types';

export interface CellFlash {
  direction: 'up' | 'down';
  /** Epoch ms at which the highlight ends. */
  until: number;
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
        cells[column] = { direction: to > from ? 'up' : 'down', until: now + flashMs };
      }
    }
    next.set(key, { numbers, cells });
  }
  return next;
}

/** The state at `now` with the highlights that ended dropped (the same map when none did). */
export function expireFlashes(state: FlashState, now: number): FlashState {
  let next: FlashState | undefined;
  for (const [key, entry] of state) {
    const live = liveCells(entry.cells, now);
    if (live !== entry.cells) {
      next ??= new Map(state);
      next.set(key, { numbers: entry.numbers, cells: live });
    }
  }
  return next ?? state;
}

/** When the next highlight ends (epoch ms), or undefined when none is on. */
export function nextExpiry(state: FlashState): number | undefined {
  let earliest: number | undefined;
  for (const entry of state.values()) {
    for (const cell of Object.values(entry.cells)) {
      if (cell && (earliest === undefined || cell.until < earliest)) {
        earliest = cell.until;
      }
    }
  }
  return earliest;
}
