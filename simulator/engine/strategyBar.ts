/**
 * The strategy bar: at each one-minute bar close, every symbol's indicators are updated from the
 * bar's high, low and close; its strategy decides; the bar emits an `indicator` event per symbol,
 * a `signal` and a `decision_trace` per decision, acts on the decision through the order
 * lifecycle, and ends with one `performance` event (total P&L, win rate, annualised Sharpe of
 * per-bar equity returns).
 */
import type { StrategyEvent } from '../../src/protocol';
import { ENGINE_DEFAULTS } from './defaults';
import type { Market, MarketSymbol } from './market';
import { round2, TICK_PAISE, toRupees } from './money';
import type { OrderLifecycle } from './orderLifecycle';
import type { Portfolio } from './portfolio';
import type { Random } from './random';
import { createSharpeRatio } from './sharpeRatio';
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
  initialCashPaise: number;
}

export interface StrategyBar {
  /** One market tick: widen each symbol's bar high and low to the current price. */
  track(): void;
  /** The bar close: indicators → decisions → strategy events and orders, then performance. */
  close(time: number, out: EngineEvent[]): void;
  /** A bar skipped (the engine is stalled): the next bar starts from the current prices. */
  skip(): void;
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

export function createStrategyBar(deps: StrategyBarDeps): StrategyBar {
  const { random, portfolio, orders, equityPaise } = deps;
  const books: SymbolBook[] = deps.market.symbols.map((symbol, index) => ({
    symbol,
    strategy: STRATEGY_NAMES[index % STRATEGY_NAMES.length],
    indicators: createIndicatorState(),
    barHighPaise: symbol.pricePaise,
    barLowPaise: symbol.pricePaise,
  }));
  for (const book of books) {
    warmUp(book.indicators, book.symbol.spec, random);
  }
  const sharpe = createSharpeRatio(BARS_PER_YEAR);
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
      orders.place({ symbol, side, qty: Math.abs(held), strategy: book.strategy, isExit: true }, time, out);
      return;
    }
    if (working.length > 0) {
      return;
    }
    const qty = Math.max(1, Math.floor((equityPaise() * ENGINE_DEFAULTS.positionSizeRatio) / symbol.pricePaise));
    const side = decision.signal === 'BUY' ? 'buy' : 'sell';
    let limitPaise: number | undefined;
    if (random.chance(0.4)) {
      // A passive limit a quarter of an ATR inside the market, on the tick grid.
      const offset = Math.max(TICK_PAISE, Math.round(atrPaise / 4 / TICK_PAISE) * TICK_PAISE);
      limitPaise = Math.max(TICK_PAISE, side === 'buy' ? symbol.pricePaise - offset : symbol.pricePaise + offset);
    }
    orders.place({ symbol, side, qty, strategy: book.strategy, limitPaise, isExit: false }, time, out);
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
      return;
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
      for (const book of books) {
        evaluate(book, time, out);
      }
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
    skip() {
      for (const book of books) {
        book.barHighPaise = book.symbol.pricePaise;
        book.barLowPaise = book.symbol.pricePaise;
      }
    },
  };
}
