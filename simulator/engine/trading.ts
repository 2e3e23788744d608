/**
 * Trading, wired: strategies → signals → orders → fills → positions and account. The parts live
 * next to it: `strategyBar.ts` (indicators, decisions and strategy events at each bar close),
 * `orderLifecycle.ts` (placing, acknowledging, filling and expiring orders, and the synthetic
 * order flow), `tradingActivity.ts` (what the activity log says) and `portfolio.ts` (cash,
 * positions and P&L).
 */
import type { AccountMetrics, Order, Position, TradingState } from '../../src/protocol';
import type { ActivityFactory } from './activity';
import { ENGINE_DEFAULTS } from './defaults';
import type { Market, MarketSymbol } from './market';
import { createOrderLifecycle, type TradingConditions } from './orderLifecycle';
import { createPortfolio } from './portfolio';
import type { Random } from './random';
import { createStrategyBar } from './strategyBar';
import { tradingStateActivity } from './tradingActivity';
import { createTradingControls, type TradingLimits } from './tradingControls';
import type { EngineEvent } from './types';

export type { TradingConditions } from './orderLifecycle';

export interface TradingDeps {
  market: Market;
  random: Random;
  activity: ActivityFactory;
  initialCashPaise: number;
  ordersPerSecond: number;
  tickMs: number;
  /** The strategy bar and its name in strategy events (`ENGINE_PROFILES`). */
  barMs: number;
  barTimeframe: string;
  limits: TradingLimits;
  startTime: number;
}

export interface Trading {
  /** One market tick; returns the trading state when it changed (throttled, kill switch, re-armed). */
  tick(time: number, conditions: TradingConditions, out: EngineEvent[]): TradingState | undefined;
  bar(time: number, conditions: TradingConditions, out: EngineEvent[]): void;
  /** Start as if the session were under way: open positions, entry orders placed at `time`. */
  joinSession(time: number, out: EngineEvent[]): void;
  startDay(): void;
  positions(): Position[];
  /** Open orders then the most recent terminal ones, newest first. */
  orders(): Order[];
  account(time: number): AccountMetrics;
  tradingState(): TradingState;
}

export function createTrading(deps: TradingDeps): Trading {
  const { market, random } = deps;
  const portfolio = createPortfolio(deps.initialCashPaise, ENGINE_DEFAULTS.marginMultiplier);
  const bySymbol = new Map(market.symbols.map((s) => [s.spec.symbol, s]));
  const priceOf = (symbol: string) => (bySymbol.get(symbol) as MarketSymbol).pricePaise;
  const equityPaise = () => portfolio.cashPaise() + portfolio.marketValuePaise(priceOf);
  const controls = createTradingControls(deps.limits, deps.startTime);
  const orders = createOrderLifecycle({
    market,
    random,
    activity: deps.activity,
    portfolio,
    priceOf,
    equityPaise,
    ordersPerSecond: deps.ordersPerSecond,
    tickMs: deps.tickMs,
    controls,
  });
  const strategies = createStrategyBar({
    market,
    random,
    portfolio,
    orders,
    equityPaise,
    activity: deps.activity,
    initialCashPaise: deps.initialCashPaise,
    barMs: deps.barMs,
    timeframe: deps.barTimeframe,
  });

  return {
    tick(time, conditions, out) {
      strategies.track();
      if (conditions.stalled) {
        return undefined;
      }
      orders.tick(time, conditions, out);
      const changed = controls.update(time);
      if (changed !== undefined) {
        out.push({ channel: 'activity', time, data: tradingStateActivity(deps.activity, changed, time) });
        if (changed.state === 'halted') {
          orders.cancelAll(changed.reason ?? 'kill switch engaged', time, out);
        }
      }
      return changed;
    },
    bar(time, conditions, out) {
      if (conditions.stalled || controls.halted()) {
        strategies.skip();
      } else {
        strategies.close(time, out);
      }
    },
    joinSession: (time, out) => strategies.joinSession(time, out),
    startDay() {
      portfolio.startDay(priceOf);
    },
    positions: () => portfolio.positions(priceOf),
    orders: () => orders.orders(),
    account: (time) => portfolio.account(priceOf, orders.pendingNotional(), time),
    tradingState: () => controls.state(),
  };
}
