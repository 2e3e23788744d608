/** Pure model of the positions table: rows from a frame, sorting and totals. */
import type { Field } from '@grafana/data';
import { toNumber, toText } from '../common/values';
import { NUMERIC_COLUMNS, type NumericColumn, type PositionColumn, type SortState } from './types';

export interface PositionRow {
  /** Stable identity across updates: symbol and side (a book may hold both sides of a symbol). */
  key: string;
  symbol: string;
  side: string;
  numbers: Record<NumericColumn, number | null>;
}

export type PositionFields = Partial<Record<PositionColumn, Field>>;

export function positionRows(fields: PositionFields, length: number): PositionRow[] {
  const rows: PositionRow[] = new Array(length);
  for (let index = 0; index < length; index++) {
    const symbol = toText(fields.symbol?.values[index]);
    const side = toText(fields.side?.values[index]);
    const numbers = {} as Record<NumericColumn, number | null>;
    for (const column of NUMERIC_COLUMNS) {
      numbers[column] = toNumber(fields[column]?.values[index]);
    }
    rows[index] = { key: `${symbol}|${side}|${index}`, symbol, side, numbers };
  }
  // The index in the key only separates true duplicates; a unique symbol+side keeps its key
  // whatever its position, so its price highlight and React identity survive re-sorting.
  const seen = new Map<string, number>();
  for (const row of rows) {
    const base = `${row.symbol}|${row.side}`;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    row.key = count === 0 ? base : `${base}#${count}`;
  }
  return rows;
}

function cellValue(row: PositionRow, column: PositionColumn): string | number | null {
  if (column === 'symbol') {
    return row.symbol;
  }
  if (column === 'side') {
    return row.side;
  }
  return row.numbers[column];
}

/** Sorted copy; nulls last in both directions; ties keep the frame order. */
export function sortRows(rows: PositionRow[], sort: SortState | null): PositionRow[] {
  if (!sort) {
    return rows;
  }
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const left = cellValue(a.row, sort.column);
      const right = cellValue(b.row, sort.column);
      if (left === null || right === null) {
        return left === right ? a.index - b.index : left === null ? 1 : -1;
      }
      const order =
        typeof left === 'number' && typeof right === 'number'
          ? left - right
          : String(left).localeCompare(String(right));
      return order !== 0 ? sign * order : a.index - b.index;
    })
    .map(({ row }) => row);
}

/** Header clicks cycle ascending → descending → frame order, as Grafana's table does. */
export function nextSort(current: SortState | null, column: PositionColumn): SortState | null {
  if (!current || current.column !== column) {
    return { column, direction: 'ascending' };
  }
  return current.direction === 'ascending' ? { column, direction: 'descending' } : null;
}

export interface PositionTotals {
  marketValue: number | null;
  unrealizedPL: number | null;
  /** P&L over the cost basis (Σ entry price × qty), in percent. */
  unrealizedPLPercent: number | null;
}

function sum(rows: PositionRow[], column: NumericColumn): number | null {
  let total = 0;
  let any = false;
  for (const row of rows) {
    const value = row.numbers[column];
    if (value !== null) {
      total += value;
      any = true;
    }
  }
  return any ? total : null;
}

export function positionTotals(rows: PositionRow[]): PositionTotals {
  const unrealizedPL = sum(rows, 'unrealizedPL');
  let costBasis = 0;
  for (const row of rows) {
    const { entryPrice, qty } = row.numbers;
    if (entryPrice !== null && qty !== null) {
      costBasis += Math.abs(entryPrice * qty);
    }
  }
  return {
    marketValue: sum(rows, 'marketValue'),
    unrealizedPL,
    unrealizedPLPercent: unrealizedPL !== null && costBasis > 0 ? (unrealizedPL / costBasis) * 100 : null,
  };
}
