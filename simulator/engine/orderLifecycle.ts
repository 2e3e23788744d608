/**
 * The order lifecycle: an order is placed `new` (by a strategy at a bar close, or by the synthetic
 * order flow); on the next market tick the exchange accepts or rejects it (buying power, a
 * scenario or a small background rejection rate, each with a reason); accepted orders fill in
 * chunks no larger than the symbol's liquidity per tick (`partially_filled` → `filled`): market
 * orders at once at the price ± one tick of slippage, limit orders when the price reaches the
 * limit. Limit orders expire (`cancelled`, reason given) after `limitOrderTtlMs`. Open orders
 * always carry a `reason` saying why they are open. Every submission passes the pre-trade risk
 * controls (`tradingControls.ts`): one beyond the message rate limit is rejected, and while the
 * kill switch is engaged nothing is placed.
 * Every order change is also mirrored as a spec 002 `order` strategy event.
 */
import type { Order, OrderSide, OrderUpdateType } from '../../src/protocol';
import type { ActivityFactory } from './activity';
import { ENGINE_DEFAULTS, IST_OFFSET_MS } from './defaults';
import type { Market, MarketSymbol } from './market';
import { formatInr, round2, TICK_PAISE, toRupees } from './money';
import type { FillOutcome, Portfolio } from './portfolio';
import type { Random } from './random';
import { orderStrategyEvent } from './strategyMirror';
import type { TradingControls } from './tradingControls';
import { orderActivity, positionActivity } from './tradingActivity';
import type { EngineEvent } from './types';

/** What the running scenarios impose on trading at one instant. */
export interface TradingConditions {
  /** The engine is stalled: nothing is evaluated, acknowledged or filled. */
  stalled: boolean;
  rejectProbability: number;
  extraOrdersPerSecond: number;
  /** Why the exchange rejects more than usual (a scenario), for the rejection reason. */
  rejectReason?: string;
  /** A runaway strategy floods child orders at this multiple of the message rate limit (0: none). */
  runawayLimitMultiple: number;
}

/** An open order and what the lifecycle needs to work it. */
export interface WorkingOrder {
  order: Order;
  symbol: MarketSymbol;
  limitPaise?: number;
  fillNotionalPaise: number;
  acknowledged: boolean;
  expiresAt?: number;
  /** Flattens a position on an EXIT signal (needs no buying power, counts as no pending notional). */
  isExit: boolean;
  /** The price (paise) when the order was placed, slippage's reference. */
  referencePaise: number;
  /** Why the position is being closed (an EXIT signal's reason). */
  exitReason?: string;
  /** Submitted beyond the message rate limit: the gateway rejects it. */
  throttled: boolean;
}

export interface OrderRequest {
  symbol: MarketSymbol;
  side: OrderSide;
  qty: number;
  /** The strategy that placed it, or `flow` for the synthetic order flow. */
  strategy: string;
  /** A limit price in paise; a market order without. */
  limitPaise?: number;
  isExit: boolean;
  /** Why an EXIT order closes its position, for the closed trade's record. */
  exitReason?: string;
}

export interface OrderLifecycleDeps {
  market: Market;
  random: Random;
  activity: ActivityFactory;
  portfolio: Portfolio;
  priceOf: (symbol: string) => number;
  equityPaise: () => number;
  /** Synthetic orders per second on top of the strategies. */
  ordersPerSecond: number;
  tickMs: number;
  /** Called after each fill reached the portfolio (the strategy bar mirrors positions from it). */
  onFill(order: Order, outcome: FillOutcome, time: number, out: EngineEvent[]): void;
  controls: TradingControls;
}

export interface OrderLifecycle {
  place(request: OrderRequest, time: number, out: EngineEvent[]): void;
  cancel(w: WorkingOrder, reason: string, time: number, out: EngineEvent[]): void;
  /** The symbol's open orders, oldest first. */
  workingFor(symbol: MarketSymbol): WorkingOrder[];
  /** One market tick: acknowledge, fill and expire open orders, then place the synthetic flow. */
  tick(time: number, conditions: TradingConditions, out: EngineEvent[]): void;
  /** Cancel every open order (the kill switch). */
  cancelAll(reason: string, time: number, out: EngineEvent[]): void;
  /** Notional of accepted, unfilled, non-exit orders (paise): it reserves buying power. */
  pendingNotional(except?: WorkingOrder): number;
  /** Open orders then the most recent terminal ones, newest first. */
  orders(): Order[];
}

const EXCHANGE_REJECTIONS = [
  'exchange: price outside the daily circuit band',
  'RMS: margin shortfall for this segment',
  'exchange: order rate limit exceeded',
  'RMS: quantity above the freeze limit',
];

