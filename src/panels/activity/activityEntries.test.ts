import { createDataFrame, FieldType } from '@grafana/data';
import { activityEntries, type ActivityEntry, reuseUnchanged } from './activityEntries';

const entry = (key: string, overrides: Partial<ActivityEntry> = {}): ActivityEntry => ({
  key,
  time: 1000,
  type: 'order_placed',
  severity: 'info',
  state: '',
  message: `entry ${key}`,
  details: { orderId: key },
  ...overrides,
});

describe('reuseUnchanged', () => {
  const previous = [entry('a'), entry('b'), entry('c')];

  it('returns the previous array when every entry is the same', () => {
    const next = [entry('a'), entry('b'), entry('c')];
    expect(reuseUnchanged(previous, next)).toBe(previous);
  });

  it('keeps the objects of unchanged entries and takes the new ones when entries arrive and leave', () => {
    const added = entry('d');
    const result = reuseUnchanged(previous, [entry('b'), entry('c'), added]);
    expect(result).toEqual([previous[1], previous[2], added]);
    expect(result[0]).toBe(previous[1]);
    expect(result[1]).toBe(previous[2]);
    expect(result[2]).toBe(added);
  });

  it.each([
    { change: { message: 'edited' } },
    { change: { severity: 'error' } },
    { change: { state: 'resolved' } },
    { change: { time: 2000 } },
    { change: { type: 'order_filled' } },
    { change: { details: { orderId: 'b', qty: 5 } } },
    { change: { details: null } },
  ])('takes the new object of an entry whose $change', ({ change }) => {
    const changed = entry('b', change as Partial<ActivityEntry>);
    const result = reuseUnchanged(previous, [entry('a'), changed, entry('c')]);
    expect(result[1]).toBe(changed);
    expect(result[0]).toBe(previous[0]);
  });

  it('treats equal details given as new objects (JSON text parsed again) as unchanged', () => {
    const next = [entry('a'), entry('b', { details: { orderId: 'b' } }), entry('c')];
    expect(reuseUnchanged(previous, next)).toBe(previous);
  });
});

describe('activityEntries', () => {
  const frameOf = (times: Array<number | null>) => {
    const frame = createDataFrame({
      fields: [
        { name: 'timestamp', type: FieldType.time, values: times },
        { name: 'message', type: FieldType.string, values: times.map((_time, index) => `m${index}`) },
      ],
    });
    return activityEntries(frame, { time: frame.fields[0], message: frame.fields[1] });
  };

  it.each([
    { times: [1, 2, 2, 3], order: ['m0', 'm1', 'm2', 'm3'] },
    { times: [3, 1, 2], order: ['m1', 'm2', 'm0'] },
    { times: [2, null, 1, 2], order: ['m1', 'm2', 'm0', 'm3'] },
    { times: [], order: [] },
  ])('puts the entries at $times oldest first, ties in frame order: $order', ({ times, order }) => {
    expect(frameOf(times).map((entry) => entry.message)).toEqual(order);
  });
});
