import { DEFAULT_THRESHOLDS, resolveThresholds, severityOf } from './thresholds';
import { targetLevel } from './scenarios';

describe('severityOf', () => {
  it.each([
    ['latency', 500, undefined],
    ['latency', 500.1, 'warning'],
    ['latency', 1000.1, 'critical'],
    ['error_rate', 5.5, 'warning'],
    ['error_rate', 10.5, 'critical'],
    ['cpu', 81, 'warning'],
    ['memory', 96, 'critical'],
    ['throughput', 100, undefined],
    ['throughput', 99, 'warning'],
    ['throughput', 49, 'critical'],
  ] as const)('%s %d is %s', (metric, value, severity) => {
    expect(severityOf(DEFAULT_THRESHOLDS[metric], value)).toBe(severity);
  });
});

describe('resolveThresholds', () => {
  it('keeps spec 004 defaults and overrides per metric', () => {
    const t = resolveThresholds({ latency: { warning: 200, critical: 400, direction: 'above' } });
    expect(t.latency).toEqual({ warning: 200, critical: 400, direction: 'above' });
    expect(t.cpu).toEqual(DEFAULT_THRESHOLDS.cpu);
  });

  it('rejects a critical level on the wrong side of warning, naming the metric', () => {
    expect(() => resolveThresholds({ cpu: { warning: 90, critical: 80, direction: 'above' } })).toThrow(
      /Invalid cpu threshold.*critical must be above warning/
    );
    expect(() => resolveThresholds({ throughput: { warning: 100, critical: 150, direction: 'below' } })).toThrow(
      /critical must be below warning/
    );
  });
});

describe('targetLevel', () => {
  it.each([
    ['latency', 'warning', Infinity, 750],
    ['latency', 'critical', Infinity, 1500],
    ['cpu', 'critical', 100, 97.5],
    ['memory', 'warning', 100, 87.5],
    ['throughput', 'critical', Infinity, 25],
  ] as const)('drives %s to %s at %d', (metric, severity, cap, level) => {
    const target = targetLevel(DEFAULT_THRESHOLDS[metric], severity, cap);
    expect(target).toBe(level);
    expect(severityOf(DEFAULT_THRESHOLDS[metric], target)).toBe(severity);
  });
});
