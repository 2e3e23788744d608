import { type ActivityEntry, reuseUnchanged } from './activityEntries';

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
