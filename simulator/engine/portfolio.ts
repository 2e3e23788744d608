/**
 * Cash, positions and P&L. Quantities are signed internally (negative = short); money is in
 * integer paise, so `equity = cash + Σ marketValue` holds exactly (marketValue is signed: a
 * short is worth minus what it costs to buy back). No fees or taxes are modelled.
 *
 * A fill of signed quantity f at price p on a position q with average entry a:
 * - same direction (or flat): a ← (|q|·a + |f|·p) / (|q| + |f|), q ← q + f;
 * - opposite direction: min(|f|, |q|) shares close and realise (p − a) per share in the
 *   position's direction; any remainder opens a new position the other way at p.
 *
 * Each position is also a trade from open to flat: when it goes flat (or flips) the fill's
 * outcome carries a `ClosedTrade` (entry, exit, quantity, P&L, slippage, duration, reason), fed
 * by the `FillContext` each fill brings (when, which strategy, the price the order was placed at).
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
  /** The trade this position is: when and by whom it was opened, and its fills so far. */
  trade: TradeJournal;
}

/** Who made a fill, when, and against which price (slippage is measured from it). */
export interface FillContext {
  time: number;
  /** The strategy of the order (`flow` for the synthetic order flow). */
  strategy: string;
  /** The market or limit price (paise) when the order was placed: the signal price. */
  referencePaise: number;
  /** Why the order was placed, when it closes a position (an exit signal's reason). */
  reason?: string;
}

interface TradeJournal {
  openedAt: number;
  strategy: string;
  /** Σ adverse (fill − reference) × shares over every fill of the trade, paise·shares. */
  slippagePaiseShares: number;
  filledShares: number;
  exitNotionalPaise: number;
  exitShares: number;
}

/** A position from open to flat, as spec 003's trade performance records it. Money in rupees. */
export interface ClosedTrade {
  symbol: string;
  side: 'long' | 'short';
  /** The strategy whose order opened the position. */
  strategy: string;
  /** The strategy whose order closed it. */
  closedBy: string;
  entryPrice: number;
  /** Volume-weighted over the fills that reduced the position. */
  exitPrice: number;
  /** Shares closed over the trade's life. */
  qty: number;
  pnl: number;
  /** Average adverse difference between fill and signal price per share, over entry and exit fills. */
  slippage: number;
  openedAt: number;
  closedAt: number;
  reason: string;
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
  /** The position went flat or flipped: the trade it was. */
  closedTrade?: ClosedTrade;
}

export interface Portfolio {
  cashPaise(): number;
  holding(symbol: string): Holding | undefined;
  holdings(): Iterable<Holding>;
  applyFill(symbol: string, signedQty: number, pricePaise: number, context?: FillContext): FillOutcome;
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
    applyFill(symbol, signedQty, pricePaise, context = { time: 0, strategy: 'unknown', referencePaise: pricePaise }) {
      if (!Number.isSafeInteger(signedQty) || signedQty === 0 || !Number.isSafeInteger(pricePaise) || pricePaise <= 0) {
        throw new Error(
          `Invalid fill ${signedQty} ${symbol} @ ${pricePaise} paise: expected a non-zero whole quantity and a positive price.`
        );
      }
      cash -= signedQty * pricePaise;
      const h = book.get(symbol) ?? { symbol, qty: 0, avgPaise: 0, realizedPaise: 0, trade: newJournal(context) };
      const before = h.qty;
      const outcome: FillOutcome = { before, after: before + signedQty, realizedPaise: 0, opened: before === 0 };
      // Adverse slippage per share: paying more than the signal price to buy, getting less to sell.
      const slipPaise = (pricePaise - context.referencePaise) * Math.sign(signedQty);
      if (before === 0 || Math.sign(before) === Math.sign(signedQty)) {
        h.avgPaise =
          (Math.abs(before) * h.avgPaise + Math.abs(signedQty) * pricePaise) / (Math.abs(before) + Math.abs(signedQty));
        h.qty = before + signedQty;
        record(h.trade, slipPaise, Math.abs(signedQty));
      } else {
        const closing = Math.min(Math.abs(signedQty), Math.abs(before));
        const gain = closing * (pricePaise - h.avgPaise) * Math.sign(before);
        outcome.realizedPaise = gain;
        realized += gain;
        h.realizedPaise += gain;
        h.qty = before + signedQty;
        record(h.trade, slipPaise, closing);
        h.trade.exitNotionalPaise += closing * pricePaise;
        h.trade.exitShares += closing;
        if (h.qty === 0 || Math.sign(h.qty) !== Math.sign(before)) {
          outcome.closedRealizedPaise = h.realizedPaise;
          outcome.closedTrade = closedTrade(h, before, context);
          closed += 1;
          won += h.realizedPaise > 0 ? 1 : 0;
          h.realizedPaise = 0;
          if (h.qty !== 0) {
            // Flipped: the remainder is a new position (and trade) opened at this fill's price.
            h.avgPaise = pricePaise;
            h.trade = newJournal(context);
            record(h.trade, slipPaise, Math.abs(h.qty));
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

function newJournal(context: FillContext): TradeJournal {
  return {
    openedAt: context.time,
    strategy: context.strategy,
    slippagePaiseShares: 0,
    filledShares: 0,
    exitNotionalPaise: 0,
    exitShares: 0,
  };
}

function record(journal: TradeJournal, slipPaise: number, shares: number): void {
  journal.slippagePaiseShares += slipPaise * shares;
  journal.filledShares += shares;
}

function closedTrade(h: Holding, before: number, context: FillContext): ClosedTrade {
  const { trade } = h;
  return {
    symbol: h.symbol,
    side: before > 0 ? 'long' : 'short',
    strategy: trade.strategy,
    closedBy: context.strategy,
    entryPrice: round2(toRupees(h.avgPaise)),
    exitPrice: round2(toRupees(trade.exitNotionalPaise / trade.exitShares)),
    qty: trade.exitShares,
    pnl: round2(toRupees(h.realizedPaise)),
    slippage: round4(toRupees(trade.slippagePaiseShares / trade.filledShares)),
    openedAt: trade.openedAt,
    closedAt: context.time,
    reason: context.reason ?? `closed by a ${context.strategy} order`,
  };
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
