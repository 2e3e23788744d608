/**
 * The behaviour every `Bus` must have, run against each implementation (the in-memory
 * `ChannelHub` in `memoryBus.test.ts`, the Redis bus in `tests/integration/bus-redis.test.ts`).
 * Publishing may be asynchronous (Redis numbers the events), so the tests wait with the bus's own
 * `whenCaughtUp` before they look.
 */
import { parseServerMessage, type Channel } from '../../../src/protocol';
import type { Bus, ChannelData, PublishedEvent } from '../Bus';
import { account, order } from './sampleEvents';

export interface BusUnderTest {
  bus: Bus;
  close(): Promise<void>;
}

/** Builds a fresh bus that keeps `historySize` events per channel. */
export type BusFactory = (historySize: number) => Promise<BusUnderTest>;

const WAIT_MS = 5000;

export function describeBus(name: string, factory: BusFactory): void {
  describe(`${name} (the shared bus behaviour)`, () => {
    let subject: BusUnderTest | undefined;
    const open = async (historySize = 100) => {
      subject = await factory(historySize);
      return subject.bus;
    };
    afterEach(async () => {
      await subject?.close();
      subject = undefined;
    });

    async function publishOrders(bus: Bus, count: number, from = 1): Promise<void> {
      const before = bus.seq('orders');
      for (let index = 0; index < count; index += 1) {
        bus.publish('orders', order(`o${from + index}`), 1000 + index);
      }
      expect(await bus.whenCaughtUp('orders', before + count, WAIT_MS)).toBe(true);
    }

    it('numbers each channel from 1 and hands every event, in order, with its data, to the listeners', async () => {
      const bus = await open();
      const seen: Array<{ event: PublishedEvent; data: ChannelData }> = [];
      bus.onPublished((event, data) => seen.push({ event, data }));
      bus.publish('account', account(7), 900);
      await publishOrders(bus, 3);
      expect(await bus.whenCaughtUp('account', 1, WAIT_MS)).toBe(true);
      const orders = seen.filter(({ event }) => event.channel === 'orders');
      expect(orders.map(({ event }) => event.seq)).toEqual([1, 2, 3]);
      expect(orders.map(({ data }) => (data as ChannelData<'orders'>).order.id)).toEqual(['o1', 'o2', 'o3']);
      expect(orders.map(({ event }) => event.time)).toEqual([1000, 1001, 1002]);
      const parsed = parseServerMessage(orders[1].event.bytes.toString('utf8'));
      expect(parsed.ok && parsed.value).toMatchObject({
        event: 'orders:update',
        seq: 2,
        data: { order: { id: 'o2' } },
      });
    });

    it('reports every channel current seq, zero before its first event', async () => {
      const bus = await open();
      await publishOrders(bus, 2);
      bus.publish('account', account(1), 1);
      expect(await bus.whenCaughtUp('account', 1, WAIT_MS)).toBe(true);
      const seqs = bus.allSeqs();
      expect(seqs.orders).toBe(2);
      expect(seqs.account).toBe(1);
      expect(seqs.activity).toBe(0);
      expect(bus.seq('orders')).toBe(2);
    });

    it('keeps the latest state of a state channel and serves it as a snapshot at the current seq', async () => {
      const bus = await open();
      bus.publish('account', account(1), 1);
      bus.publish('account', account(2), 2);
      expect(await bus.whenCaughtUp('account', 2, WAIT_MS)).toBe(true);
      expect(bus.latest('account')?.equity).toBe(2);
      const snapshot = bus.snapshotEvent('account');
      expect(snapshot?.seq).toBe(2);
      const parsed = JSON.parse(snapshot!.bytes.toString('utf8')) as Record<string, unknown>;
      expect(parsed).toMatchObject({ event: 'account:update', seq: 2, snapshot: true, data: { equity: 2 } });
    });

    it('resumes from a kept seq with exactly the later events', async () => {
      const bus = await open();
      await publishOrders(bus, 6);
      const result = bus.resume('orders', { epoch: bus.epoch, seq: 3 });
      expect(result.recovered && result.events.map((event) => event.seq)).toEqual([4, 5, 6]);
      expect(bus.resume('orders', { epoch: bus.epoch, seq: 6 })).toEqual({ recovered: true, events: [] });
    });

    it.each([
      ['another epoch', (bus: Bus) => ({ epoch: `${bus.epoch}-other`, seq: 1 })],
      ['a seq the history no longer holds', (bus: Bus) => ({ epoch: bus.epoch, seq: 1 })],
      ['a seq from the future', (bus: Bus) => ({ epoch: bus.epoch, seq: 99 })],
    ])('does not pretend to recover from %s', async (_name, point) => {
      const bus = await open(3);
      await publishOrders(bus, 8);
      expect(bus.resume('orders', point(bus))).toEqual({ recovered: false });
      expect(bus.history('orders').map((event) => event.seq)).toEqual([6, 7, 8]);
    });

    it('says when a seq was not seen in time', async () => {
      const bus = await open();
      await publishOrders(bus, 1);
      expect(await bus.whenCaughtUp('orders', 1, WAIT_MS)).toBe(true);
      expect(await bus.whenCaughtUp('orders', 5, 50)).toBe(false);
    });

    it('stops calling a listener once it unsubscribed', async () => {
      const bus = await open();
      const seen: number[] = [];
      const unsubscribe = bus.onPublished((event) => seen.push(event.seq));
      await publishOrders(bus, 1);
      unsubscribe();
      await publishOrders(bus, 1, 2);
      expect(seen).toEqual([1]);
    });

    it('has a non-empty epoch', async () => {
      const bus = await open();
      const channel: Channel = 'orders';
      expect(bus.epoch.length).toBeGreaterThan(0);
      expect(bus.seq(channel)).toBe(0);
    });
  });
}
