/**
 * The activity entries trading writes: what a person reads in the activity log when an order is
 * placed, fills, is cancelled or rejected, and when a fill opens, grows, reduces or closes a
 * position, and when a strategy decides (its decision trace as an object in `details.trace`). The
 * exact event is in `details.kind` (see `activity.ts`).
 */
import type { ActivityLog, Order, OrderUpdateType, TradingState } from '../../src/protocol';
import type { ActivityDetails, ActivityFactory } from './activity';
import { formatInr, toRupees } from './money';
import type { ClosedTrade, FillOutcome } from './portfolio';

/** `BUY 12 TCS at market`, `SELL 5 INFY limit ₹1520.35`. */
export function describeOrder(order: Order): string {
  const how = order.type === 'market' ? 'at market' : `limit ₹${order.price.toFixed(2)}`;
  return `${order.side.toUpperCase()} ${order.qty} ${order.symbol} ${how}`;
}

export function orderActivity(
  activity: ActivityFactory,
  type: OrderUpdateType,
  order: Order,
  time: number
): ActivityLog {
  const details: ActivityDetails = {
    kind:
      type === 'new'
        ? 'order_placed'
        : type === 'rejected'
          ? 'order_rejected'
          : type === 'cancelled'
            ? 'order_cancelled'
            : type,
    orderId: order.id,
    symbol: order.symbol,
    side: order.side,
    qty: order.qty,
    filledQty: order.filledQty,
    strategy: order.strategy ?? null,
  };
  const avg = order.avgFillPrice ? ` @ avg ₹${order.avgFillPrice.toFixed(2)}` : '';
  switch (type) {
    case 'new':
      return activity(
        'order_placed',
        'info',
        `Order placed: ${describeOrder(order)} (${order.strategy})`,
        details,
        time
      );
    case 'partial_fill':
      return activity(
        'order_filled',
        'info',
        `Partial fill: ${order.side.toUpperCase()} ${order.filledQty}/${order.qty} ${order.symbol}${avg}`,
        details,
        time
      );
    case 'filled':
      return activity(
        'order_filled',
        'info',
        `Order filled: ${order.side.toUpperCase()} ${order.qty} ${order.symbol}${avg}`,
        details,
        time
      );
    case 'cancelled':
      return activity(
        'system',
        'warning',
        `Order cancelled: ${describeOrder(order)}: ${order.reason}`,
        { ...details, reason: order.reason ?? null },
        time
      );
    case 'rejected':
      return activity(
        'error',
        'error',
        `Order rejected: ${describeOrder(order)}: ${order.reason}`,
        { ...details, reason: order.reason ?? null },
        time
      );
  }
}

/**
 * What a fill of `qty` at `pricePaise` did to the position, in the order it happened: a close
 * (with its realised P&L) then an open when the fill went through zero, otherwise one increase
 * or reduction.
 */
export function positionActivity(
  activity: ActivityFactory,
  order: Order,
  qty: number,
  pricePaise: number,
  outcome: FillOutcome,
  time: number
): ActivityLog[] {
  const symbol = order.symbol;
  const at = `₹${toRupees(pricePaise).toFixed(2)}`;
  const base: ActivityDetails = {
    symbol,
    orderId: order.id,
    qty: Math.abs(outcome.after),
    price: toRupees(pricePaise),
  };
  const sideOf = (q: number) => (q > 0 ? 'long' : 'short');
  const entries: ActivityLog[] = [];
  if (outcome.closedRealizedPaise !== undefined) {
    const pnl = outcome.closedRealizedPaise;
    const details = {
      ...base,
      kind: 'position_closed',
      side: sideOf(outcome.before),
      realizedPL: toRupees(pnl),
      ...closedTradeDetails(outcome.closedTrade),
    };
    const text = `Closed ${sideOf(outcome.before)} ${symbol} @ ${at}: realised ${pnl >= 0 ? '+' : '−'}${formatInr(Math.abs(pnl))}`;
    entries.push(activity('position_closed', pnl < 0 ? 'warning' : 'info', text, details, time));
  }
  if (outcome.opened) {
    const side = sideOf(outcome.after);
    const details = { ...base, kind: 'position_opened', side };
    entries.push(
      activity('position_opened', 'info', `Opened ${side} ${Math.abs(outcome.after)} ${symbol} @ ${at}`, details, time)
    );
    return entries;
  }
  if (outcome.closedRealizedPaise === undefined) {
    const grew = Math.abs(outcome.after) > Math.abs(outcome.before);
    const kind = grew ? 'position_increased' : 'position_reduced';
    const text = `${grew ? 'Increased' : 'Reduced'} ${sideOf(outcome.after)} ${symbol} by ${qty} to ${Math.abs(outcome.after)} @ ${at}`;
    entries.push(activity('system', 'info', text, { ...base, kind, side: sideOf(outcome.after) }, time));
  }
  return entries;
}

/**
 * The closed trade as activity details (spec 003's trade record travels with the position_closed
 * entry, so stores and dashboards get it without a channel of its own).
 */
function closedTradeDetails(trade: ClosedTrade | undefined): ActivityDetails {
  if (trade === undefined) {
    return {};
  }
  return {
    strategy: trade.strategy,
    closedBy: trade.closedBy,
    entryPrice: trade.entryPrice,
    exitPrice: trade.exitPrice,
    closedQty: trade.qty,
    slippage: trade.slippage,
    openedAt: trade.openedAt,
    durationMs: trade.closedAt - trade.openedAt,
    reason: trade.reason,
  };
}

/** The lively profile's start: the engine joined a session under way. */
export function sessionJoinedActivity(
  activity: ActivityFactory,
  positions: number,
  orders: number,
  time: number
): ActivityLog {
  const text = `Joined a session under way: ${positions} open ${positions === 1 ? 'position' : 'positions'}, ${orders} ${orders === 1 ? 'order' : 'orders'} being placed (lively profile; the realistic profile starts flat)`;
  return activity('system', 'info', text, { kind: 'session_joined', positions, orders }, time);
}

/** A strategy's decision at a bar close, its whole trace kept as an object in `details.trace`. */
export function decisionActivity(
  activity: ActivityFactory,
  decision: {
    strategy: string;
    symbol: string;
    decision: string;
    trace: Record<string, string | number | boolean | null>;
  },
  time: number
): ActivityLog {
  const confidence =
    typeof decision.trace.confidence === 'number' ? ` (${Math.round(decision.trace.confidence * 100)}%)` : '';
  const reason = typeof decision.trace.reason === 'string' ? `: ${decision.trace.reason}` : '';
  return activity(
    'system',
    'info',
    `${decision.strategy} decided ${decision.decision} ${decision.symbol}${confidence}${reason}`,
    {
      kind: 'decision_trace',
      strategy: decision.strategy,
      symbol: decision.symbol,
      decision: decision.decision,
      trace: decision.trace,
    },
    time
  );
}

/** A change of the trading state: throttling, the kill switch engaging, trading resuming. */
export function tradingStateActivity(activity: ActivityFactory, state: TradingState, time: number): ActivityLog {
  const details = { kind: 'trading_state', state: state.state, reason: state.reason ?? null };
  switch (state.state) {
    case 'throttled':
      return activity('system', 'warning', `Orders throttled: ${state.reason ?? 'rate limit exceeded'}`, details, time);
    case 'halted':
      return activity(
        'system',
        'error',
        `Trading halted: ${state.reason ?? 'kill switch engaged'}; open orders cancelled`,
        details,
        time
      );
    default:
      return activity('system', 'info', 'Trading active: order flow back within the limits', details, time);
  }
}
