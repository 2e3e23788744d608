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
});
