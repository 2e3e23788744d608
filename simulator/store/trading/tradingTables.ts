/**
 * Spec 003's tables as Kysely sees them (created by migration 0003): the spec's columns, with
 * times as epoch ms in BIGINT columns like every table of the store, and the closed trade's side
 * and exit reason as columns of their own (the spec keeps such context in `metadata`).
 */
import type { Generated } from 'kysely';

/** Hourly and daily aggregates per profile (`metric_type` breakout, equity, orders, system). */
export interface TelemetryMetricsTable {
  id: Generated<number>;
  profile_id: number;
  metric_type: string;
  metric_name: string;
  metric_value: number;
  /** `hour` or `day` (UTC). */
  window_type: string;
  window_start: number;
  window_end: number;
  metadata: string | null;
  created_at: number;
}

/** One closed trade (a position from open to flat). Money in rupees. */
export interface TradePerformanceTable {
  id: Generated<number>;
  profile_id: number;
  symbol: string;
  /** `take_profit`, `stop_loss`, `signal_exit` or `reversal` (closed by another order). */
  trade_type: string;
  side: string;
  entry_price: number;
  exit_price: number;
  quantity: number;
  pnl: number;
  slippage: number;
  entry_time: number;
  exit_time: number;
  duration_seconds: number;
  exit_reason: string;
  metadata: string | null;
  created_at: number;
}

/** Sampled health per profile: the engine's (profile 0) and each strategy's order health. */
export interface SystemHealthTable {
  id: Generated<number>;
  profile_id: number;
  script_name: string;
  metric_name: string;
  metric_value: number;
  /** `healthy`, `degraded` or `error`. */
  status: string;
  timestamp: number;
  metadata: string | null;
}

export interface TradingTables {
  dd_telemetry_metrics: TelemetryMetricsTable;
  dd_trade_performance: TradePerformanceTable;
  dd_system_health: SystemHealthTable;
}
