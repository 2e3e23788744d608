/**
 * The strategy bar: at each bar close (every minute, or every 5 s in the lively profile), every
 * symbol's indicators are updated from the bar's high, low and close; its strategy decides; the
 * bar emits an `indicator` event per symbol, a `signal` and a `decision_trace` per decision (the
 * trace also as an activity entry), acts on the decision through the order lifecycle, ranks the
 * universe (`universe_scan`) and ends with one `performance` event (total P&L, win rate,
 * annualised Sharpe of per-bar equity returns). Each fill becomes a `position` event and feeds
 * the per-strategy statistics that `engine_health` reports.
 *
 * Joining a session under way (the lively profile's start): about a third of the strategies
 * already hold a position, entered within half an ATR of the current price in the direction their
 * indicators lean (so no stop or target is hit yet), and about a fifth place an entry order at
 * once. The positions go through the portfolio like any fill, so the account arithmetic holds.
 */
import type { Order, OrderSide, StrategyEvent } from '../../src/protocol';
import type { ActivityFactory } from './activity';
import { ENGINE_DEFAULTS } from './defaults';
import { TRADING_YEAR_MS, type Market, type MarketSymbol } from './market';
import { round2, TICK_PAISE, toRupees } from './money';
import type { OrderLifecycle } from './orderLifecycle';
import type { FillOutcome, Portfolio } from './portfolio';
import type { Random } from './random';
import { createSharpeRatio } from './sharpeRatio';
import { positionStrategyEvent } from './strategyMirror';
import { createStrategyStats } from './strategyStats';
import { decisionActivity, sessionJoinedActivity } from './tradingActivity';
import { universeScanEvent } from './universeBuilder';
import {
  createIndicatorState,
  decide,
  STRATEGY_NAMES,
  updateIndicators,
  warmUp,
  type Decision,
  type IndicatorState,
  type StrategyName,
} from './strategies';
import type { EngineEvent } from './types';

export interface StrategyBarDeps {
  market: Market;
  random: Random;
  portfolio: Portfolio;
  orders: OrderLifecycle;
  equityPaise: () => number;
  activity: ActivityFactory;
  initialCashPaise: number;
  barMs: number;
  /** The bar as strategy events name it, e.g. `1m`. */
  timeframe: string;
}

export interface StrategyBar {
  /** One market tick: widen each symbol's bar high and low to the current price. */
  track(): void;
  /** The bar close: indicators → decisions → strategy events and orders, then performance. */
  close(time: number, out: EngineEvent[]): void;
  /** A bar skipped (the engine is stalled): the next bar starts from the current prices. */
  skip(): void;
  /** Start as if the session were under way: open positions now, entry orders placed at `time`. */
  joinSession(time: number, out: EngineEvent[]): void;
  /** A fill reached the portfolio: mirror the position and count a closed one for its strategy. */
  recordFill(order: Order, outcome: FillOutcome, time: number, out: EngineEvent[]): void;
  /** spec 002's per-strategy metrics for `engine_health`. */
  metrics(): Record<string, unknown>;
}

interface SymbolBook {
  symbol: MarketSymbol;
  strategy: StrategyName;
  indicators: IndicatorState;
  barHighPaise: number;
  barLowPaise: number;
  /** The symbol's day volume when the bar opened (its bar volume is the difference). */
  barStartVolume: number;
}

/** Shares of the strategies holding a position, and placing an entry order, when joining a session. */
const JOIN_HOLDING_RATIO = 0.3;
const JOIN_ENTERING_RATIO = 0.2;

