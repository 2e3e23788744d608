import type { ChannelItem } from './types';
import {
  SNAPSHOT_PARTS,
  collect,
  createHarness,
  flush,
  positionsEvent,
  subscribedMessage,
} from './testing/clientTestHarness';

beforeEach(() => {
  jest.useFakeTimers({ now: 1_000_000 });
});

afterEach(() => {
  jest.useRealTimers();
});

function marketEvent(seq: number, symbols: Record<string, number>) {
  return {
    event: 'market:update',
    seq,
    data: {
      symbols: Object.fromEntries(
        Object.entries(symbols).map(([symbol, price]) => [symbol, { price, change: 0, changePercent: 0, volume: 1 }])
      ),
      timestamp: 1_706_400_000_000 + seq,
    },
  };
}

/** Each item as `event:<seq>:<snapshot>` with the event's data. */
function stateOf(items: ChannelItem[]) {
  return items.map((item) =>
    item.kind === 'event' ? { seq: item.seq, snapshot: item.snapshot, data: item.message.data } : { kind: item.kind }
  );
}

describe('createMciClient: the latest state to every new subscriber', () => {
  it('hands a positions re-query within the linger the current book at once', async () => {
    const { client, sockets } = createHarness({ lingerMs: 5000 });
    const first = collect(client.channel('positions'));
    await flush();
    sockets.last.accept();
    sockets.last.receive(subscribedMessage(['positions']));
    sockets.last.receive(positionsEvent(1, true));
    sockets.last.receive(positionsEvent(2));
    first.subscription.unsubscribe();
    jest.advanceTimersByTime(3000);
    await flush();

    const again = collect(client.channel('positions'));
    expect(stateOf(again.items)).toEqual([{ seq: 2, snapshot: true, data: positionsEvent(2).data }]);
    // Still the one subscription on the server, and live events keep coming after the replay.
    expect(sockets.last.sentEvents('subscribe')).toHaveLength(1);
    sockets.last.receive(positionsEvent(3));
    expect(stateOf(again.items).map((item) => item.seq)).toEqual([2, 3]);
    client.close();
  });

  it('hands a second concurrent subscriber (another panel) the current state, and the first one nothing twice', async () => {
    const { client, sockets } = createHarness();
    const first = collect(client.channel('health'));
    await flush();
    sockets.last.accept();
    sockets.last.receive(subscribedMessage(['health']));
    const health = {
      event: 'health:update',
      seq: 4,
      data: { cpu: 103, memory: 45, latency: 25, uptime: 1, lastHeartbeat: 1, status: 'warning', timestamp: 1 },
    };
    sockets.last.receive(health);

    const second = collect(client.channel('health'));
    expect(stateOf(second.items)).toEqual([{ seq: 4, snapshot: true, data: health.data }]);
    expect(stateOf(first.items)).toEqual([{ seq: 4, snapshot: false, data: health.data }]);
    client.close();
  });

  it('keeps the latest quote of every market symbol and replays them as one market update', async () => {
    const { client, sockets } = createHarness();
    collect(client.channel('market'));
    await flush();
    sockets.last.accept();
    sockets.last.receive(subscribedMessage(['market']));
    sockets.last.receive(marketEvent(1, { TCS: 1, INFY: 2 }));
    sockets.last.receive(marketEvent(2, { TCS: 3 }));

    const second = collect(client.channel('market'));
    expect(stateOf(second.items)).toEqual([
      {
        seq: 2,
        snapshot: true,
        data: {
          symbols: { ...marketEvent(1, { INFY: 2 }).data.symbols, ...marketEvent(2, { TCS: 3 }).data.symbols },
          timestamp: 1_706_400_000_002,
        },
      },
    ]);
    client.close();
  });

  it('replays the last REST snapshot of a state channel polled while the socket is down', async () => {
    const httpGet = jest.fn(async () => ({ account: SNAPSHOT_PARTS.account }));
    const { client, sockets } = createHarness({ httpGet });
    collect(client.channel('account'));
    await flush();
    sockets.last.fail('refused');
    await flush();

    const second = collect(client.channel('account'));
    expect(second.items).toMatchObject([{ kind: 'snapshot', reason: 'polling', data: SNAPSHOT_PARTS.account }]);
    client.close();
  });

  it('starts from nothing after the linger ended, and replays nothing on event channels', async () => {
    const { client, sockets } = createHarness({ lingerMs: 1000 });
    const positions = collect(client.channel('positions'));
    const orders = collect(client.channel('orders'));
    await flush();
    sockets.last.accept();
    sockets.last.receive(subscribedMessage(['positions', 'orders']));
    sockets.last.receive(positionsEvent(1));
    positions.subscription.unsubscribe();
    jest.advanceTimersByTime(1000);
    await flush();
    expect(collect(client.channel('positions')).items).toEqual([]);
    expect(collect(client.channel('orders')).items).toEqual([]);
    expect(orders.items).toEqual([]);
    client.close();
  });
});
