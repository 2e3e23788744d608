import fc from 'fast-check';
import { CLIENT_DEFAULTS } from './clientDefaults';
import type { ChannelItem, SkippedMessage } from './types';
import {
  SNAPSHOT_PARTS,
  collect,
  createHarness,
  flush,
  orderEvent,
  snapshotBody,
  subscribedMessage,
} from './testing/clientTestHarness';

beforeEach(() => {
  jest.useFakeTimers({ now: 1_000_000 });
});

afterEach(() => {
  jest.useRealTimers();
});

function kinds(items: ChannelItem[]): string[] {
  return items.map((item) => (item.kind === 'event' ? `event:${item.seq}` : item.kind));
}

describe('createMciClient: REST bodies', () => {
  it('gives up a gap-healing read that hangs, releases the held events and marks the gap', async () => {
    const httpGet = jest.fn(() => new Promise<unknown>(() => undefined));
    const { client, sockets, errors } = createHarness({ httpGet });
    const orders = collect(client.channel('orders'));
    await flush();
    sockets.last.accept();
    sockets.last.receive(subscribedMessage(['orders']));
    await flush();
    expect(httpGet).toHaveBeenCalledTimes(1);
    sockets.last.receive(orderEvent(1));
    sockets.last.receive(orderEvent(2));
    expect(kinds(orders.items)).toEqual([]);

    jest.advanceTimersByTime(CLIENT_DEFAULTS.healTimeoutMs - 1);
    await flush();
    expect(kinds(orders.items)).toEqual([]);
    jest.advanceTimersByTime(1);
    await flush();
    expect(kinds(orders.items)).toEqual(['event:1', 'event:2', 'gap']);
    expect(errors).toMatchObject([
      { code: 'CONNECTION_FAILED', why: expect.stringContaining('no answer within 5000 ms') },
    ]);
    // The channel flows again.
    sockets.last.receive(orderEvent(3));
    expect(kinds(orders.items)).toEqual(['event:1', 'event:2', 'gap', 'event:3']);
    client.close();
  });

  it('skips and counts bad items of a polled snapshot, and hands on the good ones', async () => {
    const [position] = SNAPSHOT_PARTS.positions;
    const httpGet = jest.fn(async () => ({
      ...snapshotBody({}),
      positions: [position, null, { ...position, qty: 'x' }],
    }));
    const { client, sockets, warnings } = createHarness({ httpGet });
    const skipped: SkippedMessage[] = [];
    client.skipped$.subscribe((item) => skipped.push(item));
    const positions = collect(client.channel('positions'));
    await flush();
    sockets.last.fail('refused');
    await flush();
    expect(positions.items).toMatchObject([{ kind: 'snapshot', reason: 'polling', data: [position] }]);
    expect(skipped).toEqual([
      { channel: 'positions', source: 'rest', error: expect.objectContaining({ code: 'PARSE_ERROR' }) },
      { channel: 'positions', source: 'rest', error: expect.objectContaining({ code: 'PARSE_ERROR' }) },
    ]);
    expect(skipped[1].error.why).toBe(
      'GET /api/telemetry/snapshot: positions[2].qty: expected a finite number, got string "x"'
    );
    expect(warnings.filter((warning) => warning.message.startsWith('skipped an invalid REST item'))).toHaveLength(2);
    client.close();
  });

  it('never ends a channel stream or throws, whatever the polled or healing body', async () => {
    const part = fc.oneof(fc.anything(), fc.array(fc.anything(), { maxLength: 3 }));
    const body = fc.oneof(
      fc.anything(),
      fc.record(
        { epoch: fc.anything(), seq: fc.anything(), positions: part, orders: part, account: part, market: part },
        { requiredKeys: [] }
      )
    );
    await fc.assert(
      fc.asyncProperty(body, async (answer) => {
        const httpGet = async () => answer;
        const { client, sockets } = createHarness({ httpGet });
        const streams = (['positions', 'orders', 'account', 'market'] as const).map((name) =>
          collect(client.channel(name))
        );
        await flush();
        sockets.last.accept();
        sockets.last.receive(subscribedMessage(['positions', 'orders', 'account', 'market']));
        await flush();
        sockets.last.fail('refused');
        await flush();
        jest.advanceTimersByTime(1000);
        await flush();
        sockets.last.accept();
        sockets.last.receive(orderEvent(5));
        expect(streams.map((stream) => stream.completed())).toEqual([false, false, false, false]);
        for (const item of streams.flatMap((stream) => stream.items)) {
          if (item.kind === 'snapshot' && item.channel !== 'account') {
            expect(Array.isArray(item.data)).toBe(true);
          }
        }
        client.close();
      }),
      { numRuns: 200 }
    );
  });
});
