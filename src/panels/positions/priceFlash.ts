/**
 * Which cells of which rows changed, for the brief highlight. Kept per row key: the row's last
 * numbers and, per numeric column that changed, the direction of its last change and a version
 * that grows with each change (the cell keys its highlight by it, so every change starts a new
 * one and a finished one never replays).
 */
import { NUMERIC_COLUMNS, type NumericColumn } from './types';

export interface CellFlash {
  direction: 'up' | 'down';
  version: number;
}

export interface FlashEntry {
  numbers: Record<NumericColumn, number | null>;
  cells: Partial<Record<NumericColumn, CellFlash>>;
}

export type FlashState = Map<string, FlashEntry>;

/**
 * The next state. A row whose numbers did not change keeps its entry (the same object, so the
 * row does not re-render); a cell flashes only when it changed from one number to another.
 * Idempotent for the same rows (a second call changes nothing), so React may call it twice;
 * keys that left the frame are dropped, so the state stays as large as the frame.
 */
export function nextFlashState(
  previous: FlashState,
  rows: Array<{ key: string; numbers: Record<NumericColumn, number | null> }>
): FlashState {
  const next: FlashState = new Map();
  for (const { key, numbers } of rows) {
    const before = previous.get(key);
    if (!before) {
      next.set(key, { numbers, cells: {} });
      continue;
    }
    const changed = NUMERIC_COLUMNS.filter((column) => before.numbers[column] !== numbers[column]);
    if (changed.length === 0) {
      next.set(key, before);
      continue;
    }
    const cells = { ...before.cells };
    for (const column of changed) {
      const from = before.numbers[column];
      const to = numbers[column];
      if (from !== null && to !== null) {
        cells[column] = { direction: to > from ? 'up' : 'down', version: (before.cells[column]?.version ?? 0) + 1 };
      }
    }
    next.set(key, { numbers, cells });
  }
  return next;
}
