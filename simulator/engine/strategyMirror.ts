/**
 * Spec 002's execution events mirrored from the order lifecycle and the portfolio: an `order`
 * strategy event for every order change (the same moments as `orders:update`) and a `position`
 * event for every fill, so the strategy channel tells the whole story of a decision; and
 * `engine_health` mirrored from the health model at each health publication.
 */
import type { Order, StrategyEventOf, SystemHealth } from '../../src/protocol';
import { round2 } from './money';

export function orderStrategyEvent(order: Order, time: number): StrategyEventOf<'order'> {
  const filled = order.filledQty > 0 && order.avgFillPrice !== undefined && order.avgFillPrice !== null;
  return {
    kind: 'order',
    orderId: order.id,
    symbol: order.symbol,
    side: order.side.toUpperCase(),
    status: order.status,
    qty: order.qty,
    price: filled ? (order.avgFillPrice as number) : order.price,
    remainingQty: order.qty - order.filledQty,
    strategy: order.strategy ?? '',
    orderType: order.type.toUpperCase(),
    ...(order.reason !== undefined && (order.status === 'rejected' || order.status === 'cancelled')
      ? { reason: order.reason }
      : {}),
    timestamp: time,
  };
}

/** A position after a fill: signed size (0 once flat) and average entry in paise. */
export function positionStrategyEvent(
  symbol: string,
  signedQty: number,
  avgEntryPaise: number,
  strategy: string,
  time: number
): StrategyEventOf<'position'> {
  return {
    kind: 'position',
    symbol,
    positionSize: signedQty,
    entryPrice: signedQty === 0 ? 0 : round2(avgEntryPaise / 100),
    strategy,
    timestamp: time,
  };
}

/** The strategy engine's name in `engine_health` events. */
export const STRATEGY_ENGINE_NAME = 'StrategyEngine';

/**
 * The health model's state as spec 002's `engine_health`: `status` is `active` while the engine is
 * healthy, else the health status (`degraded`, `critical`), or `stalled` while it evaluates nothing;
 * `metrics` holds the strategies' statistics and the health model's figures.
 */
export function engineHealthEvent(
  health: SystemHealth,
  stalled: boolean,
  strategyMetrics: Record<string, unknown>,
  time: number
): StrategyEventOf<'engine_health'> {
  return {
    kind: 'engine_health',
    engineName: STRATEGY_ENGINE_NAME,
    status: stalled ? 'stalled' : health.status === 'healthy' ? 'active' : health.status,
    metrics: {
      ...strategyMetrics,
      health_status: health.status,
      cpu: health.cpu,
      memory: health.memory,
      latency_ms: health.latency,
      uptime_ms: health.uptime,
      heartbeat_age_ms: time - health.lastHeartbeat,
    },
    timestamp: time,
  };
}