export function createStrategyBar(deps: StrategyBarDeps): StrategyBar {
  const { random, portfolio, orders, equityPaise, timeframe } = deps;
  const books: SymbolBook[] = deps.market.symbols.map((symbol, index) => ({
    symbol,
    strategy: STRATEGY_NAMES[index % STRATEGY_NAMES.length],
    indicators: createIndicatorState(),
    barHighPaise: symbol.pricePaise,
    barLowPaise: symbol.pricePaise,
    barStartVolume: symbol.volume,
  }));
  const bookOf = new Map(books.map((book) => [book.symbol.spec.symbol, book]));
  const stats = createStrategyStats(STRATEGY_NAMES);
  for (const book of books) {
    warmUp(book.indicators, book.symbol.spec, deps.barMs, random);
  }
  // Bars per trading year (252 sessions of 6¼ h), to annualise the Sharpe ratio.
  const sharpe = createSharpeRatio(TRADING_YEAR_MS / deps.barMs);
  let lastBarEquity = deps.initialCashPaise;

  function act(book: SymbolBook, decision: Decision, atrPaise: number, time: number, out: EngineEvent[]): void {
    const symbol = book.symbol;
    const held = portfolio.holding(symbol.spec.symbol)?.qty ?? 0;
    const working = orders.workingFor(symbol);
    if (decision.signal === 'EXIT') {
      if (held === 0 || working.some((w) => w.isExit)) {
        return;
      }
      for (const w of working) {
        orders.cancel(w, 'cancelled: superseded by an EXIT signal', time, out);
      }
      const side = held > 0 ? 'sell' : 'buy';
      orders.place(
        { symbol, side, qty: Math.abs(held), strategy: book.strategy, isExit: true, exitReason: decision.reason },
        time,
        out
      );
      return;
    }
    if (working.length > 0) {
      return;
    }
    enter(book, decision.signal === 'BUY' ? 'buy' : 'sell', atrPaise, time, out);
  }

  /** A new position's size: a fixed share of equity. */
  function entryQty(symbol: MarketSymbol): number {
    return Math.max(1, Math.floor((equityPaise() * ENGINE_DEFAULTS.positionSizeRatio) / symbol.pricePaise));
  }

  function enter(book: SymbolBook, side: OrderSide, atrPaise: number, time: number, out: EngineEvent[]): void {
    const symbol = book.symbol;
    const qty = entryQty(symbol);
    let limitPaise: number | undefined;
    if (random.chance(0.4)) {
      // A passive limit a quarter of an ATR inside the market, on the tick grid.
      const offset = Math.max(TICK_PAISE, Math.round(atrPaise / 4 / TICK_PAISE) * TICK_PAISE);
      limitPaise = Math.max(TICK_PAISE, side === 'buy' ? symbol.pricePaise - offset : symbol.pricePaise + offset);
    }
    orders.place({ symbol, side, qty, strategy: book.strategy, limitPaise, isExit: false }, time, out);
  }

  /** The side a strategy's indicators lean to now: the EMA trend, or against the RSI's side of 50. */
  function leaning(book: SymbolBook): OrderSide {
    const { ema20, ema50, rsi } = book.indicators;
    if (book.strategy === 'momentum') {
      return (ema20.value ?? 0) >= (ema50.value ?? 0) ? 'buy' : 'sell';
    }
    return (rsi.value ?? 50) <= 50 ? 'buy' : 'sell';
  }

  function joinSession(time: number, out: EngineEvent[]): void {
    // A seeded shuffle picks which strategies hold and which enter.
    const picks = books.map((_, i) => i);
    for (let i = picks.length - 1; i > 0; i--) {
      const j = random.int(0, i);
      [picks[i], picks[j]] = [picks[j], picks[i]];
    }
    const holding = Math.max(1, Math.round(books.length * JOIN_HOLDING_RATIO));
    const entering = Math.min(books.length - holding, Math.max(1, Math.round(books.length * JOIN_ENTERING_RATIO)));
    for (const index of picks.slice(0, holding)) {
      const { symbol, indicators } = books[index];
      const atrPaise = (indicators.atr.value ?? 0) * 100;
      const qty = entryQty(symbol);
      const entry = symbol.pricePaise + random.between(-0.5, 0.5) * atrPaise;
      const entryPaise = Math.max(TICK_PAISE, Math.round(entry / TICK_PAISE) * TICK_PAISE);
      const signed = leaning(books[index]) === 'buy' ? qty : -qty;
      portfolio.applyFill(symbol.spec.symbol, signed, entryPaise, {
        time,
        strategy: books[index].strategy,
        referencePaise: entryPaise,
      });
      strategyEvent(
        positionStrategyEvent(symbol.spec.symbol, signed, entryPaise, books[index].strategy, time),
        time,
        out
      );
    }
    out.push({ channel: 'activity', time, data: sessionJoinedActivity(deps.activity, holding, entering, time) });
    for (const index of picks.slice(holding, holding + entering)) {
      const book = books[index];
      enter(book, leaning(book), (book.indicators.atr.value ?? 0) * 100, time, out);
    }
  }

  /** Shares traded in the bar so far (the day's volume restarts at a day roll). */
  function barVolume(book: SymbolBook): number {
    const volume = book.symbol.volume;
    return volume >= book.barStartVolume ? volume - book.barStartVolume : volume;
  }

  function strategyEvent(data: StrategyEvent, time: number, out: EngineEvent[]): void {
    out.push({ channel: 'strategy', time, data });
  }

  function evaluate(book: SymbolBook, time: number, out: EngineEvent[]): void {
    const close = book.symbol.pricePaise;
    const values = updateIndicators(book.indicators, book.barHighPaise / 100, book.barLowPaise / 100, close / 100);
    book.barHighPaise = close;
    book.barLowPaise = close;
    if (values === undefined) {
      return;
    }
    const symbol = book.symbol.spec.symbol;
    strategyEvent(
      {
        kind: 'indicator',
        symbol,
        strategy: book.strategy,
        timeframe: timeframe,
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
      return;
    }
    const confidence = round2(decision.confidence);
    stats.signal(book.strategy, confidence);
    strategyEvent(
      {
        kind: 'signal',
        symbol,
        strategy: book.strategy,
        signal: decision.signal,
        confidence,
        reason: decision.reason,
        timeframe: timeframe,
        timestamp: time,
      },
      time,
      out
    );
    const trace = {
      reason: decision.reason,
      confidence,
      timeframe: timeframe,
      close_price: close / 100,
      rsi: round2(values.rsi),
      ema_20: round2(values.ema20),
      ema_50: round2(values.ema50),
      atr: round2(values.atr),
      position_qty: position.qty,
    };
    strategyEvent(
      { kind: 'decision_trace', symbol, strategy: book.strategy, decision: decision.signal, trace, timestamp: time },
      time,
      out
    );
    const traced = { strategy: book.strategy, symbol, decision: decision.signal, trace };
    out.push({ channel: 'activity', time, data: decisionActivity(deps.activity, traced, time) });
    act(book, decision, values.atr * 100, time, out);
  }

  return {
    track() {
      for (const book of books) {
        const price = book.symbol.pricePaise;
        if (price > book.barHighPaise) {
          book.barHighPaise = price;
        }
        if (price < book.barLowPaise) {
          book.barLowPaise = price;
        }
      }
    },
    close(time, out) {
      const candidates = books.map((book) => ({
        symbol: book.symbol.spec.symbol,
        liquidity: barVolume(book) * toRupees(book.symbol.pricePaise),
        volatilityPercent: 0,
      }));
      for (const book of books) {
        evaluate(book, time, out);
      }
      books.forEach((book, index) => {
        const atr = book.indicators.atr.value ?? 0;
        candidates[index].volatilityPercent = book.symbol.pricePaise > 0 ? (atr * 10_000) / book.symbol.pricePaise : 0;
        book.barStartVolume = book.symbol.volume;
      });
      strategyEvent(universeScanEvent(candidates, timeframe, time), time, out);
      const equity = equityPaise();
      sharpe.add(lastBarEquity > 0 ? equity / lastBarEquity - 1 : 0);
      lastBarEquity = equity;
      const stats = portfolio.tradeStats();
      strategyEvent(
        {
          kind: 'performance',
          totalPnl: toRupees(equity - deps.initialCashPaise),
          winRate: stats.closed > 0 ? round2(stats.won / stats.closed) : 0,
          sharpeRatio: round2(sharpe.value()),
          timestamp: time,
        },
        time,
        out
      );
    },
    joinSession,
    skip() {
      for (const book of books) {
        book.barHighPaise = book.symbol.pricePaise;
        book.barLowPaise = book.symbol.pricePaise;
        book.barStartVolume = book.symbol.volume;
      }
    },
    recordFill(order, outcome, time, out) {
      const book = bookOf.get(order.symbol);
      if (book === undefined) {
        return;
      }
      const held = portfolio.holding(order.symbol);
      strategyEvent(
        positionStrategyEvent(order.symbol, outcome.after, held?.avgPaise ?? 0, book.strategy, time),
        time,
        out
      );
      if (outcome.closedRealizedPaise !== undefined) {
        stats.closed(book.strategy, outcome.closedRealizedPaise);
      }
    },
    metrics() {
      const open = new Map<string, number>();
      for (const holding of portfolio.holdings()) {
        const strategy = bookOf.get(holding.symbol)?.strategy;
        if (strategy !== undefined) {
          open.set(strategy, (open.get(strategy) ?? 0) + 1);
        }
      }
      return stats.metrics(open);
    },
  };
}
