/**
 * Incremental indicators as spec 002 names them (rsi, ema_20, ema_50, atr): O(1) per bar, so a
 * 500-symbol universe costs 500 updates per bar. RSI and ATR use Wilder's smoothing.
 */

export interface Ema {
  readonly period: number;
  value: number | undefined;
}

export function createEma(period: number): Ema {
  return { period, value: undefined };
}

export function updateEma(ema: Ema, x: number): number {
  const alpha = 2 / (ema.period + 1);
  ema.value = ema.value === undefined ? x : ema.value + alpha * (x - ema.value);
  return ema.value;
}

export interface Rsi {
  readonly period: number;
  previous: number | undefined;
  count: number;
  avgGain: number;
  avgLoss: number;
  value: number | undefined;
}

export function createRsi(period: number): Rsi {
  return { period, previous: undefined, count: 0, avgGain: 0, avgLoss: 0, value: undefined };
}

/** Wilder's RSI: a simple average of the first `period` changes, then smoothing by 1/period. */
export function updateRsi(rsi: Rsi, close: number): number | undefined {
  if (rsi.previous === undefined) {
    rsi.previous = close;
    return undefined;
  }
  const change = close - rsi.previous;
  rsi.previous = close;
  const gain = change > 0 ? change : 0;
  const loss = change < 0 ? -change : 0;
  rsi.count += 1;
  if (rsi.count <= rsi.period) {
    rsi.avgGain += gain / rsi.period;
    rsi.avgLoss += loss / rsi.period;
    if (rsi.count < rsi.period) {
      return undefined;
    }
  } else {
    rsi.avgGain = (rsi.avgGain * (rsi.period - 1) + gain) / rsi.period;
    rsi.avgLoss = (rsi.avgLoss * (rsi.period - 1) + loss) / rsi.period;
  }
  rsi.value = rsiFrom(rsi.avgGain, rsi.avgLoss);
  return rsi.value;
}

function rsiFrom(avgGain: number, avgLoss: number): number {
  if (avgLoss === 0) {
    return avgGain === 0 ? 50 : 100;
  }
  return 100 - 100 / (1 + avgGain / avgLoss);
}

export interface Atr {
  readonly period: number;
  previousClose: number | undefined;
  count: number;
  value: number | undefined;
  sum: number;
}

export function createAtr(period: number): Atr {
  return { period, previousClose: undefined, count: 0, value: undefined, sum: 0 };
}

/** Wilder's ATR over true ranges: max(high − low, |high − prev close|, |low − prev close|). */
export function updateAtr(atr: Atr, high: number, low: number, close: number): number | undefined {
  const prev = atr.previousClose;
  const trueRange = prev === undefined ? high - low : Math.max(high - low, Math.abs(high - prev), Math.abs(low - prev));
  atr.previousClose = close;
  atr.count += 1;
  if (atr.count <= atr.period) {
    atr.sum += trueRange;
    if (atr.count === atr.period) {
      atr.value = atr.sum / atr.period;
    }
    return atr.value;
  }
  atr.value = ((atr.value as number) * (atr.period - 1) + trueRange) / atr.period;
  return atr.value;
}
