/**
 * Strategies → signals → orders → fills → positions and account.
 *
 * Order lifecycle: an order is placed `new` (at a bar close, or by the synthetic order flow);
 * on the next market tick the exchange accepts or rejects it (buying power, scenario or a small
 * background rejection rate, each with a reason); accepted orders fill in chunks no larger than
 * the symbol's liquidity per tick (`partially_filled` → `filled`): market orders at once at the
 * price ± one tick of slippage, limit orders when the price reaches the limit. Limit orders
 * expire (`cancelled`, reason given) after `limitOrderTtlMs`; an EXIT signal cancels the
 * symbol's working orders first. Open orders always carry a `reason` saying why they are open.
 */
import type { Faker } from '@faker-js/faker';
import type { AccountMetrics, Order, OrderSide, OrderUpdateType, Position, StrategyEvent } from '../../src/protocol';
import type { ActivityDetails, ActivityFactory } from './activity';
import { ENGINE_DEFAULTS, IST_OFFSET_MS } from './defaults';
import type { Market, MarketSymbol } from './market';
import { formatInr, round2, TICK_PAISE, toRupees } from './money';
import { createPortfolio, type FillOutcome } from './portfolio';
import type { Random } from './random';
import {
  createIndicatorState,
  decide,
  STRATEGY_NAMES,
  updateIndicators,
  type Decision,
  type IndicatorState,
  type StrategyName,
} from './strategies';
import type { EngineEvent } from './types';

/** What the running scenarios impose on trading at one instant. */
export interface TradingConditions {
  /** The engine is stalled: nothing is evaluated, acknowledged or filled. */
  stalled: boolean;
  rejectProbability: number;
  extraOrdersPerSecond: number;
  /** Why the exchange rejects more than usual (a scenario), for the rejection reason. */
  rejectReason?: string;
}

export interface TradingDeps {
  market: Market;
  random: Random;
  faker: Faker;
  activity: ActivityFactory;
  initialCashPaise: number;
  ordersPerSecond: number;
  tickMs: number;
  startTime: number;
}

export interface Trading {
  tick(time: number, conditions: TradingConditions, out: EngineEvent[]): void;
  bar(time: number, conditions: TradingConditions, out: EngineEvent[]): void;
  startDay(): void;
  positions(): Position[];
  /** Open orders then the most recent terminal ones, newest first. */
  orders(): Order[];
  account(time: number): AccountMetrics;
}

interface WorkingOrder {
  order: Order;
  symbol: MarketSymbol;
  limitPaise?: number;
  fillNotionalPaise: number;
  acknowledged: boolean;
  expiresAt?: number;
  isExit: boolean;
}

interface SymbolBook {
  symbol: MarketSymbol;
  strategy: StrategyName;
  indicators: IndicatorState;
  barHighPaise: number;
  barLowPaise: number;
}

/** Bars per trading year (252 sessions × 375 one-minute bars), to annualise the Sharpe ratio. */
const BARS_PER_YEAR = 252 * 375;

const EXCHANGE_REJECTIONS = [
  'exchange: price outside the daily circuit band',
  'RMS: margin shortfall for this segment',
  'exchange: order rate limit exceeded',
  'RMS: quantity above the freeze limit',
];

