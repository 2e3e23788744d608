import { Faker, en } from '@faker-js/faker';
import { NSE_SYMBOLS, resolveSymbols, symbolSpecFor } from './symbols';

function faker(seed: number) {
  const f = new Faker({ locale: [en] });
  f.seed(seed);
  return f;
}

describe('resolveSymbols', () => {
  it('defaults to about twenty NSE symbols at realistic levels', () => {
    const specs = resolveSymbols(undefined, undefined, 1, faker(1));
    expect(specs.length).toBe(20);
    expect(specs.map((s) => s.symbol)).toEqual(expect.arrayContaining(['RELIANCE', 'TCS', 'INFY', 'HDFCBANK']));
  });

  it('invents unique, deterministic NSE-looking names up to a count of 500', () => {
    const a = resolveSymbols(undefined, 500, 1, faker(9));
    const b = resolveSymbols(undefined, 500, 1, faker(9));
    expect(a).toEqual(b);
    expect(new Set(a.map((s) => s.symbol)).size).toBe(500);
    expect(a.slice(0, 20)).toEqual(NSE_SYMBOLS);
    for (const spec of a.slice(20)) {
      expect(spec.symbol).toMatch(/^[A-Z0-9]{1,20}$/);
      expect(spec.price).toBeGreaterThanOrEqual(50);
      expect(spec.price).toBeLessThanOrEqual(5000);
    }
  });

  it('gives an unknown name a level derived from the name alone', () => {
    expect(symbolSpecFor('ACME', 1)).toEqual(symbolSpecFor('ACME', 1));
    expect(resolveSymbols(['tcs', 'ACME'], undefined, 1, faker(1))).toEqual([NSE_SYMBOLS[1], symbolSpecFor('ACME', 1)]);
  });

  it.each([
    [['TCS', 'TCS'], /listed twice/],
    [['TC S'], /Invalid symbol "TC S"/],
    [[{ symbol: 'X', price: 0, volatility: 0.2 }], /Invalid price 0 for X/],
    [[{ symbol: 'X', price: 10, volatility: -1 }], /Invalid volatility -1 for X/],
  ])('rejects %j, saying why', (symbols, why) => {
    expect(() => resolveSymbols(symbols, undefined, 1, faker(1))).toThrow(why);
  });

  it('rejects a count below one', () => {
    expect(() => resolveSymbols(undefined, 0, 1, faker(1))).toThrow(/Invalid symbol count 0/);
  });
});
