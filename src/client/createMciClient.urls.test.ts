import { WS_URL, collect, createHarness, flush, subscribedMessage } from './testing/clientTestHarness';

const OTHER = 'ws://gateway-2:8080/telemetry';

beforeEach(() => {
  jest.useFakeTimers({ now: 1_000_000 });
});

afterEach(() => {
  jest.useRealTimers();
});

describe('createMciClient: several gateway URLs', () => {
  it('moves to the next URL after a lost connection and resumes there from the last seq', async () => {
    const { client, sockets } = createHarness({ wsUrls: [OTHER], random: () => 0 });
    collect(client.channel('orders'));
    await flush();
    expect(sockets.last.url).toBe(WS_URL);
    sockets.last.accept();
    sockets.last.receive(subscribedMessage(['orders']));
    sockets.last.receive({ event: 'orders:update', data: order('a'), seq: 7 });
    sockets.last.serverClose(1006);
    jest.advanceTimersByTime(2000);
    await flush();
    expect(sockets.last.url).toBe(OTHER);
    sockets.last.accept();
    expect(sockets.last.sentEvents('subscribe')).toEqual([
      { channels: ['orders'], resume: { orders: { epoch: 'e1', seq: 7 } } },
    ]);
    client.close();
  });

  it('goes round the URLs while none answers', async () => {
    const { client, sockets } = createHarness({ wsUrls: [OTHER], random: () => 0 });
    collect(client.channel('orders'));
    await flush();
    const urls: string[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      urls.push(sockets.last.url);
      sockets.last.serverClose(1006);
      jest.advanceTimersByTime(20_000);
      await flush();
    }
    expect(urls).toEqual([WS_URL, OTHER, WS_URL, OTHER]);
    client.close();
  });

  it('refuses a list entry that is not a WebSocket URL, naming it', () => {
    expect(() => createHarness({ wsUrls: ['http://gateway-2'] })).toThrow(/wsUrls\[0\].*ws:\/\//);
  });
});

function order(id: string) {
  return {
    type: 'new',
    order: {
      id,
      symbol: 'TCS',
      side: 'buy',
      type: 'limit',
      qty: 1,
      filledQty: 0,
      price: 1,
      status: 'new',
      createdAt: 1,
    },
    timestamp: 1,
  };
}
