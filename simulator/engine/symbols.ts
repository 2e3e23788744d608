/**
 * The market universe: about twenty NSE large caps at realistic price levels (INR) and
 * annualised volatilities, and a deterministic way to invent more for load tests.
 */
import type { Faker } from '@faker-js/faker';
import { createRandom, deriveSeed } from './random';
import type { SymbolSpec } from './types';

export const NSE_SYMBOLS: readonly SymbolSpec[] = [
  { symbol: 'RELIANCE', price: 2450.75, volatility: 0.24 },
  { symbol: 'TCS', price: 3812.5, volatility: 0.22 },
  { symbol: 'INFY', price: 1565.3, volatility: 0.26 },
  { symbol: 'HDFCBANK', price: 1642.1, volatility: 0.21 },
  { symbol: 'ICICIBANK', price: 1085.45, volatility: 0.24 },
  { symbol: 'HINDUNILVR', price: 2398.6, volatility: 0.19 },
  { symbol: 'ITC', price: 438.25, volatility: 0.2 },
  { symbol: 'SBIN', price: 812.4, volatility: 0.3 },
  { symbol: 'BHARTIARTL', price: 1498.95, volatility: 0.23 },
  { symbol: 'KOTAKBANK', price: 1756.3, volatility: 0.23 },
  { symbol: 'LT', price: 3564.8, volatility: 0.25 },
  { symbol: 'AXISBANK', price: 1142.7, volatility: 0.27 },
  { symbol: 'ASIANPAINT', price: 2867.15, volatility: 0.22 },
  { symbol: 'MARUTI', price: 12456.9, volatility: 0.24 },
  { symbol: 'SUNPHARMA', price: 1612.55, volatility: 0.22 },
  { symbol: 'TITAN', price: 3478.2, volatility: 0.26 },
  { symbol: 'BAJFINANCE', price: 6935.4, volatility: 0.32 },
  { symbol: 'WIPRO', price: 482.35, volatility: 0.27 },
  { symbol: 'TATASTEEL', price: 152.85, volatility: 0.35 },
  { symbol: 'NTPC', price: 356.1, volatility: 0.26 },
];

const knownSymbols = new Map(NSE_SYMBOLS.map((spec) => [spec.symbol, spec]));

const SYMBOL_PATTERN = /^[A-Z0-9&_-]{1,20}$/;

/**
 * A spec for any symbol name: known NSE names get their real level; others a level and a
 * volatility derived from the name alone (so adding a symbol never changes another's).
 */
export function symbolSpecFor(name: string, seed: number): SymbolSpec {
  const known = knownSymbols.get(name);
  if (known) {
    return known;
  }
  const random = createRandom(deriveSeed(seed, `symbol:${name}`));
  // Log-uniform between ₹50 and ₹5000, rounded to the NSE tick of ₹0.05.
  const price = Math.round(Math.exp(random.between(Math.log(50), Math.log(5000))) * 20) / 20;
  return { symbol: name, price, volatility: Math.round(random.between(0.18, 0.45) * 100) / 100 };
}

/** Validate and complete a configured universe; throws an Error naming the bad entry. */
export function resolveSymbols(
  symbols: ReadonlyArray<string | SymbolSpec> | undefined,
  symbolCount: number | undefined,
  seed: number,
  faker: Faker
): SymbolSpec[] {
  let specs: SymbolSpec[];
  if (symbols !== undefined && symbols.length > 0) {
    specs = symbols.map((entry) =>
      typeof entry === 'string' ? symbolSpecFor(entry.trim().toUpperCase(), seed) : entry
    );
  } else {
    specs = NSE_SYMBOLS.slice(0, symbolCount ?? NSE_SYMBOLS.length);
  }
  if (symbolCount !== undefined) {
    if (!Number.isSafeInteger(symbolCount) || symbolCount < 1) {
      throw new Error(`Invalid symbol count ${symbolCount}: expected a whole number ≥ 1, e.g. 20 or 500.`);
    }
    specs = specs.slice(0, symbolCount);
    const taken = new Set(specs.map((spec) => spec.symbol));
    while (specs.length < symbolCount) {
      const name = inventSymbol(faker, taken);
      taken.add(name);
      specs.push(symbolSpecFor(name, seed));
    }
  }
  const seen = new Set<string>();
  for (const spec of specs) {
    if (!SYMBOL_PATTERN.test(spec.symbol)) {
      throw new Error(
        `Invalid symbol "${spec.symbol}": symbols are 1-20 capital letters, digits, &, _ or -; e.g. RELIANCE or M&M.`
      );
    }
    if (seen.has(spec.symbol)) {
      throw new Error(`Symbol ${spec.symbol} is listed twice: list each symbol once.`);
    }
    seen.add(spec.symbol);
    if (!(Number.isFinite(spec.price) && spec.price > 0)) {
      throw new Error(`Invalid price ${spec.price} for ${spec.symbol}: expected a price > 0, e.g. 2450.75.`);
    }
    if (!(Number.isFinite(spec.volatility) && spec.volatility >= 0 && spec.volatility <= 5)) {
      throw new Error(
        `Invalid volatility ${spec.volatility} for ${spec.symbol}: expected an annualised ratio between 0 and 5, e.g. 0.25.`
      );
    }
  }
  if (specs.length === 0) {
    throw new Error('The symbol list is empty: give at least one symbol, e.g. RELIANCE,TCS.');
  }
  return specs;
}

/** An NSE-looking ticker from a fake company name (e.g. "KOEPP"), unique within `taken`. */
function inventSymbol(faker: Faker, taken: ReadonlySet<string>): string {
  const base =
    faker.company
      .name()
      .toUpperCase()
      .replace(/[^A-Z]/g, '')
      .slice(0, 10) || 'SYM';
  let name = base;
  for (let suffix = 2; taken.has(name); suffix++) {
    name = `${base}${suffix}`;
  }
  return name;
}
