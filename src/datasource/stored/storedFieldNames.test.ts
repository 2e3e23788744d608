import { FieldType, type DataFrame } from '@grafana/data';
import { keepFields } from './keepFields';
import { AGGREGATE_FIELD_NAMES, TRADE_FIELD_NAMES } from './storedFieldNames';
import { aggregateFrame, tradesFrame } from './storedFrames';

const nonTimeNames = (frame: DataFrame) => frame.fields.filter((f) => f.type !== FieldType.time).map((f) => f.name);

describe('the stored field names the query editor offers', () => {
  it('are the columns of the aggregate frame', () => {
    const frame = aggregateFrame('A', {
      service: 'api',
      metric_type: 'cpu',
      interval: '1m',
      from: 0,
      to: 1,
      points: [],
    });
    expect(nonTimeNames(frame)).toEqual([...AGGREGATE_FIELD_NAMES]);
  });

  it('are the columns of the trades frame', () => {
    expect(nonTimeNames(tradesFrame('A', []))).toEqual([...TRADE_FIELD_NAMES]);
  });
});

describe('keepFields', () => {
  const frame = aggregateFrame('A', {
    service: 'api',
    metric_type: 'latency',
    interval: '1m',
    from: 0,
    to: 60_000,
    points: [{ timestamp: 0, p50: 1, p95: 2, p99: 3, min: 0, max: 4, avg: 1, count: 9 }],
  });

  it.each([
    [undefined, ['time', ...AGGREGATE_FIELD_NAMES]],
    [[], ['time', ...AGGREGATE_FIELD_NAMES]],
    [
      ['p99', 'p50'],
      ['time', 'p50', 'p99'],
    ],
    [['unknown'], ['time']],
  ])('keeps %j and the time field', (fields, names) => {
    const kept = keepFields(frame, fields);
    expect(kept.fields.map((f) => f.name)).toEqual(names);
    expect(kept.length).toBe(1);
  });
});
