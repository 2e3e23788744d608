/**
 * The two strategies, as pure decisions over one symbol's indicators at a bar close:
 * - momentum: enter on an EMA 20/50 crossover confirmed by RSI on the same side of 50; exit on
 *   the opposite crossover, a 2×ATR stop or a 4×ATR target;
 * - mean reversion: buy RSI < 30, sell RSI > 70; exit when RSI is back through 50 or on a
 *   3×ATR stop.
 * Plus the indicator state they read and its warm-up from synthetic history.
 */
import type { Signal } from '../../src/protocol';
import { ENGINE_DEFAULTS } from './defaults';
import {
  createAtr,
  createEma,
  createRsi,
  updateAtr,
  updateEma,
  updateRsi,
  type Atr,
  type Ema,
  type Rsi,
} from './indicators';
import { TRADING_YEAR_MS } from './market';
import type { Random } from './random';
import type { SymbolSpec } from './types';

export const STRATEGY_NAMES = ['momentum', 'mean_reversion'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

export interface IndicatorState {
  ema20: Ema;
  ema50: Ema;
  rsi: Rsi;
  atr: Atr;
  /** EMA 20 − EMA 50 at the previous bar, to detect crossovers. */
  previousSpread: number | undefined;
}

export interface IndicatorValues {
  rsi: number;
  ema20: number;
  ema50: number;
  atr: number;
  previousSpread: number | undefined;
}

export function createIndicatorState(): IndicatorState {
  return {
    ema20: createEma(20),
    ema50: createEma(50),
    rsi: createRsi(14),
    atr: createAtr(14),
    previousSpread: undefined,
  };
}

/** Feed one bar; returns the indicators once every one of them is warm. */
export function updateIndicators(
  state: IndicatorState,
  high: number,
  low: number,
  close: number
): IndicatorValues | undefined {
  const previousSpread =
    state.ema20.value !== undefined && state.ema50.value !== undefined
      ? state.ema20.value - state.ema50.value
      : undefined;
  const ema20 = updateEma(state.ema20, close);
  const ema50 = updateEma(state.ema50, close);
  const rsi = updateRsi(state.rsi, close);
  const atr = updateAtr(state.atr, high, low, close);
  state.previousSpread = previousSpread;
  if (rsi === undefined || atr === undefined) {
    return undefined;
  }
  return { rsi, ema20, ema50, atr, previousSpread };
}

/**
 * Feed `warmupBars` bars of `barMs` of synthetic history (GBM at the symbol's volatility) ending
 * at its opening price, so the indicators are warm and the strategy trades from the first bar.
 */
export function warmUp(
  state: IndicatorState,
  spec: Pick<SymbolSpec, 'price' | 'volatility'>,
  barMs: number,
  random: Random
): void {
  const sigma = spec.volatility * Math.sqrt(barMs / TRADING_YEAR_MS);
  const closes: number[] = [1];
  for (let i = 1; i < ENGINE_DEFAULTS.warmupBars; i++) {
    closes.push(closes[i - 1] * Math.exp(sigma * random.normal() - (sigma * sigma) / 2));
  }
  const scale = spec.price / closes[closes.length - 1];
  for (let i = 0; i < closes.length; i++) {
    const close = closes[i] * scale;
    const open = i === 0 ? close : closes[i - 1] * scale;
    const wick = 1 + Math.abs(random.normal()) * sigma * 0.5;
    updateIndicators(state, Math.max(open, close) * wick, Math.min(open, close) / wick, close);
  }
}

export interface Decision {
  signal: Signal;
  confidence: number;
  reason: string;
}

/** The position a strategy sees: signed quantity and average entry (rupees). */
export interface PositionView {
  qty: number;
  entryPrice: number;
}

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));

export function decide(
  strategy: StrategyName,
  v: IndicatorValues,
  close: number,
  position: PositionView
): Decision | undefined {
  return strategy === 'momentum' ? momentum(v, close, position) : meanReversion(v, close, position);
}

function momentum(v: IndicatorValues, close: number, position: PositionView): Decision | undefined {
  const spread = v.ema20 - v.ema50;
  const crossedUp = v.previousSpread !== undefined && v.previousSpread <= 0 && spread > 0;
  const crossedDown = v.previousSpread !== undefined && v.previousSpread >= 0 && spread < 0;
  const strength = v.atr > 0 ? Math.abs(spread) / v.atr : 0;
  if (position.qty === 0) {
    if (crossedUp && v.rsi > 50) {
      return {
        signal: 'BUY',
        confidence: clamp01(0.55 + (v.rsi - 50) / 100 + strength * 0.1),
        reason: 'EMA 20/50 bullish crossover + RSI above 50',
      };
    }
    if (crossedDown && v.rsi < 50) {
      return {
        signal: 'SELL',
        confidence: clamp01(0.55 + (50 - v.rsi) / 100 + strength * 0.1),
        reason: 'EMA 20/50 bearish crossover + RSI below 50',
      };
    }
    return undefined;
  }
  const long = position.qty > 0;
  const move = (close - position.entryPrice) * (long ? 1 : -1);
  if ((long && crossedDown) || (!long && crossedUp)) {
    return { signal: 'EXIT', confidence: 0.7, reason: 'EMA crossover against the position' };
  }
  if (v.atr > 0 && move <= -2 * v.atr) {
    return { signal: 'EXIT', confidence: 0.9, reason: 'stop loss: 2×ATR against the position' };
  }
  if (v.atr > 0 && move >= 4 * v.atr) {
    return { signal: 'EXIT', confidence: 0.8, reason: 'take profit: 4×ATR in favour' };
  }
  return undefined;
}

function meanReversion(v: IndicatorValues, close: number, position: PositionView): Decision | undefined {
  if (position.qty === 0) {
    if (v.rsi < 30) {
      return { signal: 'BUY', confidence: clamp01(0.5 + (30 - v.rsi) / 40), reason: 'RSI oversold (< 30)' };
    }
    if (v.rsi > 70) {
      return { signal: 'SELL', confidence: clamp01(0.5 + (v.rsi - 70) / 40), reason: 'RSI overbought (> 70)' };
    }
    return undefined;
  }
  const long = position.qty > 0;
  const move = (close - position.entryPrice) * (long ? 1 : -1);
  if ((long && v.rsi >= 50) || (!long && v.rsi <= 50)) {
    return { signal: 'EXIT', confidence: 0.75, reason: 'RSI back to neutral (50)' };
  }
  if (v.atr > 0 && move <= -3 * v.atr) {
    return { signal: 'EXIT', confidence: 0.9, reason: 'stop loss: 3×ATR against the position' };
  }
  return undefined;
}
