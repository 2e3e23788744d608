/**
 * A store opened read-only, as a gateway opens the store its engine writes (docs/scaling.md): it
 * reads what the writer stored, refuses every write, and never creates or migrates a store.
 */
import { sql } from 'kysely';
import { openStore } from './openStore';
import type { Store } from './Store';
import type { StoredEvent } from './EventStore';
import { StoreError } from './StoreError';
import { eachBackEnd } from './testing/eachBackEnd';

jest.setTimeout(60_000);

const event = (seq: number, time: number): StoredEvent => ({
  epoch: 'e1',
  channel: 'orders',
  seq,
  time,
  payload: `{"event":"orders:update","data":{},"seq":${seq}}`,
});

eachBackEnd('a store opened read-only', (backEnd) => {
  const opened: Store[] = [];
  const open = async (url: string, readOnly: boolean) => {
    const store = await openStore(url, { readOnly });
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  it('reads the history the writer stored, while the writer keeps writing', async () => {
    const url = await backEnd.freshUrl();
    const writer = await open(url, false);
    await writer.events.append([event(1, 1000), event(2, 2000)]);
    const reader = await open(url, true);
    expect(reader.database?.readOnly).toBe(true);
    expect((await reader.events.history({ channel: 'orders', limit: 10 })).events.map((e) => e.seq)).toEqual([1, 2]);
    await writer.events.append([event(3, 3000)]);
    expect((await reader.events.history({ channel: 'orders', limit: 10 })).events.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('refuses every write, through the event store and through plain SQL', async () => {
    const url = await backEnd.freshUrl();
    const writer = await open(url, false);
    await writer.events.append([event(1, 1000)]);
    const reader = await open(url, true);
    await expect(reader.events.append([event(2, 2000)])).rejects.toThrow();
    await expect(reader.events.recordEpoch('e2', 'serve', 5000)).rejects.toThrow();
    await expect(sql`delete from events`.execute(reader.database!.db)).rejects.toThrow(/read.?only/i);
    expect((await writer.events.history({ channel: 'orders', limit: 10 })).events.map((e) => e.seq)).toEqual([1]);
  });

  it('does not open a store the writer has not created and migrated, and says to start the engine first', async () => {
    const url = await backEnd.freshUrl();
    const failure = await openStore(url, { readOnly: true }).then(
      (store) => {
        opened.push(store);
        return undefined;
      },
      (error: unknown) => error
    );
    expect(failure).toBeInstanceOf(StoreError);
    expect((failure as StoreError).how).toMatch(/mci-sim engine/);
  });
});
