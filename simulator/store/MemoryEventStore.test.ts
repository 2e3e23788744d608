import { MemoryEventStore } from './MemoryEventStore';

describe('MemoryEventStore', () => {
  it('keeps a payload handed over as bytes as its text, not as the bytes (which may be a view of a reused buffer)', async () => {
    const store = new MemoryEventStore();
    const bytes = Buffer.from('{"data":"₹ 5,000","seq":1}', 'utf8');
    await store.append([{ epoch: 'e1', channel: 'orders', seq: 1, time: 1000, payload: bytes }]);
    bytes.fill(0);
    const page = await store.history({ channel: 'orders', limit: 10 });
    expect(page.events).toEqual([
      { epoch: 'e1', channel: 'orders', seq: 1, time: 1000, payload: '{"data":"₹ 5,000","seq":1}' },
    ]);
  });

  const event = (epoch: string, seq: number, time: number, channel = 'orders') => ({
    epoch,
    channel,
    seq,
    time,
    payload: `{"seq":${seq}}`,
  });
  const stored = async (store: MemoryEventStore, channel = 'orders') =>
    (await store.history({ channel, limit: 100 })).events.map(({ epoch, seq, time }) => [epoch, seq, time]);

  it('skips a repeat of an event within its epoch and channel, and keeps the same seq of another epoch or channel', async () => {
    const store = new MemoryEventStore();
    await store.append([event('e1', 1, 1000), event('e1', 2, 1001)]);
    await store.append([
      event('e1', 2, 1001),
      event('e1', 1, 5000),
      event('e2', 1, 1002),
      event('e1', 1, 1003, 'account'),
    ]);
    expect(await stored(store)).toEqual([
      ['e1', 1, 1000],
      ['e1', 2, 1001],
      ['e2', 1, 1002],
    ]);
    expect(await stored(store, 'account')).toEqual([['e1', 1, 1003]]);
  });

  it('takes an event again once it is no longer held (trimmed to the bound, or deleted by age)', async () => {
    const store = new MemoryEventStore(8);
    await store.append(Array.from({ length: 10 }, (_, index) => event('e1', index + 1, 1000 + index)));
    expect((await stored(store)).map(([, seq]) => seq)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    await store.append([event('e1', 1, 2000), event('e1', 3, 2001)]);
    expect((await stored(store)).map(([, seq]) => seq)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 1]);
    expect(await store.deleteBefore(1005)).toBe(3);
    await store.append([event('e1', 3, 1002), event('e1', 5, 1004), event('e1', 6, 1005)]);
    expect((await stored(store)).map(([, seq]) => seq)).toEqual([3, 5, 6, 7, 8, 9, 10, 1]);
  });
});
