import { openStore } from './openStore';
import type { Store } from './Store';
import type { StoredEvent } from './EventStore';
import { eachBackEnd } from './testing/eachBackEnd';

function event(epoch: string, channel: string, seq: number, time: number): StoredEvent {
  return { epoch, channel, seq, time, payload: JSON.stringify({ event: `${channel}:update`, data: { n: seq }, seq }) };
}

eachBackEnd('the SQL event store', (backEnd) => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore(await backEnd.freshUrl());
  });
  afterEach(() => store.close());

  it('returns a channel’s events oldest first and skips an event already stored', async () => {
    await store.events.append([
      event('e1', 'orders', 2, 2000),
      event('e1', 'orders', 1, 1000),
      event('e1', 'alerts', 1, 1500),
    ]);
    await store.events.append([event('e1', 'orders', 1, 1000)]);
    const page = await store.events.history({ channel: 'orders', limit: 10 });
    expect(page.events.map((stored) => stored.seq)).toEqual([1, 2]);
    expect(page.next).toBeUndefined();
  });
});
