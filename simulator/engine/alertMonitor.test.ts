import { SERVICE_METRICS, SERVICES, type ServiceMetrics } from '../../src/protocol';
import { createAlertMonitor } from './alertMonitor';
import { DEFAULT_THRESHOLDS } from './thresholds';

const calm = { latency: 100, throughput: 500, error_rate: 1, cpu: 40, memory: 50 };

function sample(overrides: Partial<typeof calm> = {}): ServiceMetrics {
  const services = Object.fromEntries(SERVICES.map((s) => [s, { ...calm }])) as ServiceMetrics['services'];
  services.api = { ...calm, ...overrides };
  return { services, timestamp: 0 };
}

function monitor() {
  let n = 0;
  return createAlertMonitor(DEFAULT_THRESHOLDS, () => `a${++n}`);
}

/** Feed api latency values, one sample per second; returns "t:type:severity" per change. */
function feed(values: number[], metric: 'latency' | 'throughput' = 'latency') {
  const m = monitor();
  return values.flatMap((value, t) =>
    m.evaluate(sample({ [metric]: value }), t * 1000).map((c) => `${t}:${c.type}:${c.alert.severity}`)
  );
}

describe('createAlertMonitor', () => {
  it('raises only after three consecutive samples beyond the threshold', () => {
    expect(feed([600, 600, 100, 600, 600, 100])).toEqual([]);
    expect(feed([600, 600, 600])).toEqual(['2:raised:warning']);
  });

  it('raises at the severity of the confirming sample, so a fast ramp gives one critical alert', () => {
    expect(feed([700, 1500, 1500, 1500])).toEqual(['2:raised:critical']);
  });

  it('resolves after three samples inside the threshold by the 10% hysteresis margin', () => {
    // 460 is below 500 but not below 450: the alert stays.
    expect(feed([600, 600, 600, 460, 460, 460, 460, 440, 440])).toEqual(['2:raised:warning']);
    expect(feed([600, 600, 600, 440, 440, 440])).toEqual(['2:raised:warning', '5:resolved:warning']);
  });

  it('does not flap on a value oscillating around the threshold', () => {
    const values = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? 510 : 490));
    expect(feed(values)).toEqual([]);
  });

  it('escalates a warning to critical: the warning resolves and one critical alert is raised', () => {
    expect(feed([600, 600, 600, 1200, 1200, 1200, 1200])).toEqual([
      '2:raised:warning',
      '5:resolved:warning',
      '5:raised:critical',
    ]);
  });

  it('never downgrades a critical alert; it resolves when the metric is back to normal', () => {
    expect(feed([1500, 1500, 1500, 600, 600, 600, 600, 100, 100, 100])).toEqual([
      '2:raised:critical',
      '9:resolved:critical',
    ]);
  });

  it('treats throughput as "below": a drop under 50 req/s is critical', () => {
    expect(feed([40, 40, 40, 500, 500, 500], 'throughput')).toEqual(['2:raised:critical', '5:resolved:critical']);
  });

  it('describes the alert with service, metric, value and threshold', () => {
    const m = monitor();
    m.evaluate(sample({ cpu: 97 }), 0);
    m.evaluate(sample({ cpu: 97 }), 1000);
    const [change] = m.evaluate(sample({ cpu: 97.5 }), 2000);
    expect(change.alert).toEqual({
      id: 'a1',
      service: 'api',
      metric: 'cpu',
      severity: 'critical',
      state: 'active',
      message: 'api CPU 97.5% is above the critical threshold of 95.0%',
      value: 97.5,
      threshold: 95,
      raisedAt: 2000,
      resolvedAt: null,
    });
    expect(m.active()).toEqual([change.alert]);
  });

  it('watches every one of the 25 service metrics', () => {
    const m = monitor();
    const hot: ServiceMetrics = {
      services: Object.fromEntries(
        SERVICES.map((s) => [s, { latency: 2000, throughput: 10, error_rate: 50, cpu: 99, memory: 99 }])
      ) as ServiceMetrics['services'],
      timestamp: 0,
    };
    m.evaluate(hot, 0);
    m.evaluate(hot, 1000);
    expect(m.evaluate(hot, 2000)).toHaveLength(SERVICES.length * SERVICE_METRICS.length);
  });
});
