import { createSharpeRatio } from './sharpeRatio';

describe('createSharpeRatio', () => {
  it.each([
    { returns: [], periodsPerYear: 1, expected: 0, why: 'no returns yet' },
    { returns: [0.05], periodsPerYear: 1, expected: 0, why: 'one return has no spread' },
    { returns: [0.01, 0.01, 0.01], periodsPerYear: 252, expected: 0, why: 'identical returns have no spread' },
    // mean 0.01, sample std √((0.01² + 0.01²) / 1) = 0.01·√2
    { returns: [0.02, 0], periodsPerYear: 1, expected: 1 / Math.SQRT2, why: 'hand-computed, one period a year' },
    { returns: [0.02, 0], periodsPerYear: 4, expected: 2 / Math.SQRT2, why: 'annualised by √4 = 2' },
    { returns: [0.02, -0.02], periodsPerYear: 252, expected: 0, why: 'zero mean return' },
    // mean −0.02, sample std √((0.01² + 0.01²) / 1) = 0.01·√2
    {
      returns: [-0.01, -0.03],
      periodsPerYear: 1,
      expected: -2 / Math.SQRT2,
      why: 'losing returns give a negative ratio',
    },
    // mean 2, deviations −1, 0, 1: sample variance 2 / 2 = 1
    { returns: [1, 2, 3], periodsPerYear: 9, expected: 6, why: 'three returns, mean 2, std 1, × √9' },
  ])(
    'gives $expected for $returns over $periodsPerYear periods a year ($why)',
    ({ returns, periodsPerYear, expected }) => {
      const sharpe = createSharpeRatio(periodsPerYear);
      for (const r of returns) {
        sharpe.add(r);
      }
      expect(sharpe.value()).toBeCloseTo(expected, 10);
    }
  );
});
