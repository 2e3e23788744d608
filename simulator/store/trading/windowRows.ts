/**
 * One hour or day window of spec 003's aggregates: what the trading sink accumulates from the
 * event stream while the window is open (orders by profile, account equity, engine health,
 * alerts), and the `dd_telemetry_metrics` rows it becomes when it closes, together with the
 * window's closed trades (read back from `dd_trade_performance`, so trades survive a restart).
 * Windows are UTC hours and days. Pure.
 */
import type { ProfileMetricKind, ProfileMetricName, ProfileMetricRow, TradeRecord } from '../../../src/protocol';
import { ACCOUNT_PROFILE_ID, TRADING_PROFILES } from '../../engine/tradingProfiles';
import { tradeStats } from './tradeStats';

export type WindowType = 'hour' | 'day';
export const WINDOW_MS: Record<WindowType, number> = { hour: 3_600_000, day: 86_400_000 };

export interface OrderCounts {
  placed: number;
  filled: number;
  rejected: number;
  cancelled: number;
}

export interface WindowAccumulator {
  type: WindowType;
  start: number;
  end: number;
  orders: Map<number, OrderCounts>;
  equity?: { first: number; last: number; peak: number; maxDrawdown: number; maxDrawdownPct: number };
  health: { samples: number; cpu: number; memory: number; latency: number; latencyMax: number };
  alertsRaised: number;
}

export function openWindow(type: WindowType, time: number): WindowAccumulator {
  const start = Math.floor(time / WINDOW_MS[type]) * WINDOW_MS[type];
  return {
    type,
    start,
    end: start + WINDOW_MS[type],
    orders: new Map(),
    health: { samples: 0, cpu: 0, memory: 0, latency: 0, latencyMax: 0 },
    alertsRaised: 0,
  };
}

export function countOrder(window: WindowAccumulator, profileId: number, outcome: keyof OrderCounts): void {
  for (const id of new Set([ACCOUNT_PROFILE_ID, profileId])) {
    const counts = window.orders.get(id) ?? { placed: 0, filled: 0, rejected: 0, cancelled: 0 };
    counts[outcome] += 1;
    window.orders.set(id, counts);
  }
}

export function addEquity(window: WindowAccumulator, equity: number): void {
  const e = window.equity ?? { first: equity, last: equity, peak: equity, maxDrawdown: 0, maxDrawdownPct: 0 };
  e.last = equity;
  e.peak = Math.max(e.peak, equity);
  e.maxDrawdown = Math.max(e.maxDrawdown, e.peak - equity);
  e.maxDrawdownPct = Math.max(e.maxDrawdownPct, e.peak > 0 ? ((e.peak - equity) / e.peak) * 100 : 0);
  window.equity = e;
}

export function addHealth(window: WindowAccumulator, health: { cpu: number; memory: number; latency: number }): void {
  const h = window.health;
  h.samples += 1;
  h.cpu += health.cpu;
  h.memory += health.memory;
  h.latency += health.latency;
  h.latencyMax = Math.max(h.latencyMax, health.latency);
}

/**
 * The window's rows for every profile: breakout (trade outcomes), equity, orders and system, named
 * as `PROFILE_METRIC_NAMES` lists them.
 */
export function windowRows(window: WindowAccumulator, trades: readonly TradeRecord[]): ProfileMetricRow[] {
  const rows: ProfileMetricRow[] = [];
  // Typed by family, so only the protocol's names (which the query editor offers) can be written.
  const add = <K extends ProfileMetricKind>(
    profile_id: number,
    metric_type: K,
    metric_name: ProfileMetricName<K>,
    value: number
  ) =>
    rows.push({
      profile_id,
      metric_type,
      metric_name,
      metric_value: Math.round(value * 10_000) / 10_000,
      window_type: window.type,
      window_start: window.start,
      window_end: window.end,
    });
  for (const { id } of TRADING_PROFILES) {
    const own = id === ACCOUNT_PROFILE_ID ? trades : trades.filter((trade) => trade.profile_id === id);
    const stats = tradeStats(own);
    add(id, 'breakout', 'trades', stats.trades);
    add(id, 'breakout', 'pnl', stats.total_pnl);
    add(id, 'breakout', 'success_rate', stats.success_rate);
    add(id, 'breakout', 'max_drawdown', stats.max_drawdown);
    add(id, 'breakout', 'avg_slippage', stats.avg_slippage);
    add(id, 'breakout', 'avg_duration_seconds', stats.avg_duration_seconds);

    const orders = window.orders.get(id) ?? { placed: 0, filled: 0, rejected: 0, cancelled: 0 };
    add(id, 'orders', 'placed', orders.placed);
    add(id, 'orders', 'filled', orders.filled);
    add(id, 'orders', 'rejected', orders.rejected);
    add(id, 'orders', 'cancelled', orders.cancelled);
    const decided = orders.filled + orders.rejected + orders.cancelled;
    add(id, 'orders', 'fill_rate', decided === 0 ? 0 : orders.filled / decided);
    add(id, 'orders', 'reject_rate', decided === 0 ? 0 : orders.rejected / decided);
    add(id, 'system', 'error_count', orders.rejected);

    if (id === ACCOUNT_PROFILE_ID && window.equity !== undefined) {
      const e = window.equity;
      add(id, 'equity', 'equity', e.last);
      add(id, 'equity', 'pnl', e.last - e.first);
      add(id, 'equity', 'max_drawdown', e.maxDrawdown);
      add(id, 'equity', 'max_drawdown_pct', e.maxDrawdownPct);
    } else if (id !== ACCOUNT_PROFILE_ID) {
      // A strategy has no equity of its own: its curve is its realised P&L.
      add(id, 'equity', 'pnl', stats.total_pnl);
      add(id, 'equity', 'max_drawdown', stats.max_drawdown);
    }
  }
  const h = window.health;
  if (h.samples > 0) {
    add(ACCOUNT_PROFILE_ID, 'system', 'cpu_avg', h.cpu / h.samples);
    add(ACCOUNT_PROFILE_ID, 'system', 'memory_avg', h.memory / h.samples);
    add(ACCOUNT_PROFILE_ID, 'system', 'latency_avg', h.latency / h.samples);
    add(ACCOUNT_PROFILE_ID, 'system', 'latency_max', h.latencyMax);
  }
  add(ACCOUNT_PROFILE_ID, 'system', 'alerts_raised', window.alertsRaised);
  return rows;
}
