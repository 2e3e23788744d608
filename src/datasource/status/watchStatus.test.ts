import { event, eventOf, order, T0 } from '../testing/channelItems';
import { createFakeClient } from '../testing/fakeClient';
import { watchStatus, type InstanceStatus } from './watchStatus';

beforeEach(() => jest.useFakeTimers({ now: T0 }));
afterEach(() => jest.useRealTimers());

function start(roundTrip: () => Promise<number> = async () => 7) {
  const client = createFakeClient({ wsUrl: 'ws://mci.test/telemetry', webSocketFactory: () => undefined as never });
  client.roundTripResult = roundTrip;
  const statuses: InstanceStatus[] = [];
  const subscription = watchStatus(client, {
    channels: ['orders', 'health'],
    intervalMs: 1_000,
    windowMs: 2_000,
    roundTripEveryMs: 5_000,
    roundTripTimeoutMs: 1_000,
  }).subscribe((status) => statuses.push(status));
  return { client, statuses, subscription, last: () => statuses[statuses.length - 1] };
}

describe('watchStatus', () => {
  it('emits the connection status at once, then every interval with the rate and last event per channel', async () => {
    const { client, statuses, last, subscription } = start();
    expect(statuses[0].connection.state).toBe('streaming');
    expect(statuses[0].channels.map((channel) => channel.channel)).toEqual(['orders', 'health']);
    for (let n = 0; n < 4; n++) {
      client.emit(
        event(
          { event: 'orders:update', data: { type: 'new', order: order({ id: `o-${n}` }), timestamp: T0 } },
          T0 + 1_500
        )
      );
    }
    await jest.advanceTimersByTimeAsync(2_000);
    expect(last().channels).toEqual([
      { channel: 'orders', eventsPerSecond: 2, lastEventAt: T0 + 1_500 },
      { channel: 'health', eventsPerSecond: 0 },
    ]);
    subscription.unsubscribe();
  });

  it('measures a round trip while the socket is up, and none while it is down', async () => {
    const roundTrip = jest.fn(async () => 12);
    const { client, last, subscription } = start(roundTrip);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(last().roundTrip).toEqual({ ms: 12, at: expect.any(Number) });
    client.statusSubject.next({ state: 'reconnecting', attempt: 1, polling: true, since: T0 + 1_000 });
    const calls = roundTrip.mock.calls.length;
    await jest.advanceTimersByTimeAsync(10_000);
    expect(roundTrip.mock.calls.length).toBe(calls);
    expect(last().connection).toMatchObject({ state: 'reconnecting', polling: true });
    subscription.unsubscribe();
  });

  it('says why a round trip failed', async () => {
    const { last, subscription } = start(async () => {
      throw new Error('no heartbeat answer within 1000 ms');
    });
    await jest.advanceTimersByTimeAsync(1_000);
    expect(last().roundTrip).toEqual({ error: 'no heartbeat answer within 1000 ms', at: expect.any(Number) });
    subscription.unsubscribe();
  });

  it('does not count the state handed to a new subscriber as traffic', async () => {
    const { client, subscription } = start();
    client.emit(eventOf('health', T0));
    subscription.unsubscribe();
    const seen: InstanceStatus[] = [];
    const again = watchStatus(client, {
      channels: ['health'],
      intervalMs: 1_000,
      windowMs: 2_000,
      roundTripEveryMs: 5_000,
      roundTripTimeoutMs: 1_000,
    }).subscribe((status) => seen.push(status));
    await jest.advanceTimersByTimeAsync(1_000);
    expect(seen[seen.length - 1].channels).toEqual([{ channel: 'health', eventsPerSecond: 0 }]);
    client.emit(eventOf('health', T0 + 1_500));
    await jest.advanceTimersByTimeAsync(1_000);
    expect(seen[seen.length - 1].channels[0].eventsPerSecond).toBeGreaterThan(0);
    again.unsubscribe();
  });

  it('releases every channel it subscribed and stops its timer when unsubscribed', async () => {
    const { client, statuses, subscription } = start();
    expect(client.subscribedChannels().sort()).toEqual(['health', 'orders']);
    subscription.unsubscribe();
    expect(client.subscribedChannels()).toEqual([]);
    const count = statuses.length;
    await jest.advanceTimersByTimeAsync(5_000);
    expect(statuses.length).toBe(count);
    expect(jest.getTimerCount()).toBe(0);
  });
});
