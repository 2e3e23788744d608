/**
 * Order statuses and sides of the MCI protocol (spec 001). Panels read only frames, so they name
 * the values they style here; any other value still shows, in neutral colours.
 */
export const ORDER_STATUSES = ['new', 'partially_filled', 'filled', 'cancelled', 'rejected'] as const;
export const ORDER_SIDES = ['buy', 'sell'] as const;

export const STATUS_LABELS: Record<string, string> = {
  new: 'New',
  partially_filled: 'Partially filled',
  filled: 'Filled',
  cancelled: 'Cancelled',
  rejected: 'Rejected',
};

export type SideFilter = 'all' | (typeof ORDER_SIDES)[number];

export interface OrdersOptions {
  /** Statuses shown; empty shows every status. Changed by the chips above the table too. */
  statuses: string[];
  side: SideFilter;
  showFilters: boolean;
  /** Decimals of the price column; undefined keeps the field's. */
  decimals?: number;
}

export const DEFAULT_OPTIONS: OrdersOptions = { statuses: [], side: 'all', showFilters: true };

/** Fields the panel reads, by protocol name. The time column is `createdAt` (or any time field). */
export const ORDER_FIELD_KEYS = [
  'id',
  'time',
  'symbol',
  'side',
  'type',
  'qty',
  'filledQty',
  'price',
  'avgFillPrice',
  'status',
  'reason',
] as const;
export type OrderFieldKey = (typeof ORDER_FIELD_KEYS)[number];
export const REQUIRED_ORDER_FIELDS: readonly OrderFieldKey[] = [
  'id',
  'time',
  'symbol',
  'side',
  'qty',
  'filledQty',
  'status',
];
