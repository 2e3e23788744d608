/**
 * Prices by geometric Brownian motion with per-symbol volatility, quoted on the NSE tick, with
 * open/high/low/change/volume kept consistent over the trading day (an IST calendar day; the
 * simulated market trades around the clock so a demo is never closed).
 */
import type { MarketData, Quote } from '../../src/protocol';
import { percentOf, TICK_PAISE, toRupees, toTickPaise } from './money';
import type { Random } from './random';
import type { SymbolSpec } from './types';

/** A trading year of 252 sessions of 6¼ hours (NSE 09:15-15:30), the unit of annualised volatility. */
export const TRADING_YEAR_MS = 252 * 6.25 * 3_600_000;

/** Traded value per second of an average name (INR), so share volume scales inversely with price. */
const TRADED_VALUE_PER_SECOND = 400_000;

export interface MarketSymbol {
  readonly spec: SymbolSpec;
  /** Unrounded model price (rupees); the quote is this on the tick. */
  fair: number;
  pricePaise: number;
  prevClosePaise: number;
  openPaise: number;
  highPaise: number;
  lowPaise: number;
  /** Shares traded since the day's open. */
  volume: number;
  /** Shares the market offers per tick to our orders (partial fills above it). */
  liquidityPerTick: number;
  readonly sigmaPerSqrtMs: number;
  readonly sharesPerMs: number;
  /** Time of the last tick while the feed is stopped (quotes keep it); undefined while it runs. */
  frozenAt?: number;
  lastTickAt?: number;
}

/** Extra stress a scenario puts on prices. */
export interface MarketShock {
  volatilityMultiplier: number;
  /** Log-drift per millisecond (negative in a crash). */
  driftPerMs: number;
  /** Share of the symbols (the first ones, at least one when > 0) whose feed has stopped. */
  staleShare: number;
}

export const CALM_MARKET: MarketShock = { volatilityMultiplier: 1, driftPerMs: 0, staleShare: 0 };

export interface Market {
  readonly symbols: readonly MarketSymbol[];
  /** Move every price by `dtMs` of GBM at `time`; symbols whose feed stopped keep their quote. */
  tick(dtMs: number, shock: MarketShock, time: number): void;
  /** New trading day: the last price becomes the previous close and the open. */
  rollDay(): void;
  quotes(time: number): Record<string, Quote>;
  marketData(time: number): MarketData[];
}

export function createMarket(specs: readonly SymbolSpec[], random: Random, tickMs: number): Market {
  const symbols: MarketSymbol[] = specs.map((spec) => {
    const pricePaise = toTickPaise(spec.price);
    const sharesPerMs = Math.max(0.001, TRADED_VALUE_PER_SECOND / spec.price / 1000);
    return {
      spec,
      fair: spec.price,
      pricePaise,
      prevClosePaise: pricePaise,
      openPaise: pricePaise,
      highPaise: pricePaise,
      lowPaise: pricePaise,
      volume: 0,
      liquidityPerTick: Math.max(1, Math.round(sharesPerMs * tickMs * 0.5)),
      sigmaPerSqrtMs: spec.volatility / Math.sqrt(TRADING_YEAR_MS),
      sharesPerMs,
    };
  });

  function quoteOf(s: MarketSymbol, time: number): MarketData {
    return {
      symbol: s.spec.symbol,
      price: toRupees(s.pricePaise),
      change: toRupees(s.pricePaise - s.prevClosePaise),
      changePercent: percentOf(s.pricePaise - s.prevClosePaise, s.prevClosePaise),
      volume: s.volume,
      high: toRupees(s.highPaise),
      low: toRupees(s.lowPaise),
      open: toRupees(s.openPaise),
      timestamp: s.frozenAt ?? time,
    };
  }

  return {
    symbols,
    tick(dtMs, shock, time) {
      const sqrtDt = Math.sqrt(dtMs);
      const stale = shock.staleShare > 0 ? Math.max(1, Math.ceil(shock.staleShare * symbols.length)) : 0;
      symbols.forEach((s, index) => {
        if (index < stale) {
          s.frozenAt ??= s.lastTickAt ?? time - dtMs;
          return;
        }
        s.frozenAt = undefined;
        s.lastTickAt = time;
        const sigma = s.sigmaPerSqrtMs * shock.volatilityMultiplier * sqrtDt;
        s.fair *= Math.exp(shock.driftPerMs * dtMs - (sigma * sigma) / 2 + sigma * random.normal());
        // Far below a tick the model price would stick at the floor; keep it on the grid.
        if (s.fair < TICK_PAISE / 100) {
          s.fair = TICK_PAISE / 100;
        }
        const paise = toTickPaise(s.fair);
        s.pricePaise = paise;
        if (paise > s.highPaise) {
          s.highPaise = paise;
        }
        if (paise < s.lowPaise) {
          s.lowPaise = paise;
        }
        // Turnover grows with volatility: busy markets trade more.
        s.volume += Math.round(s.sharesPerMs * dtMs * shock.volatilityMultiplier * (0.5 + random.next()));
      });
    },
    rollDay() {
      for (const s of symbols) {
        s.prevClosePaise = s.pricePaise;
        s.openPaise = s.pricePaise;
        s.highPaise = s.pricePaise;
        s.lowPaise = s.pricePaise;
        s.volume = 0;
      }
    },
    quotes(time) {
      const out: Record<string, Quote> = {};
      for (const s of symbols) {
        const { symbol: _symbol, ...quote } = quoteOf(s, time);
        out[s.spec.symbol] = quote;
      }
      return out;
    },
    marketData(time) {
      return symbols.map((s) => quoteOf(s, time));
    },
  };
}
