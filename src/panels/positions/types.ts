/** Columns of the positions panel, named after the frame's fields (the protocol payload names). */
export const POSITION_COLUMNS = [
  'symbol',
  'side',
  'qty',
  'entryPrice',
  'currentPrice',
  'unrealizedPL',
  'unrealizedPLPercent',
  'marketValue',
] as const;
export type PositionColumn = (typeof POSITION_COLUMNS)[number];

export const NUMERIC_COLUMNS = [
  'qty',
  'entryPrice',
  'currentPrice',
  'unrealizedPL',
  'unrealizedPLPercent',
  'marketValue',
] as const;
export type NumericColumn = (typeof NUMERIC_COLUMNS)[number];

/** Money columns take the panel's currency and decimals options. */
export const MONEY_COLUMNS: readonly NumericColumn[] = ['entryPrice', 'currentPrice', 'unrealizedPL', 'marketValue'];

export const COLUMN_LABELS: Record<PositionColumn, string> = {
  symbol: 'Symbol',
  side: 'Side',
  qty: 'Qty',
  entryPrice: 'Entry price',
  currentPrice: 'Current price',
  unrealizedPL: 'Unrealized P&L',
  unrealizedPLPercent: 'P&L %',
  marketValue: 'Market value',
};

/** `auto` keeps each field's unit (from the data source or field config). */
export const AUTO_CURRENCY = 'auto';

export interface PositionsOptions {
  columns: PositionColumn[];
  /** Decimals of the money and percent columns; undefined keeps the field's. */
  decimals?: number;
  /** A currency code (USD, INR, …) for the money columns, or `auto`. */
  currency: string;
  /** P&L colour: by sign (green gain, red loss) or from the field's thresholds and colour scheme. */
  plColor: 'sign' | 'field';
  showTotals: boolean;
}

export const DEFAULT_OPTIONS: PositionsOptions = {
  columns: [...POSITION_COLUMNS],
  currency: AUTO_CURRENCY,
  plColor: 'sign',
  showTotals: true,
};

export type SortDirection = 'ascending' | 'descending';
export interface SortState {
  column: PositionColumn;
  direction: SortDirection;
}
