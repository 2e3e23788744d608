/**
 * Cash, positions and P&L. Quantities are signed internally (negative = short); money is in
 * integer paise, so `equity = cash + Σ marketValue` holds exactly (marketValue is signed: a
 * short is worth minus what it costs to buy back). No fees or taxes are modelled.
 *
 * A fill of signed quantity f at price p on a position q with average entry a:
 * - same direction (or flat): a ← (|q|·a + |f|·p) / (|q| + |f|), q ← q + f;
 * - opposite direction: min(|f|, |q|) shares close and realise (p − a) per share in the
 *   position's direction; any remainder opens a new position the other way at p.
 */
import type { AccountMetrics, Position } from '../../src/protocol';
import { percentOf, round2, toRupees } from './money';

export interface Holding {
  readonly symbol: string;
  /** Signed quantity: > 0 long, < 0 short. */
  qty: number;
  /** Volume-weighted average entry price in paise (fractional). */
  avgPaise: number;
  /** Realised since this position was opened (for win/loss statistics). */
  realizedPaise: number;
}

/** What one fill did to a position. */
export interface FillOutcome {
  before: number;
  after: number;
  /** Realised by this fill (paise). */
  realizedPaise: number;
  opened: boolean;
  /** The position went flat or flipped: the closed position's total realised P&L. */
  closedRealizedPaise?: number;
}

export interface Portfolio {
  cashPaise(): number;
  holding(symbol: string): Holding | undefined;
  holdings(): Iterable<Holding>;
  applyFill(symbol: string, signedQty: number, pricePaise: number): FillOutcome;
  /** Σ qty × price (signed), paise. */
  marketValuePaise(priceOf: (symbol: string) => number): number;
  grossExposurePaise(priceOf: (symbol: string) => number): number;
  positions(priceOf: (symbol: string) => number): Position[];
  account(priceOf: (symbol: string) => number, pendingNotionalPaise: number, time: number): AccountMetrics;
  /** Start a trading day: day P&L is measured from the equity now. */
  startDay(priceOf: (symbol: string) => number): void;
  /** Closed positions and how many of them made money. */
  tradeStats(): { closed: number; won: number };
  realizedPaise(): number;
}

export function createPortfolio(initialCashPaise: number, marginMultiplier: number): Portfolio {
  let cash = initialCashPaise;
  let realized = 0;
  let dayStartEquity = initialCashPaise;
  let closed = 0;
  let won = 0;
  const book = new Map<string, Holding>();

  const marketValue = (priceOf: (symbol: string) => number) => {
    let total = 0;
    for (const h of book.values()) {
      total += h.qty * priceOf(h.symbol);
    }
    return total;
  };

  return {
    cashPaise: () => cash,
    holding: (symbol) => book.get(symbol),
    holdings: () => book.values(),
    applyFill(symbol, signedQty, pricePaise) {
      if (!Number.isSafeInteger(signedQty) || signedQty === 0 || !Number.isSafeInteger(pricePaise) || pricePaise <= 0) {
        throw new Error(
          `Invalid fill ${signedQty} ${symbol} @ ${pricePaise} paise: expected a non-zero whole quantity and a positive price.`
        );
      }
      cash -= signedQty * pricePaise;
      const h = book.get(symbol) ?? { symbol, qty: 0, avgPaise: 0, realizedPaise: 0 };
      const before = h.qty;
      const outcome: FillOutcome = { before, after: before + signedQty, realizedPaise: 0, opened: before === 0 };
      if (before === 0 || Math.sign(before) === Math.sign(signedQty)) {
        h.avgPaise =
          (Math.abs(before) * h.avgPaise + Math.abs(signedQty) * pricePaise) / (Math.abs(before) + Math.abs(signedQty));
        h.qty = before + signedQty;
      } else {
        const closing = Math.min(Math.abs(signedQty), Math.abs(before));
        const gain = closing * (pricePaise - h.avgPaise) * Math.sign(before);
        outcome.realizedPaise = gain;
        realized += gain;
        h.realizedPaise += gain;
        h.qty = before + signedQty;
        if (h.qty === 0 || Math.sign(h.qty) !== Math.sign(before)) {
          outcome.closedRealizedPaise = h.realizedPaise;
          closed += 1;
          won += h.realizedPaise > 0 ? 1 : 0;
          h.realizedPaise = 0;
          if (h.qty !== 0) {
            // Flipped: the remainder is a new position opened at this fill's price.
            h.avgPaise = pricePaise;
            outcome.opened = true;
          }
        }
      }
      if (h.qty === 0) {
        book.delete(symbol);
      } else {
        book.set(symbol, h);
      }
      return outcome;
    },
    marketValuePaise: marketValue,
    grossExposurePaise(priceOf) {
      let total = 0;
      for (const h of book.values()) {
        total += Math.abs(h.qty) * priceOf(h.symbol);
      }
      return total;
    },
    positions(priceOf) {
      const out: Position[] = [];
      for (const h of book.values()) {
        const price = priceOf(h.symbol);
        const direction = Math.sign(h.qty);
        out.push({
          symbol: h.symbol,
          qty: Math.abs(h.qty),
          side: direction > 0 ? 'long' : 'short',
          entryPrice: round2(toRupees(h.avgPaise)),
          currentPrice: toRupees(price),
          unrealizedPL: round2(toRupees((price - h.avgPaise) * h.qty)),
          unrealizedPLPercent: percentOf((price - h.avgPaise) * direction, h.avgPaise),
          marketValue: toRupees(h.qty * price),
        });
      }
      return out.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
    },
    account(priceOf, pendingNotionalPaise, time) {
      const value = marketValue(priceOf);
      const equity = cash + value;
      let gross = 0;
      for (const h of book.values()) {
        gross += Math.abs(h.qty) * priceOf(h.symbol);
      }
      const dayPL = equity - dayStartEquity;
      const totalPL = equity - initialCashPaise;
      return {
        equity: toRupees(equity),
        cash: toRupees(cash),
        buyingPower: toRupees(Math.max(0, marginMultiplier * equity - gross - pendingNotionalPaise)),
        portfolioValue: toRupees(value),
        dayPL: toRupees(dayPL),
        dayPLPercent: dayStartEquity > 0 ? percentOf(dayPL, dayStartEquity) : 0,
        totalPL: toRupees(totalPL),
        totalPLPercent: percentOf(totalPL, initialCashPaise),
        timestamp: time,
      };
    },
    startDay(priceOf) {
      dayStartEquity = cash + marketValue(priceOf);
    },
    tradeStats: () => ({ closed, won }),
    realizedPaise: () => realized,
  };
}
