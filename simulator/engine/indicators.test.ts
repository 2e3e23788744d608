import { createAtr, createEma, createRsi, updateAtr, updateEma, updateRsi } from './indicators';

describe('updateEma', () => {
  it('starts at the first value and then moves by 2/(n+1) of each difference', () => {
    const ema = createEma(3); // alpha 0.5
    expect(updateEma(ema, 10)).toBe(10);
    expect(updateEma(ema, 20)).toBe(15);
    expect(updateEma(ema, 15)).toBe(15);
    expect(updateEma(ema, 7)).toBe(11);
  });
});

describe('updateRsi', () => {
  it('is undefined until `period` changes, then follows Wilder by hand', () => {
    const rsi = createRsi(2);
    expect(updateRsi(rsi, 10)).toBeUndefined();
    expect(updateRsi(rsi, 12)).toBeUndefined(); // +2
    // second change −1: avg gain 1, avg loss 0.5 → RS 2 → RSI 66.67
    expect(updateRsi(rsi, 11)).toBeCloseTo(66.6667, 3);
    // change +3: gain (1·1 + 3)/2 = 2, loss (0.5·1 + 0)/2 = 0.25 → RS 8 → RSI 88.89
    expect(updateRsi(rsi, 14)).toBeCloseTo(88.8889, 3);
  });

  it('is 100 when prices only rise and 0 when they only fall', () => {
    const up = createRsi(3);
    const down = createRsi(3);
    let last: number | undefined;
    let lastDown: number | undefined;
    for (let i = 0; i < 6; i++) {
      last = updateRsi(up, 100 + i);
      lastDown = updateRsi(down, 100 - i);
    }
    expect(last).toBe(100);
    expect(lastDown).toBe(0);
  });
});

describe('updateAtr', () => {
  it('averages true ranges over the first period, then smooths by Wilder', () => {
    const atr = createAtr(2);
    expect(updateAtr(atr, 12, 10, 11)).toBeUndefined(); // TR 2
    // TR = max(13 − 11, |13 − 11|, |11 − 11|) = 2 → ATR (2 + 2)/2 = 2
    expect(updateAtr(atr, 13, 11, 12)).toBe(2);
    // a gap: high 16, low 15, prev close 12 → TR 4 → (2·1 + 4)/2 = 3
    expect(updateAtr(atr, 16, 15, 15.5)).toBe(3);
  });
});