export function createTrading(deps: TradingDeps): Trading {
  const { market, random, activity, tickMs } = deps;
  const portfolio = createPortfolio(deps.initialCashPaise, ENGINE_DEFAULTS.marginMultiplier);
  const bySymbol = new Map(market.symbols.map((s) => [s.spec.symbol, s]));
  const priceOf = (symbol: string) => (bySymbol.get(symbol) as MarketSymbol).pricePaise;
  const books: SymbolBook[] = market.symbols.map((symbol, index) => ({
    symbol,
    strategy: STRATEGY_NAMES[index % STRATEGY_NAMES.length],
    indicators: createIndicatorState(),
    barHighPaise: symbol.pricePaise,
    barLowPaise: symbol.pricePaise,
  }));
  warmUp(books, random);

  const open = new Map<string, WorkingOrder>();
  const terminal: Order[] = [];
  let orderSeq = 0;
  let flowCredit = 0;
  // Per-bar equity returns for the Sharpe ratio (Welford's running mean and variance).
  let lastBarEquity = deps.initialCashPaise;
  let returns = 0;
  let meanReturn = 0;
  let m2 = 0;

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

  function equityPaise(): number {
    return portfolio.cashPaise() + portfolio.marketValuePaise(priceOf);
  }

  function emitOrder(type: OrderUpdateType, w: WorkingOrder, time: number, out: EngineEvent[]): void {
    const order = { ...w.order };
    out.push({ channel: 'orders', time, data: { type, order, timestamp: time } });
    out.push({ channel: 'activity', time, data: orderActivity(type, order, time) });
  }

  function describe(order: Order): string {
    const how = order.type === 'market' ? 'at market' : `limit ₹${order.price.toFixed(2)}`;
    return `${order.side.toUpperCase()} ${order.qty} ${order.symbol} ${how}`;
  }

  function orderActivity(type: OrderUpdateType, order: Order, time: number) {
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
        return activity('order_placed', 'info', `Order placed: ${describe(order)} (${order.strategy})`, details, time);
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
          `Order cancelled: ${describe(order)}: ${order.reason}`,
          { ...details, reason: order.reason ?? null },
          time
        );
      case 'rejected':
        return activity(
          'error',
          'error',
          `Order rejected: ${describe(order)}: ${order.reason}`,
          { ...details, reason: order.reason ?? null },
          time
        );
    }
  }

  function place(
    symbol: MarketSymbol,
    side: OrderSide,
    qty: number,
    strategy: string,
    limitPaise: number | undefined,
    isExit: boolean,
    time: number,
    out: EngineEvent[]
  ): void {
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
    const outcome = portfolio.applyFill(order.symbol, order.side === 'buy' ? qty : -qty, fillPaise);
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
    positionActivity(order, qty, fillPaise, outcome, time, out);
  }

  function positionActivity(
    order: Order,
    qty: number,
    pricePaise: number,
    outcome: FillOutcome,
    time: number,
    out: EngineEvent[]
  ): void {
    const symbol = order.symbol;
    const at = `₹${toRupees(pricePaise).toFixed(2)}`;
    const base: ActivityDetails = {
      symbol,
      orderId: order.id,
      qty: Math.abs(outcome.after),
      price: toRupees(pricePaise),
    };
    const sideOf = (q: number) => (q > 0 ? 'long' : 'short');
    if (outcome.closedRealizedPaise !== undefined) {
      const pnl = outcome.closedRealizedPaise;
      const details = { ...base, kind: 'position_closed', side: sideOf(outcome.before), realizedPL: toRupees(pnl) };
      const text = `Closed ${sideOf(outcome.before)} ${symbol} @ ${at}: realised ${pnl >= 0 ? '+' : '−'}${formatInr(Math.abs(pnl))}`;
      out.push({
        channel: 'activity',
        time,
        data: activity('position_closed', pnl < 0 ? 'warning' : 'info', text, details, time),
      });
    }
    if (outcome.opened) {
      const side = sideOf(outcome.after);
      const details = { ...base, kind: 'position_opened', side };
      out.push({
        channel: 'activity',
        time,
        data: activity(
          'position_opened',
          'info',
          `Opened ${side} ${Math.abs(outcome.after)} ${symbol} @ ${at}`,
          details,
          time
        ),
      });
      return;
    }
    if (outcome.closedRealizedPaise === undefined) {
      const grew = Math.abs(outcome.after) > Math.abs(outcome.before);
      const kind = grew ? 'position_increased' : 'position_reduced';
      const text = `${grew ? 'Increased' : 'Reduced'} ${sideOf(outcome.after)} ${symbol} by ${qty} to ${Math.abs(outcome.after)} @ ${at}`;
      out.push({
        channel: 'activity',
        time,
        data: activity('system', 'info', text, { ...base, kind, side: sideOf(outcome.after) }, time),
      });
    }
  }

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
    place(symbol, side, qty, 'flow', limitPaise, false, time, out);
  }

  function act(book: SymbolBook, decision: Decision, atrPaise: number, time: number, out: EngineEvent[]): void {
    const symbol = book.symbol;
    const held = portfolio.holding(symbol.spec.symbol)?.qty ?? 0;
    const working = [...open.values()].filter((w) => w.symbol === symbol);
    if (decision.signal === 'EXIT') {
      if (held === 0 || working.some((w) => w.isExit)) {
        return;
      }
      for (const w of working) {
        finish(w, 'cancelled', 'cancelled: superseded by an EXIT signal', time, out);
      }
      place(symbol, held > 0 ? 'sell' : 'buy', Math.abs(held), book.strategy, undefined, true, time, out);
      return;
    }
    if (working.length > 0) {
      return;
    }
    const qty = Math.max(1, Math.floor((equityPaise() * ENGINE_DEFAULTS.positionSizeRatio) / symbol.pricePaise));
    const side: OrderSide = decision.signal === 'BUY' ? 'buy' : 'sell';
    let limitPaise: number | undefined;
    if (random.chance(0.4)) {
      // A passive limit a quarter of an ATR inside the market, on the tick grid.
      const offset = Math.max(TICK_PAISE, Math.round(atrPaise / 4 / TICK_PAISE) * TICK_PAISE);
      limitPaise = Math.max(TICK_PAISE, side === 'buy' ? symbol.pricePaise - offset : symbol.pricePaise + offset);
    }
    place(symbol, side, qty, book.strategy, limitPaise, false, time, out);
  }

  function strategyEvent(data: StrategyEvent, time: number, out: EngineEvent[]): void {
    out.push({ channel: 'strategy', time, data });
  }

  return {
    tick(time, conditions, out) {
      for (const book of books) {
        const price = book.symbol.pricePaise;
        if (price > book.barHighPaise) {
          book.barHighPaise = price;
        }
        if (price < book.barLowPaise) {
          book.barLowPaise = price;
        }
      }
      if (conditions.stalled) {
        return;
      }
      for (const w of [...open.values()]) {
        if (!w.acknowledged) {
          if (!acknowledge(w, conditions, time, out)) {
            continue;
          }
        }
        fill(w, time, out);
        if (open.has(w.order.id) && w.expiresAt !== undefined && time >= w.expiresAt) {
          const filled = w.order.filledQty > 0 ? ` (${w.order.filledQty}/${w.order.qty} filled)` : '';
          finish(
            w,
            'cancelled',
            `expired: limit ₹${w.order.price.toFixed(2)} not reached within ${ENGINE_DEFAULTS.limitOrderTtlMs / 1000} s${filled}`,
            time,
            out
          );
        }
      }
      flowCredit += ((deps.ordersPerSecond + conditions.extraOrdersPerSecond) * tickMs) / 1000;
      while (flowCredit >= 1) {
        flowCredit -= 1;
        placeFlowOrder(time, out);
      }
    },
    bar(time, conditions, out) {
      if (conditions.stalled) {
        for (const book of books) {
          book.barHighPaise = book.symbol.pricePaise;
          book.barLowPaise = book.symbol.pricePaise;
        }
        return;
      }
      for (const book of books) {
        const close = book.symbol.pricePaise;
        const values = updateIndicators(book.indicators, book.barHighPaise / 100, book.barLowPaise / 100, close / 100);
        book.barHighPaise = close;
        book.barLowPaise = close;
        if (values === undefined) {
          continue;
        }
        const symbol = book.symbol.spec.symbol;
        strategyEvent(
          {
            kind: 'indicator',
            symbol,
            strategy: book.strategy,
            timeframe: ENGINE_DEFAULTS.barTimeframe,
            indicators: {
              rsi: round2(values.rsi),
              ema_20: round2(values.ema20),
              ema_50: round2(values.ema50),
              atr: round2(values.atr),
            },
            timestamp: time,
          },
          time,
          out
        );
        const holding = portfolio.holding(symbol);
        const position = { qty: holding?.qty ?? 0, entryPrice: (holding?.avgPaise ?? 0) / 100 };
        const decision = decide(book.strategy, values, close / 100, position);
        if (decision === undefined) {
          continue;
        }
        const confidence = round2(decision.confidence);
        strategyEvent(
          {
            kind: 'signal',
            symbol,
            strategy: book.strategy,
            signal: decision.signal,
            confidence,
            reason: decision.reason,
            timeframe: ENGINE_DEFAULTS.barTimeframe,
            timestamp: time,
          },
          time,
          out
        );
        strategyEvent(
          {
            kind: 'decision_trace',
            symbol,
            strategy: book.strategy,
            decision: decision.signal,
            trace: {
              reason: decision.reason,
              confidence,
              timeframe: ENGINE_DEFAULTS.barTimeframe,
              close_price: close / 100,
              rsi: round2(values.rsi),
              ema_20: round2(values.ema20),
              ema_50: round2(values.ema50),
              atr: round2(values.atr),
              position_qty: position.qty,
            },
            timestamp: time,
          },
          time,
          out
        );
        act(book, decision, values.atr * 100, time, out);
      }
      const equity = equityPaise();
      const barReturn = lastBarEquity > 0 ? equity / lastBarEquity - 1 : 0;
      lastBarEquity = equity;
      returns += 1;
      const delta = barReturn - meanReturn;
      meanReturn += delta / returns;
      m2 += delta * (barReturn - meanReturn);
      const std = returns > 1 ? Math.sqrt(m2 / (returns - 1)) : 0;
      const stats = portfolio.tradeStats();
      strategyEvent(
        {
          kind: 'performance',
          totalPnl: toRupees(equity - deps.initialCashPaise),
          winRate: stats.closed > 0 ? round2(stats.won / stats.closed) : 0,
          sharpeRatio: std > 0 ? round2((meanReturn / std) * Math.sqrt(BARS_PER_YEAR)) : 0,
          timestamp: time,
        },
        time,
        out
      );
    },
    startDay() {
      portfolio.startDay(priceOf);
    },
    positions: () => portfolio.positions(priceOf),
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
    account: (time) => portfolio.account(priceOf, pendingNotional(), time),
  };
}

/**
 * Feed each symbol `warmupBars` bars of synthetic history (GBM at its volatility) ending at its
 * opening price, so indicators are warm and strategies trade from the first bar.
 */
function warmUp(books: readonly SymbolBook[], random: Random): void {
  const barYears = ENGINE_DEFAULTS.barMs / (252 * 6.25 * 3_600_000);
  for (const book of books) {
    const sigma = book.symbol.spec.volatility * Math.sqrt(barYears);
    const closes: number[] = [1];
    for (let i = 1; i < ENGINE_DEFAULTS.warmupBars; i++) {
      closes.push(closes[i - 1] * Math.exp(sigma * random.normal() - (sigma * sigma) / 2));
    }
    const scale = book.symbol.spec.price / closes[closes.length - 1];
    for (let i = 0; i < closes.length; i++) {
      const close = closes[i] * scale;
      const open = i === 0 ? close : closes[i - 1] * scale;
      const wick = 1 + Math.abs(random.normal()) * sigma * 0.5;
      updateIndicators(book.indicators, Math.max(open, close) * wick, Math.min(open, close) / wick, close);
    }
  }
}
