import type { Channel } from '../protocol';
import type { ChannelItem } from './types';
import {
  activityEvent,
  collect,
  createHarness,
  flush,
  orderEvent,
  positionsEvent,
  snapshotBody,
  subscribedMessage,
} from './testing/clientTestHarness';

beforeEach(() => {
  jest.useFakeTimers({ now: 1_000_000 });
});

afterEach(() => {
  jest.useRealTimers();
});

/** A compact view of channel items: `event:3`, `snapshot:gap`, `gap:2-4`. */
function describeItems(items: ChannelItem[]): string[] {
  return items.map((item) => {
    switch (item.kind) {
      case 'event':
        return `event:${item.seq}`;
      case 'snapshot':
        return `snapshot:${item.reason}`;
      case 'gap':
        return item.fromSeq === undefined ? 'gap' : `gap:${item.fromSeq}-${item.toSeq}`;
    }
  });
}

describe('createMciClient: channels', () => {
  it('shares one socket and one subscribe for channels asked for in the same tick', async () => {
    const { client, sockets } = createHarness();
    collect(client.channel('positions'));
    collect(client.channel('orders'));
    collect(client.channel('orders'));
    collect(client.channel('market'));
    await flush();
    sockets.last.accept();
    expect(sockets.sockets).toHaveLength(1);
    expect(sockets.last.sentEvents('subscribe')).toEqual([{ channels: ['positions', 'orders', 'market'] }]);

    sockets.last.receive(subscribedMessage(['positions', 'orders', 'market']));
    collect(client.channel('account'));
    collect(client.channel('health'));
    await flush();
    expect(sockets.last.sentEvents('subscribe')).toHaveLength(2);
    expect(sockets.last.sentEvents('subscribe')[1]).toEqual({ channels: ['account', 'health'] });
    client.close();
  });

  it('refuses an unknown channel name without subscribing it, so the other channels are not refused with it', async () => {
    const { client, sockets, errors } = createHarness();
    collect(client.channel('orders'));
    const unknown = collect(client.channel('trades' as Channel));
    await flush();
    sockets.last.accept();
    expect(unknown.completed()).toBe(true);
    expect(sockets.last.sentEvents('subscribe')).toEqual([{ channels: ['orders'] }]);
    expect(errors).toMatchObject([{ code: 'SUBSCRIPTION_ERROR', why: '"trades" is not an MCI channel' }]);
    expect(errors[0].how).toContain('positions, orders');
    client.close();
  });

  it('asks for each channel alone when the server refuses a shared subscribe, so one unknown channel does not take the others down', async () => {
    const { client, sockets, errors, status } = createHarness();
    collect(client.channel('positions'));
    collect(client.channel('services'));
    const orders = collect(client.channel('orders'));
    await flush();
    sockets.last.accept();
    const refusal = {
      event: 'error',
      data: {
        code: 'SUBSCRIPTION_ERROR',
        error: { what: 'Subscription failed', why: 'Invalid channel name', how: 'Use a valid channel' },
      },
    };
    sockets.last.receive(refusal);
    expect(sockets.last.sentEvents('subscribe')).toEqual([
      { channels: ['positions', 'services', 'orders'] },
      { channels: ['positions'] },
      { channels: ['services'] },
      { channels: ['orders'] },
    ]);
    sockets.last.receive(subscribedMessage(['positions']));
    sockets.last.receive(refusal);
    sockets.last.receive(subscribedMessage(['orders']));
    sockets.last.receive(orderEvent(1));
    expect(client.subscribedChannels()).toEqual(['positions', 'orders']);
    expect(describeItems(orders.items)).toEqual(['event:1']);
    expect(errors.map((error) => error.code)).toEqual(['SUBSCRIPTION_ERROR', 'SUBSCRIPTION_ERROR']);
    expect(status()).toMatchObject({ state: 'streaming', lastError: { code: 'SUBSCRIPTION_ERROR' } });

    // After a reconnect to the same server the refused channel is asked for alone.
    sockets.last.serverClose(1006);
    jest.advanceTimersByTime(1000);
    await flush();
    sockets.last.accept();
    expect(sockets.last.sentEvents('subscribe')).toEqual([
      { channels: ['positions', 'orders'], resume: { orders: { epoch: 'e1', seq: 1 } } },
      { channels: ['services'] },
    ]);
    client.close();
  });

  it('counts references: the last unsubscribe lingers, and a re-subscribe within the linger keeps the channel', async () => {
    const { client, sockets } = createHarness({ lingerMs: 5000 });
    const first = collect(client.channel('orders'));
    const second = collect(client.channel('orders'));
    const other = collect(client.channel('activity'));
    await flush();
    sockets.last.accept();
    sockets.last.receive(subscribedMessage(['orders', 'activity']));
    sockets.last.receive(orderEvent(1));
    expect(first.items).toHaveLength(1);
    expect(second.items).toHaveLength(1);

    first.subscription.unsubscribe();
    second.subscription.unsubscribe();
    jest.advanceTimersByTime(4000);
    await flush();
    const third = collect(client.channel('orders'));
    jest.advanceTimersByTime(10_000);
    await flush();
    expect(sockets.last.sentEvents('unsubscribe')).toEqual([]);
    expect(sockets.last.sentEvents('subscribe')).toHaveLength(1);
    sockets.last.receive(orderEvent(2));
    expect(third.items).toHaveLength(1);

    third.subscription.unsubscribe();
    jest.advanceTimersByTime(5000);
    await flush();
    expect(sockets.last.sentEvents('unsubscribe')).toEqual([{ channels: ['orders'] }]);
    // Another channel is still wanted: the socket stays.
    expect(sockets.last.closedWith).toBeUndefined();
    sockets.last.receive({ event: 'unsubscribed', data: { channels: ['orders'], unsubscribedAt: 1 } });
    expect(client.subscribedChannels()).toEqual(['activity']);
    other.subscription.unsubscribe();
    client.close();
  });

  it('subscribes again when a channel is wanted again before the server confirmed its unsubscribe', async () => {
    const { client, sockets } = createHarness({ lingerMs: 100 });
    collect(client.channel('activity'));
    const orders = collect(client.channel('orders'));
    await flush();
    sockets.last.accept();
    sockets.last.receive(subscribedMessage(['activity', 'orders']));
    orders.subscription.unsubscribe();
    jest.advanceTimersByTime(100);
    await flush();
    expect(sockets.last.sentEvents('unsubscribe')).toEqual([{ channels: ['orders'] }]);
    expect(client.subscribedChannels()).toEqual(['activity']);

    const again = collect(client.channel('orders'));
    await flush();
    expect(sockets.last.sentEvents('subscribe')[1]).toEqual({ channels: ['orders'] });
    sockets.last.receive({ event: 'unsubscribed', data: { channels: ['orders'], unsubscribedAt: 1 } });
    sockets.last.receive(subscribedMessage(['orders']));
    sockets.last.receive(orderEvent(1));
    expect(client.subscribedChannels().sort()).toEqual(['activity', 'orders']);
    expect(again.items).toHaveLength(1);
    client.close();
  });

  it('resubscribes with resume from the last seq per channel after a reconnect', async () => {
    const { client, sockets } = createHarness();
    collect(client.channel('orders'));
    collect(client.channel('activity'));
    collect(client.channel('positions'));
    await flush();
    sockets.last.accept({ epoch: 'e1' });
    sockets.last.receive(subscribedMessage(['orders', 'activity', 'positions']));
    sockets.last.receive(orderEvent(7));
    sockets.last.receive(activityEvent(3));
    sockets.last.serverClose(1006);
    jest.advanceTimersByTime(1000);
    await flush();
    sockets.last.accept({ epoch: 'e1' });
    expect(sockets.last.sentEvents('subscribe')).toEqual([
      {
        channels: ['orders', 'activity', 'positions'],
        resume: { orders: { epoch: 'e1', seq: 7 }, activity: { epoch: 'e1', seq: 3 } },
      },
    ]);
    client.close();
  });

  it('marks a gap when the server cannot recover a channel, then heals it from the REST snapshot', async () => {
    const httpGet = jest.fn(async () => snapshotBody({ orders: 4 }, 'e2'));
    const { client, sockets } = createHarness({ httpGet });
    const orders = collect(client.channel('orders'));
    await flush();
    sockets.last.accept({ epoch: 'e1' });
    sockets.last.receive(subscribedMessage(['orders']));
    await flush();
    sockets.last.receive(orderEvent(7));
    orders.items.length = 0;
    httpGet.mockClear();

    sockets.last.serverClose(1006);
    jest.advanceTimersByTime(1000);
    await flush();
    sockets.last.accept({ epoch: 'e2' });
    sockets.last.receive(subscribedMessage(['orders'], { orders: false }));
    // Arrives while the REST read is in flight: it is newer than the snapshot (seq 4), so it follows it.
    sockets.last.receive(orderEvent(5));
    await flush();
    expect(httpGet).toHaveBeenCalledWith('/api/telemetry/snapshot');
    expect(describeItems(orders.items.filter((item) => item.kind !== 'snapshot' || item.reason !== 'polling'))).toEqual(
      ['gap', 'snapshot:gap', 'event:5']
    );
    const healed = orders.items.find((item) => item.kind === 'snapshot' && item.reason === 'gap');
    expect(healed).toMatchObject({ channel: 'orders', data: [{ id: 'order-from-rest' }] });
    client.close();
  });

  it('after a server restart resumes from the start of the new epoch, marks the gap and orders the replay around the heal', async () => {
    const httpGet = jest.fn(async () => snapshotBody({ orders: 2 }, 'e2'));
    const { client, sockets } = createHarness({ httpGet });
    const orders = collect(client.channel('orders'));
    await flush();
    sockets.last.accept({ epoch: 'e1' });
    sockets.last.receive(subscribedMessage(['orders']));
    sockets.last.receive(orderEvent(41));
    await flush();
    orders.items.length = 0;
    sockets.last.serverClose(1001);
    jest.advanceTimersByTime(1000);
    await flush();
    httpGet.mockClear();

    sockets.last.accept({ epoch: 'e2' });
    expect(sockets.last.sentEvents('subscribe')).toEqual([
      { channels: ['orders'], resume: { orders: { epoch: 'e2', seq: 0 } } },
    ]);
    sockets.last.receive(subscribedMessage(['orders'], { orders: true }));
    sockets.last.receive(orderEvent(1));
    sockets.last.receive(orderEvent(2));
    sockets.last.receive(orderEvent(3));
    await flush();
    expect(httpGet).toHaveBeenCalledTimes(1);
    expect(describeItems(orders.items.filter((item) => item.kind !== 'snapshot' || item.reason !== 'polling'))).toEqual(
      ['gap', 'event:1', 'event:2', 'snapshot:gap', 'event:3']
    );

    // Another drop: a plain resume in the new epoch, no second gap.
    sockets.last.serverClose(1006);
    jest.advanceTimersByTime(1000);
    await flush();
    sockets.last.accept({ epoch: 'e2' });
    expect(sockets.last.sentEvents('subscribe')).toEqual([
      { channels: ['orders'], resume: { orders: { epoch: 'e2', seq: 3 } } },
    ]);
    client.close();
  });

  it('does not mark a second gap when the socket drops again before the restarted server sent anything', async () => {
    const { client, sockets } = createHarness();
    const orders = collect(client.channel('orders'));
    await flush();
    sockets.last.accept({ epoch: 'e1' });
    sockets.last.receive(subscribedMessage(['orders']));
    sockets.last.receive(orderEvent(41));
    sockets.last.serverClose(1001);
    jest.advanceTimersByTime(1000);
    await flush();
    sockets.last.accept({ epoch: 'e2' });
    sockets.last.receive(subscribedMessage(['orders'], { orders: true }));
    sockets.last.serverClose(1006);
    jest.advanceTimersByTime(1000);
    await flush();
    sockets.last.accept({ epoch: 'e2' });
    expect(sockets.last.sentEvents('subscribe')).toEqual([
      { channels: ['orders'], resume: { orders: { epoch: 'e2', seq: 0 } } },
    ]);
    sockets.last.receive(subscribedMessage(['orders'], { orders: true }));
    sockets.last.receive(orderEvent(1));
    expect(describeItems(orders.items)).toEqual(['event:41', 'gap', 'event:1']);
    client.close();
  });

  it('treats a resumed channel the server does not report as recovered as a gap', async () => {
    const httpGet = jest.fn(async () => snapshotBody({ orders: 9 }));
    const { client, sockets } = createHarness({ httpGet });
    const orders = collect(client.channel('orders'));
    await flush();
    sockets.last.accept();
    sockets.last.receive(subscribedMessage(['orders']));
    sockets.last.receive(orderEvent(7));
    sockets.last.serverClose(1006);
    jest.advanceTimersByTime(1000);
    await flush();
    sockets.last.accept();
    sockets.last.receive(subscribedMessage(['orders']));
    await flush();
    expect(
      describeItems(orders.items).filter((item) => item !== 'snapshot:polling' && item !== 'snapshot:initial')
    ).toEqual(['event:7', 'gap', 'snapshot:gap']);
    client.close();
  });

  it('marks a seq jump on an event channel and orders held events around the healing snapshot', async () => {
    const httpGet = jest.fn(async () => snapshotBody({ orders: 0 }));
    const { client, sockets } = createHarness({ httpGet });
    const orders = collect(client.channel('orders'));
    await flush();
    sockets.last.accept();
    sockets.last.receive(subscribedMessage(['orders']));
    await flush();
    httpGet.mockImplementation(async () => snapshotBody({ orders: 6 }));
    sockets.last.receive(orderEvent(1));
    sockets.last.receive(orderEvent(2));
    sockets.last.receive(orderEvent(5));
    sockets.last.receive(orderEvent(6));
    sockets.last.receive(orderEvent(7));
    await flush();
    expect(describeItems(orders.items)).toEqual([
      'snapshot:initial',
      'event:1',
      'event:2',
      'gap:3-4',
      'event:5',
      'event:6',
      'snapshot:gap',
      'event:7',
    ]);
    expect(httpGet).toHaveBeenCalledTimes(2);
    client.close();
  });

  it('marks a gap without healing on channels the snapshot has no part for', async () => {
    const httpGet = jest.fn(async () => snapshotBody({ activity: 9 }));
    const { client, sockets } = createHarness({ httpGet });
    const activity = collect(client.channel('activity'));
    await flush();
    sockets.last.accept();
    sockets.last.receive(subscribedMessage(['activity']));
    sockets.last.receive(activityEvent(1));
    sockets.last.receive(activityEvent(4));
    await flush();
    expect(describeItems(activity.items)).toEqual(['event:1', 'gap:2-3', 'event:4']);
    expect(httpGet).not.toHaveBeenCalled();
    client.close();
  });

  it('ignores seq jumps on state channels and passes snapshots through marked', async () => {
    const { client, sockets } = createHarness();
    const positions = collect(client.channel('positions'));
    await flush();
    sockets.last.accept();
    sockets.last.receive(subscribedMessage(['positions']));
    sockets.last.receive(positionsEvent(3, true));
    sockets.last.receive(positionsEvent(9));
    expect(describeItems(positions.items)).toEqual(['event:3', 'event:9']);
    expect(positions.items[0]).toMatchObject({ kind: 'event', snapshot: true });
    expect(positions.items[1]).toMatchObject({ kind: 'event', snapshot: false });
    client.close();
  });

  it('skips an event-channel event delivered twice', async () => {
    const { client, sockets } = createHarness();
    const orders = collect(client.channel('orders'));
    await flush();
    sockets.last.accept();
    sockets.last.receive(subscribedMessage(['orders']));
    sockets.last.receive(orderEvent(1));
    sockets.last.receive(orderEvent(2));
    sockets.last.receive(orderEvent(2));
    sockets.last.receive(orderEvent(3));
    expect(describeItems(orders.items)).toEqual(['event:1', 'event:2', 'event:3']);
    client.close();
  });

  it('asks for batching and unpacks batch frames into events in order', async () => {
    const { client, sockets } = createHarness({ batchMs: 100 });
    const orders = collect(client.channel('orders'));
    const activity = collect(client.channel('activity'));
    await flush();
    sockets.last.accept();
    expect(sockets.last.sentEvents('subscribe')).toEqual([{ channels: ['orders', 'activity'], batchMs: 100 }]);
    sockets.last.receive(subscribedMessage(['orders', 'activity']));
    sockets.last.receive({
      event: 'batch',
      data: { events: [orderEvent(1), activityEvent(1), orderEvent(2), orderEvent(3)] },
    });
    expect(describeItems(orders.items)).toEqual(['event:1', 'event:2', 'event:3']);
    expect(describeItems(activity.items)).toEqual(['event:1']);
    client.close();
  });

  it('polls the REST snapshot every 2 s while the socket is down and stops when it is back', async () => {
    const httpGet = jest.fn(async () => snapshotBody({ orders: 1, positions: 1 }));
    const { client, sockets, status, statuses } = createHarness({ httpGet, pollIntervalMs: 2000 });
    const orders = collect(client.channel('orders'));
    const positions = collect(client.channel('positions'));
    const activity = collect(client.channel('activity'));
    await flush();
    sockets.last.accept();
    sockets.last.receive(subscribedMessage(['orders', 'positions', 'activity']));
    await flush();
    httpGet.mockClear();
    orders.items.length = 0;
    expect(status().polling).toBe(false);

    // Down for good: the retries fail, polling goes on.
    sockets.last.serverClose(1006);
    await flush();
    expect(status()).toMatchObject({ state: 'reconnecting', polling: true });
    // One status says it all: reconnecting, polling and why.
    expect(statuses.find((entry) => entry.state === 'reconnecting')).toMatchObject({
      polling: true,
      lastError: { code: 'CONNECTION_LOST' },
    });
    expect(httpGet).toHaveBeenCalledTimes(1);
    expect(describeItems(orders.items)).toEqual(['snapshot:polling']);
    expect(describeItems(positions.items)).toEqual(['snapshot:polling']);
    expect(positions.items[0]).toMatchObject({ data: [{ symbol: 'INFY' }] });
    expect(activity.items).toEqual([]);

    jest.advanceTimersByTime(1000);
    await flush();
    sockets.last.fail('refused');
    jest.advanceTimersByTime(1000);
    await flush();
    expect(httpGet).toHaveBeenCalledTimes(2);
    expect(status().polling).toBe(true);

    jest.advanceTimersByTime(1000);
    await flush();
    sockets.last.accept();
    expect(status()).toMatchObject({ state: 'connected', polling: false });
    jest.advanceTimersByTime(10_000);
    await flush();
    expect(httpGet).toHaveBeenCalledTimes(2);
    client.close();
  });

  it('reports server error events on errors$ and as the last error', async () => {
    const { client, sockets, errors, status } = createHarness();
    collect(client.channel('orders'));
    await flush();
    sockets.last.accept();
    sockets.last.receive({
      event: 'error',
      data: {
        code: 'SUBSCRIPTION_ERROR',
        error: { what: 'Subscription failed', why: 'Invalid channel name', how: 'Use a valid channel' },
      },
    });
    expect(errors).toMatchObject([
      { code: 'SUBSCRIPTION_ERROR', what: 'Subscription failed', why: 'Invalid channel name' },
    ]);
    expect(status().lastError).toMatchObject({ code: 'SUBSCRIPTION_ERROR' });
    expect(status().state).toBe('connected');
    client.close();
  });

  it('skips malformed frames with a warning and a PARSE_ERROR, and keeps going', async () => {
    const { client, sockets, errors, warnings, status } = createHarness();
    const orders = collect(client.channel('orders'));
    await flush();
    sockets.last.accept();
    sockets.last.receive(subscribedMessage(['orders']));
    sockets.last.receive('{"event": "orders:update", "data": ');
    sockets.last.receive({ event: 'no:such', data: {} });
    sockets.last.receive({
      ...orderEvent(1),
      data: { ...orderEvent(1).data, order: { ...orderEvent(1).data.order, qty: '5' } },
    });
    sockets.last.onmessage?.({ data: new ArrayBuffer(4) });
    sockets.last.receive(orderEvent(2));
    expect(errors.map((error) => error.code)).toEqual(['PARSE_ERROR', 'PARSE_ERROR', 'PARSE_ERROR', 'PARSE_ERROR']);
    expect(errors[2].why).toContain('data.order.qty');
    expect(warnings).toHaveLength(4);
    expect(describeItems(orders.items)).toEqual(['event:2']);
    expect(status().state).toBe('streaming');
    expect(status().lastError).toBeUndefined();
    client.close();
  });
});