export function createOrderLifecycle(deps: OrderLifecycleDeps): OrderLifecycle {
  const { market, random, activity, portfolio, priceOf, equityPaise, tickMs, controls } = deps;
  const open = new Map<string, WorkingOrder>();
  const terminal: Order[] = [];
  let orderSeq = 0;
  let flowCredit = 0;
  let runawayCredit = 0;

  function orderId(time: number): string {
    orderSeq += 1;
    const date = new Date(time + IST_OFFSET_MS).toISOString().slice(0, 10).replace(/-/g, '');
    return `PAPER-${date}-${String(orderSeq).padStart(6, '0')}`;
  }

  function pendingNotional(except?: WorkingOrder): number {
    let total = 0;
    for (const w of open.values()) {
      if (w !== except && w.acknowledged && !w.isExit) {
        total += (w.order.qty - w.order.filledQty) * (w.limitPaise ?? w.symbol.pricePaise);
      }
    }
    return total;
  }

  function emitOrder(type: OrderUpdateType, w: WorkingOrder, time: number, out: EngineEvent[]): void {
    const order = { ...w.order };
    out.push({ channel: 'orders', time, data: { type, order, timestamp: time } });
    out.push({ channel: 'strategy', time, data: orderStrategyEvent(order, time) });
    out.push({ channel: 'activity', time, data: orderActivity(activity, type, order, time) });
  }

  function place(request: OrderRequest, time: number, out: EngineEvent[]): void {
    const { symbol, side, qty, strategy, limitPaise, isExit, exitReason } = request;
    const price = limitPaise ?? symbol.pricePaise;
    const w: WorkingOrder = {
      order: {
        id: orderId(time),
        symbol: symbol.spec.symbol,
        side,
        type: limitPaise === undefined ? 'market' : 'limit',
        qty,
        filledQty: 0,
        price: toRupees(price),
        status: 'new',
        createdAt: time,
        updatedAt: time,
        filledAt: null,
        avgFillPrice: null,
        reason: 'awaiting exchange acknowledgement',
        strategy,
      },
      symbol,
      limitPaise,
      fillNotionalPaise: 0,
      acknowledged: false,
      expiresAt: limitPaise === undefined ? undefined : time + ENGINE_DEFAULTS.limitOrderTtlMs,
      isExit,
      referencePaise: price,
      exitReason,
      throttled: !controls.admit(time),
    };
    open.set(w.order.id, w);
    emitOrder('new', w, time, out);
  }

  function finish(
    w: WorkingOrder,
    type: 'filled' | 'cancelled' | 'rejected',
    reason: string | undefined,
    time: number,
    out: EngineEvent[]
  ): void {
    w.order.status = type;
    w.order.updatedAt = time;
    if (reason === undefined) {
      delete w.order.reason;
    } else {
      w.order.reason = reason;
    }
    open.delete(w.order.id);
    terminal.push(w.order);
    if (terminal.length > ENGINE_DEFAULTS.recentTerminalOrders) {
      terminal.shift();
    }
    emitOrder(type, w, time, out);
  }

  /** Does this order add exposure (so it needs buying power)? */
  function addsExposure(w: WorkingOrder): boolean {
    const held = portfolio.holding(w.order.symbol)?.qty ?? 0;
    const signed = w.order.side === 'buy' ? w.order.qty : -w.order.qty;
    return Math.abs(held + signed) > Math.abs(held);
  }

  function acknowledge(w: WorkingOrder, conditions: TradingConditions, time: number, out: EngineEvent[]): boolean {
    if (w.throttled) {
      const limit = controls.limits.orderMessagesPerSecond;
      finish(w, 'rejected', `RMS: order message rate above the limit of ${limit}/s (throttled)`, time, out);
      return false;
    }
    if (random.chance(conditions.rejectProbability)) {
      const why = random.pick(EXCHANGE_REJECTIONS);
      finish(w, 'rejected', conditions.rejectReason ? `${why} (${conditions.rejectReason})` : why, time, out);
      return false;
    }
    if (addsExposure(w)) {
      const notional = w.order.qty * (w.limitPaise ?? w.symbol.pricePaise);
      const equity = equityPaise();
      const available =
        ENGINE_DEFAULTS.marginMultiplier * equity - portfolio.grossExposurePaise(priceOf) - pendingNotional(w);
      if (notional > available) {
        finish(
          w,
          'rejected',
          `insufficient buying power: needs ${formatInr(notional)}, available ${formatInr(Math.max(0, available))}`,
          time,
          out
        );
        return false;
      }
    }
    w.acknowledged = true;
    w.order.reason =
      w.order.type === 'limit'
        ? `working: waiting for the price to reach ₹${w.order.price.toFixed(2)}`
        : 'working: filling at market';
    return true;
  }

  function fill(w: WorkingOrder, time: number, out: EngineEvent[]): void {
    const { symbol, order } = w;
    const price = symbol.pricePaise;
    let fillPaise: number;
    if (w.limitPaise === undefined) {
      fillPaise = order.side === 'buy' ? price + TICK_PAISE : Math.max(TICK_PAISE, price - TICK_PAISE);
    } else {
      const marketable = order.side === 'buy' ? price <= w.limitPaise : price >= w.limitPaise;
      if (!marketable) {
        return;
      }
      fillPaise = price;
    }
    const remaining = order.qty - order.filledQty;
    const available = Math.max(1, Math.round(symbol.liquidityPerTick * (0.5 + random.next())));
    const qty = Math.min(remaining, available);
    const outcome = portfolio.applyFill(order.symbol, order.side === 'buy' ? qty : -qty, fillPaise, {
      time,
      strategy: order.strategy ?? 'flow',
      referencePaise: w.referencePaise,
      reason: w.exitReason,
    });
    order.filledQty += qty;
    w.fillNotionalPaise += qty * fillPaise;
    order.avgFillPrice = round2(toRupees(w.fillNotionalPaise / order.filledQty));
    order.updatedAt = time;
    if (order.filledQty === order.qty) {
      order.filledAt = time;
      finish(w, 'filled', undefined, time, out);
    } else {
      order.status = 'partially_filled';
      order.reason = `working: ${order.filledQty}/${order.qty} filled, waiting for more liquidity`;
      emitOrder('partial_fill', w, time, out);
    }
    for (const entry of positionActivity(activity, order, qty, fillPaise, outcome, time)) {
      out.push({ channel: 'activity', time, data: entry });
    }
    deps.onFill(order, outcome, time, out);
  }

  function expire(w: WorkingOrder, time: number, out: EngineEvent[]): void {
    const filled = w.order.filledQty > 0 ? ` (${w.order.filledQty}/${w.order.qty} filled)` : '';
    finish(
      w,
      'cancelled',
      `expired: limit ₹${w.order.price.toFixed(2)} not reached within ${ENGINE_DEFAULTS.limitOrderTtlMs / 1000} s${filled}`,
      time,
      out
    );
  }

  /** A synthetic order (random symbol, side, ₹20k–₹1L, 30% passive limits) for load generation. */
  function placeFlowOrder(time: number, out: EngineEvent[]): void {
    const symbol = random.pick(market.symbols);
    const side: OrderSide = random.chance(0.5) ? 'buy' : 'sell';
    const notional = random.between(20_000, 100_000) * 100;
    const qty = Math.max(1, Math.round(notional / symbol.pricePaise));
    let limitPaise: number | undefined;
    if (random.chance(0.3)) {
      const ticks = random.int(1, 5) * TICK_PAISE;
      limitPaise = Math.max(TICK_PAISE, side === 'buy' ? symbol.pricePaise - ticks : symbol.pricePaise + ticks);
    }
    place({ symbol, side, qty, strategy: 'flow', limitPaise, isExit: false }, time, out);
  }

  /** A runaway strategy's child order: one share bid 1% under the market on the first symbol. */
  function placeRunawayChild(time: number, out: EngineEvent[]): void {
    const symbol = market.symbols[0];
    const limitPaise = Math.max(TICK_PAISE, Math.round((symbol.pricePaise * 0.99) / TICK_PAISE) * TICK_PAISE);
    place({ symbol, side: 'buy', qty: 1, strategy: 'momentum', limitPaise, isExit: false }, time, out);
  }

  return {
    place,
    cancel: (w, reason, time, out) => finish(w, 'cancelled', reason, time, out),
    workingFor: (symbol) => [...open.values()].filter((w) => w.symbol === symbol),
    tick(time, conditions, out) {
      for (const w of [...open.values()]) {
        if (!w.acknowledged) {
          if (!acknowledge(w, conditions, time, out)) {
            continue;
          }
        }
        fill(w, time, out);
        if (open.has(w.order.id) && w.expiresAt !== undefined && time >= w.expiresAt) {
          expire(w, time, out);
        }
      }
      if (controls.halted()) {
        return;
      }
      flowCredit += ((deps.ordersPerSecond + conditions.extraOrdersPerSecond) * tickMs) / 1000;
      while (flowCredit >= 1) {
        flowCredit -= 1;
        placeFlowOrder(time, out);
      }
      if (conditions.runawayLimitMultiple > 0) {
        runawayCredit += (conditions.runawayLimitMultiple * controls.limits.orderMessagesPerSecond * tickMs) / 1000;
        while (runawayCredit >= 1) {
          runawayCredit -= 1;
          placeRunawayChild(time, out);
        }
      } else {
        runawayCredit = 0;
      }
    },
    cancelAll(reason, time, out) {
      for (const w of [...open.values()]) {
        finish(w, 'cancelled', reason, time, out);
      }
    },
    pendingNotional,
    orders() {
      const working = [...open.values()].map((w) => ({ ...w.order }));
      return [
        ...working.reverse(),
        ...terminal
          .slice()
          .reverse()
          .map((order) => ({ ...order })),
      ];
    },
  };
}
