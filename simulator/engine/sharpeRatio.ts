/**
 * The annualised Sharpe ratio of a stream of per-period returns (no risk-free rate), kept
 * incrementally with Welford's running mean and variance so each new return costs O(1).
 */

export interface SharpeRatio {
  /** Add one period's return (e.g. 0.01 for +1%). */
  add(periodReturn: number): void;
  /** mean / sample standard deviation × √periodsPerYear; 0 until the returns vary. */
  value(): number;
}

export function createSharpeRatio(periodsPerYear: number): SharpeRatio {
  let count = 0;
  let mean = 0;
  let m2 = 0;
  return {
    add(periodReturn) {
      count += 1;
      const delta = periodReturn - mean;
      mean += delta / count;
      m2 += delta * (periodReturn - mean);
    },
    value() {
      const std = count > 1 ? Math.sqrt(m2 / (count - 1)) : 0;
      return std > 0 ? (mean / std) * Math.sqrt(periodsPerYear) : 0;
    },
  };
}
