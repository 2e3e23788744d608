import { aggregateSamples, type SeriesSample } from './aggregateSamples';

const sample = (timestamp: number, value: number, metric_type = 'latency', service = 'api'): SeriesSample => ({
  timestamp,
  service,
  metric_type,
  value,
});

describe('aggregateSamples', () => {
  it('summarises each series per bucket from exactly the samples in it', () => {
    const rows = aggregateSamples(
      [sample(0, 10), sample(30_000, 30), sample(59_999, 20), sample(60_000, 5), sample(10_000, 1, 'cpu')],
      '1m',
      0,
      120_000
    );
    expect(rows).toEqual([
      {
        timestamp: 0,
        service: 'api',
        metric_type: 'cpu',
        interval: '1m',
        p50: 1,
        p95: 1,
        p99: 1,
        min: 1,
        max: 1,
        avg: 1,
        count: 1,
      },
      {
        timestamp: 0,
        service: 'api',
        metric_type: 'latency',
        interval: '1m',
        p50: 20,
        p95: 30,
        p99: 30,
        min: 10,
        max: 30,
        avg: 20,
        count: 3,
      },
      {
        timestamp: 60_000,
        service: 'api',
        metric_type: 'latency',
        interval: '1m',
        p50: 5,
        p95: 5,
        p99: 5,
        min: 5,
        max: 5,
        avg: 5,
        count: 1,
      },
    ]);
  });

  it('leaves out buckets that reach past the span, so a partly read bucket is never stored', () => {
    const rows = aggregateSamples([sample(0, 1), sample(299_000, 2), sample(300_000, 3)], '5m', 0, 400_000);
    expect(rows.map((row) => row.timestamp)).toEqual([0]);
  });

  it('computes an hour from its raw samples, not from averaged minutes', () => {
    // Minute 0 has one slow sample among many fast ones; minute 1 has a single sample.
    const samples = [
      ...Array.from({ length: 59 }, (_, i) => sample(i * 1000, 1)),
      sample(59_000, 100),
      sample(60_000, 50),
    ];
    const [hour] = aggregateSamples(samples, '1h', 0, 3_600_000);
    // Averaging the minutes' p99s would give (100 + 50) / 2 = 75; the hour's own p99 (rank ⌈0.99 × 61⌉ = 61) is 100.
    expect(hour).toMatchObject({ count: 61, p50: 1, p95: 1, p99: 100, max: 100 });
  });
});
