/**
 * The number and text columns of the stored-history frames (storedFrames.ts), which the query
 * editor offers as the fields filter of each stored kind. Time columns always stay and are not
 * listed. A profile's window metrics are the server's (spec 003's `dd_telemetry_metrics` names),
 * listed here per family as the simulator writes them; the editor also accepts other names.
 */
import type { ProfileMetricKind } from '../../protocol';

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

export const PROFILE_METRIC_NAMES: Record<ProfileMetricKind, readonly string[]> = {
  breakout: ['pnl', 'success_rate', 'max_drawdown', 'avg_slippage', 'trades', 'avg_duration_seconds'],
  equity: ['equity', 'pnl', 'max_drawdown', 'max_drawdown_pct'],
  orders: ['placed', 'filled', 'rejected', 'cancelled', 'fill_rate', 'reject_rate'],
  system: ['error_count', 'alerts_raised', 'cpu_avg', 'memory_avg', 'latency_avg', 'latency_max'],
};
