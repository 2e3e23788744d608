import { compare, fact, failed, type Comparison } from './results';

const base: Comparison = {
  benchmark: 'fan-out',
  metric: 'events/s',
  unit: '/s',
  ours: [90, 100, 110],
  baselineLabel: 'raw',
  base: [100, 100, 100],
  goal: { on: 'ratio', goal: { op: '>=', target: 0.8 }, text: 'ratio ≥ 0.8' },
};

describe('compare', () => {
  it('judges a ratio goal on the per-pair ratios and reports median and spread of each side', () => {
    const row = compare(base);
    expect(row.verdict).toBe('met');
    expect(row.ratio).toEqual({ median: 1, min: 0.9, max: 1.1, runs: [0.9, 1, 1.1] });
    expect(row.baseline).toEqual({ label: 'raw', value: { median: 100, min: 100, max: 100, runs: [100, 100, 100] } });
  });

  it('judges a value goal on our runs, whatever the ratio', () => {
    const row = compare({ ...base, goal: { on: 'value', goal: { op: '<=', target: 20 }, text: '≤ 20' } });
    expect(row.verdict).toBe('missed');
  });

  it('gives a pair measured outside the goal’s conditions no ratio, so the row cannot be met', () => {
    const row = compare({ ...base, invalidPairs: [false, true, false] });
    expect(row.ratio?.runs).toEqual([0.9, Number.NaN, 1.1]);
    expect(row.verdict).toBe('invalid');
  });

  it('says why the baseline did not run and judges nothing on an empty baseline', () => {
    const row = compare({ ...base, base: [], baseMissing: 'not run: Artillery is not installed' });
    expect(row.baseline?.value).toBe('not run: Artillery is not installed');
    expect(row.ratio).toBeUndefined();
    expect(row.verdict).toBe('too few runs');
  });

  it('leaves the ratio out when asked (a growth next to a baseline near 0)', () => {
    expect(compare({ ...base, noRatio: true }).ratio).toBeUndefined();
  });
});

describe('fact and failed', () => {
  it('reports a capability as a fact, never as met', () => {
    const row = fact({ benchmark: 'load tool', metric: 'measures push latency', unit: '', value: 'yes (3.2)' });
    expect(row).toMatchObject({ value: 'yes (3.2)', verdict: 'fact' });
    expect(row.goal).toBeUndefined();
  });

  it('gives a numeric fact with a baseline its per-pair ratios', () => {
    const row = fact({
      benchmark: 'engine',
      metric: 'events/s',
      unit: '/s',
      value: [4, 6],
      baselineLabel: 'NDJSON',
      base: [2, 2],
    });
    expect(row.ratio?.runs).toEqual([2, 3]);
    expect(row.verdict).toBe('fact');
  });

  it('turns a case that threw into a failed row carrying the reason', () => {
    expect(failed('fanout', new Error('raw broadcaster exited with 1 before listening'))).toMatchObject({
      benchmark: 'fanout',
      verdict: 'failed',
      note: 'raw broadcaster exited with 1 before listening',
    });
  });
});
