/**
 * The number and text columns of the stored-history frames (storedFrames.ts), which the query
 * editor offers as the fields filter of each stored kind. Time columns always stay and are not
 * listed. A profile's window metrics are named by the protocol (`PROFILE_METRIC_NAMES`), which the
 * simulator writes and the editor offers; the editor also accepts other names.
 */
export const AGGREGATE_FIELD_NAMES = ['p50', 'p95', 'p99', 'min', 'max', 'avg', 'count'] as const;

export const TRADE_FIELD_NAMES = [
  'profile_id',
  'symbol',
  'side',
  'trade_type',
  'quantity',
  'entry_price',
  'exit_price',
  'pnl',
  'slippage',
  'duration_seconds',
  'reason',
] as const;
