import type { SkippedMessage } from './types';
import { collect, createHarness, flush, subscribedMessage } from './testing/clientTestHarness';

beforeEach(() => {
  jest.useFakeTimers({ now: 1_000_000 });
});

afterEach(() => {
  jest.useRealTimers();
});

const HEALTH = {
  cpu: 25,
  memory: 45,
  latency: 25,
  uptime: 3_600_000,
  lastHeartbeat: 1_706_400_000_000,
  status: 'healthy',
  timestamp: 1_706_400_000_000,
};

function healthEvent(seq: number, change: Record<string, unknown> = {}) {
  return { event: 'health:update', seq, data: { ...HEALTH, ...change } };
}

async function streamingHealth() {
  const harness = createHarness({ batchMs: 20 });
  const skipped: SkippedMessage[] = [];
  harness.client.skipped$.subscribe((item) => skipped.push(item));
  const health = collect(harness.client.channel('health'));
  await flush();
  harness.sockets.last.accept();
  harness.sockets.last.receive(subscribedMessage(['health']));
  return { ...harness, skipped, health };
}

function healthData(items: unknown[]): unknown[] {
  return items.map((item) => (item as { message: { data: unknown } }).message.data);
}

describe('createMciClient: skipped messages', () => {
  it.each([
    ['a health status beyond the known three', { status: 'warning' }],
    ['a cpu above 100 %', { cpu: 103 }],
    ['a negative latency', { latency: -4 }],
  ])('delivers %s as sent, without skipping anything', async (_description, change) => {
    const { client, sockets, health, skipped, errors } = await streamingHealth();
    sockets.last.receive(healthEvent(1, change));
    expect(healthData(health.items)).toEqual([{ ...HEALTH, ...change }]);
    expect(skipped).toEqual([]);
    expect(errors).toEqual([]);
    client.close();
  });

  it('delivers the other members of a batch with one bad member, and counts, logs and reports the bad one', async () => {
    const { client, sockets, health, skipped, warnings, errors } = await streamingHealth();
    sockets.last.receive({
      event: 'batch',
      data: { events: [healthEvent(1), healthEvent(2, { cpu: 'high' }), healthEvent(3, { status: 'warning' })] },
    });
    expect(healthData(health.items)).toEqual([HEALTH, { ...HEALTH, status: 'warning' }]);
    expect(skipped).toEqual([
      {
        channel: 'health',
        source: 'websocket',
        error: expect.objectContaining({
          code: 'PARSE_ERROR',
          why: 'data.events[1].data.cpu: expected a finite number, got string "high"',
        }),
      },
    ]);
    expect(warnings).toEqual([
      { message: expect.stringContaining('of health: data.events[1].data.cpu'), detail: skipped[0].error },
    ]);
    expect(errors).toEqual([skipped[0].error]);
    client.close();
  });

  it('counts a frame that is not JSON without a channel, and a bad data event with its channel', async () => {
    const { client, sockets, skipped, status } = await streamingHealth();
    sockets.last.receive('{"event": "health:update", ');
    sockets.last.receive(healthEvent(1, { memory: null }));
    expect(skipped.map((item) => [item.channel, item.source, item.error.code])).toEqual([
      [undefined, 'websocket', 'PARSE_ERROR'],
      ['health', 'websocket', 'PARSE_ERROR'],
    ]);
    expect(status().lastError).toBeUndefined();
    client.close();
  });
});
