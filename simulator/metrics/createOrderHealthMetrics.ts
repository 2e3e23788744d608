/**
 * The order-health series trading ops watch (docs/alerting.md), derived from telemetry events so
 * the simulator and the bridge export the same thing:
 * - order messages, rejections and fills per symbol (counters; reject rate, order-to-fill ratio
 *   and message rate are PromQL over them);
 * - the age of each symbol's last market-data tick, computed when Prometheus scrapes;
 * - the trading state and the order message rate limit, when the backend reports them (the
 *   `trading` extension of `health:update`), and whether it does.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import {
  TRADING_STATES,
  type MarketData,
  type Order,
  type OrderUpdateType,
  type Quote,
  type SystemHealth,
} from '../../src/protocol';

export interface OrderHealthMetrics {
  order(type: OrderUpdateType, order: Order): void;
  /** One `market:update` (quotes by symbol) or a REST market snapshot. */
  market(quotes: Record<string, Quote> | MarketData[], eventTimestamp: number): void;
  health(health: SystemHealth): void;
}

export interface OrderHealthOptions {
  /** Observer's clock, epoch ms (tick ages are measured on it, so backend clock skew does not matter). */
  now: () => number;
  /** Told when the backend starts or stops reporting its trading state (the bridge logs it). */
  onTradingStateReported?: (reported: boolean) => void;
}

const MS_PER_SECOND = 1000;
const FILL_TYPES: ReadonlySet<string> = new Set(['partial_fill', 'filled']);

type OrderCount = 'messages' | 'rejections' | 'fills';

export function createOrderHealthMetrics(registry: Registry, options: OrderHealthOptions): OrderHealthMetrics {
  const { now } = options;
  /**
   * Per symbol, the order messages, rejections and fills not yet added to their counters. Events
   * arrive thousands of times a second and Prometheus reads a few times a minute, so each event
   * adds to a plain number and the counters take the sums when scraped: a labelled `inc` per
   * event (label hashing, a series lookup) was a visible share of a busy server's CPU.
   */
  const unsent = new Map<string, Record<OrderCount, number>>();
  const counter = (name: string, help: string, count: OrderCount) =>
    new Counter<'symbol'>({
      name,
      help,
      labelNames: ['symbol'],
      registers: [registry],
      collect() {
        for (const [symbol, counts] of unsent) {
          // Adding 0 still creates the series: every counter exists from a symbol's first sight,
          // so rate() counts its first order.
          this.inc({ symbol }, counts[count]);
          counts[count] = 0;
        }
      },
    });
  counter(
    'mci_order_messages_total',
    'Order submissions (each one message to the venue, rejected ones included), per symbol.',
    'messages'
  );
  counter('mci_order_rejections_total', 'Orders rejected (by the venue or the risk checks), per symbol.', 'rejections');
  counter('mci_order_fills_total', 'Fills (partial and final), per symbol.', 'fills');

  /** When each symbol's quote last changed its timestamp, on the observer's clock. */
  const lastTick = new Map<string, { timestamp: number; seenAt: number }>();
  new Gauge<'symbol'>({
    name: 'mci_market_tick_age_seconds',
    help: 'Seconds since the last new market-data tick of each symbol, measured at scrape time.',
    labelNames: ['symbol'],
    registers: [registry],
    collect() {
      const at = now();
      for (const [symbol, tick] of lastTick) {
        this.set({ symbol }, Math.max(0, at - tick.seenAt) / MS_PER_SECOND);
      }
    },
  });

  const tradingState = new Gauge<'state'>({
    name: 'mci_trading_state',
    help: 'Trading state reported by the engine: 1 for the current one (halted = kill switch engaged), 0 for the others.',
    labelNames: ['state'],
    registers: [registry],
  });
  const rateLimit = new Gauge({
    name: 'mci_trading_order_rate_limit_messages_per_second',
    help: 'The order message rate limit the engine enforces, in messages per second.',
    registers: [registry],
  });
  const reported = new Gauge({
    name: 'mci_trading_state_reported',
    help: 'Whether the backend reports its trading state and limits (1) or not (0: the kill-switch and rate-limit series are absent).',
    registers: [registry],
  });
  let isReported: boolean | undefined;

  const countsOf = (symbol: string): Record<OrderCount, number> => {
    let counts = unsent.get(symbol);
    if (counts === undefined) {
      counts = { messages: 0, rejections: 0, fills: 0 };
      unsent.set(symbol, counts);
    }
    return counts;
  };
  const tick = (symbol: string, timestamp: number, seenAt: number) => {
    const previous = lastTick.get(symbol);
    if (previous === undefined) {
      countsOf(symbol);
      lastTick.set(symbol, { timestamp, seenAt });
    } else if (previous.timestamp !== timestamp) {
      previous.timestamp = timestamp;
      previous.seenAt = seenAt;
    }
  };

  return {
    order(type, order) {
      const counts = countsOf(order.symbol);
      if (type === 'new') {
        counts.messages += 1;
      } else if (type === 'rejected') {
        counts.rejections += 1;
      } else if (FILL_TYPES.has(type)) {
        counts.fills += 1;
      }
    },
    market(quotes, eventTimestamp) {
      const seenAt = now();
      // Without a per-quote timestamp, the event's own one is all there is (docs/alerting.md).
      if (Array.isArray(quotes)) {
        for (const quote of quotes) {
          tick(quote.symbol, quote.timestamp ?? eventTimestamp, seenAt);
        }
      } else {
        for (const symbol in quotes) {
          tick(symbol, quotes[symbol].timestamp ?? eventTimestamp, seenAt);
        }
      }
    },
    health(health) {
      const trading = health.trading;
      const nowReported = trading !== undefined;
      if (nowReported !== isReported) {
        isReported = nowReported;
        reported.set(nowReported ? 1 : 0);
        options.onTradingStateReported?.(nowReported);
      }
      if (trading === undefined) {
        return;
      }
      for (const state of new Set<string>([...TRADING_STATES, trading.state])) {
        tradingState.set({ state }, state === trading.state ? 1 : 0);
      }
      if (trading.orderRateLimit !== undefined) {
        rateLimit.set(trading.orderRateLimit);
      }
    },
  };
}
