import { bucketStart, coarsestIntervalWithin } from './intervals';

describe('bucketStart', () => {
  it.each([
    ['1m', 125_000, 120_000],
    ['1m', 120_000, 120_000],
    ['5m', 599_999, 300_000],
    ['1h', 7_200_001, 7_200_000],
  ] as const)('puts %s time %i in the bucket starting at %i', (interval, time, start) => {
    expect(bucketStart(time, interval)).toBe(start);
  });
});

describe('coarsestIntervalWithin', () => {
  it.each([
    [1_000, '1m'],
    [60_000, '1m'],
    [120_000, '1m'],
    [300_000, '5m'],
    [1_800_000, '5m'],
    [3_600_000, '1h'],
    [86_400_000, '1h'],
  ] as const)('picks the coarsest stored interval not above a %i ms panel interval: %s', (panel, interval) => {
    expect(coarsestIntervalWithin(panel)).toBe(interval);
  });
});
