import { FieldType } from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import { aggregateFrame, profileMetricsFrame, tradesFrame } from './storedFrames';
import { runStoredQuery } from './runStoredQuery';

const values = (frame: { fields: Array<{ name: string; values: unknown }> }, name: string) =>
  frame.fields.find((f) => f.name === name)?.values;

describe('aggregateFrame', () => {
  it('has a time field and p50/p95/p99/min/max/avg/count per bucket, with the metric unit', () => {
    const frame = aggregateFrame('A', {
      service: 'api',
      metric_type: 'latency',
      interval: '5m',
      from: 0,
      to: 600_000,
      points: [
        { timestamp: 0, p50: 1, p95: 2, p99: 3, min: 0.5, max: 4, avg: 1.5, count: 300 },
        { timestamp: 300_000, p50: 5, p95: 6, p99: 7, min: 4, max: 8, avg: 5.5, count: 299 },
      ],
    });
    expect(frame.fields.map((f) => [f.name, f.type])).toEqual([
      ['time', FieldType.time],
      ['p50', FieldType.number],
      ['p95', FieldType.number],
      ['p99', FieldType.number],
      ['min', FieldType.number],
      ['max', FieldType.number],
      ['avg', FieldType.number],
      ['count', FieldType.number],
    ]);
    expect(values(frame, 'p99')).toEqual([3, 7]);
    expect(frame.fields[1].config.unit).toBe('ms');
    expect(frame.length).toBe(2);
  });
});

describe('tradesFrame', () => {
  it('is a table with one row per trade and money in rupees', () => {
    const frame = tradesFrame('B', [
      {
        id: 1,
        profile_id: 1,
        symbol: 'TCS',
        trade_type: 'stop_loss',
        side: 'long',
        entry_price: 100,
        exit_price: 98,
        quantity: 5,
        pnl: -10,
        slippage: 0.05,
        entry_time: 1000,
        exit_time: 61_000,
        duration_seconds: 60,
        reason: 'stop loss',
      },
    ]);
    expect(frame.length).toBe(1);
    expect(values(frame, 'pnl')).toEqual([-10]);
    expect(frame.fields.find((f) => f.name === 'pnl')?.config.unit).toBe('currencyINR');
    expect(frame.meta?.preferredVisualisationType).toBe('table');
  });
});

describe('profileMetricsFrame', () => {
  it('pivots window rows into one column per metric, null where a window lacks one', () => {
    const row = (window_start: number, metric_name: string, metric_value: number) => ({
      profile_id: 1,
      metric_type: 'breakout',
      metric_name,
      metric_value,
      window_type: 'hour' as const,
      window_start,
      window_end: window_start + 3_600_000,
    });
    const frame = profileMetricsFrame('C', 'momentum', [
      row(3_600_000, 'pnl', 20),
      row(0, 'pnl', 10),
      row(0, 'success_rate', 0.5),
    ]);
    expect(values(frame, 'time')).toEqual([0, 3_600_000]);
    expect(values(frame, 'pnl')).toEqual([10, 20]);
    expect(values(frame, 'success_rate')).toEqual([0.5, null]);
    expect(frame.fields.find((f) => f.name === 'success_rate')?.config.unit).toBe('percentunit');
  });
});

describe('runStoredQuery', () => {
  const range = { from: { valueOf: () => 0 }, to: { valueOf: () => 86_400_000 } } as never;

  it.each([
    [30_000, '1m'],
    [300_000, '5m'],
    [1_200_000, '5m'],
    [7_200_000, '1h'],
  ])(
    'asks /metrics/query for the coarsest stored interval not above a %i ms panel interval (%s)',
    async (intervalMs, interval) => {
      const calls: unknown[] = [];
      const call = async (method: string, path: string, body?: unknown) => {
        calls.push({ method, path, body });
        return { service: 'db', metric_type: 'cpu', interval, from: 0, to: 1, points: [] };
      };
      await lastValueFrom(
        runStoredQuery(
          'metricAggregates',
          { refId: 'A', channel: 'services', service: 'db', metricType: 'cpu' },
          { range, intervalMs },
          call
        )
      );
      expect(calls).toEqual([
        {
          method: 'POST',
          path: '/metrics/query',
          body: { service: 'db', metric_type: 'cpu', from: 0, to: 86_400_000, interval },
        },
      ]);
    }
  );

  it('reads trades and window metrics of the profile over the range', async () => {
    const paths: string[] = [];
    const call = async (_method: string, path: string) => {
      paths.push(path);
      return path.includes('/trades/') ? { trades: [] } : { metrics: [] };
    };
    await lastValueFrom(
      runStoredQuery('trades', { refId: 'A', channel: 'orders', profileId: 2 }, { range, intervalMs: 1 }, call)
    );
    await lastValueFrom(
      runStoredQuery(
        'profileMetrics',
        { refId: 'B', channel: 'orders', profileId: 1, profileMetric: 'equity', windowType: 'day' },
        { range, intervalMs: 1 },
        call
      )
    );
    expect(paths).toEqual([
      '/api/v1/trades/2?from=0&to=86400000&limit=10000',
      '/api/v1/metrics/equity/1?from=0&to=86400000&window_type=day',
    ]);
  });

  it("keeps only the query's fields and the time column, as a live query does", async () => {
    const call = async () => ({
      metrics: [
        {
          profile_id: 1,
          metric_type: 'breakout',
          metric_name: 'pnl',
          metric_value: 5,
          window_type: 'hour',
          window_start: 0,
          window_end: 3_600_000,
        },
        {
          profile_id: 1,
          metric_type: 'breakout',
          metric_name: 'trades',
          metric_value: 2,
          window_type: 'hour',
          window_start: 0,
          window_end: 3_600_000,
        },
      ],
    });
    const response = await lastValueFrom(
      runStoredQuery(
        'profileMetrics',
        {
          refId: 'A',
          channel: 'strategy',
          profileId: 1,
          profileMetric: 'breakout',
          windowType: 'hour',
          fields: ['pnl'],
        },
        { range, intervalMs: 1 },
        call
      )
    );
    expect(response.data[0].fields.map((f: { name: string }) => f.name)).toEqual(['time', 'pnl']);
  });
});
