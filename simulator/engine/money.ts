/**
 * Money is kept in integer paise (1/100 INR) and prices on the NSE tick of 5 paise, so cash,
 * market values and equity add up exactly; rupees appear only at the edge, on the wire.
 */

/** NSE tick size in paise (₹0.05). */
export const TICK_PAISE = 5;

export function toPaise(rupees: number): number {
  return Math.round(rupees * 100);
}

export function toRupees(paise: number): number {
  return paise / 100;
}

/** The nearest valid tick price in paise, never below one tick (prices stay positive). */
export function toTickPaise(rupees: number): number {
  return Math.max(TICK_PAISE, Math.round((rupees * 100) / TICK_PAISE) * TICK_PAISE);
}

/** Round to two decimals (percentages and ratios shown to people). */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

export function formatInr(paise: number): string {
  return `₹${(paise / 100).toFixed(2)}`;
}

/** `part` as a percentage of `whole`, to two decimals (scaled first so 225/100000 gives 0.23, not 0.22). */
export function percentOf(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part * 10_000) / whole) / 100;
}
