/**
 * The protocol client (src/client) against the real simulator process, in Node with the `ws`
 * package: one shared socket, a server restart with backoff, resume and REST healing, polling while
 * down, heartbeat answers and dead-peer detection, and malformed frames from a scripted server.
 */
import type { AddressInfo } from 'net';
import WebSocket, { WebSocketServer } from 'ws';
import {
  createMciClient,
  type ChannelItem,
  type ClientError,
  type ClientOptions,
  type ClientStatus,
  type MciClient,
  type WebSocketLike,
} from '../../src/client';
import type { Channel } from '../../src/protocol';
import { waitFor } from '../support/prometheus';
import { startSimulator, type RunningSimulator } from '../support/simulator';

jest.setTimeout(30_000);

const webSocketFactory = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

function httpGetFrom(httpUrl: string) {
  return async (path: string): Promise<unknown> => {
    const response = await fetch(`${httpUrl}${path}`);
    if (!response.ok) {
      throw new Error(`HTTP ${response.status} from GET ${path}`);
    }
    return response.json();
  };
}

interface Recorded {
  client: MciClient;
  statuses: Array<ClientStatus & { seenAt: number }>;
  errors: ClientError[];
  warnings: string[];
  items: Map<Channel, ChannelItem[]>;
  status(): ClientStatus;
}

const clients: MciClient[] = [];
const simulators: RunningSimulator[] = [];

function recordedClient(wsUrl: string, httpUrl: string | undefined, overrides: Partial<ClientOptions> = {}): Recorded {
  const warnings: string[] = [];
  const client = createMciClient({
    wsUrl,
    webSocketFactory,
    httpGet: httpUrl ? httpGetFrom(httpUrl) : undefined,
    // No jitter: the backoff schedule is then exact and can be compared.
    jitter: 0,
    lingerMs: 200,
    logger: { warn: (message) => warnings.push(message) },
    ...overrides,
  });
  clients.push(client);
  const statuses: Recorded['statuses'] = [];
  const errors: ClientError[] = [];
  client.status$.subscribe((status) => statuses.push({ ...status, seenAt: Date.now() }));
  client.errors$.subscribe((error) => errors.push(error));
  return { client, statuses, errors, warnings, items: new Map(), status: () => statuses[statuses.length - 1] };
}

function follow(recorded: Recorded, channel: Channel) {
  const items: ChannelItem[] = recorded.items.get(channel) ?? [];
  recorded.items.set(channel, items);
  return recorded.client.channel(channel).subscribe((item) => items.push(item));
}

async function until(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  await waitFor(what, async () => (predicate() ? true : undefined), timeoutMs, 20);
}

async function metric(httpUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  if (line === undefined) {
    throw new Error(`/metrics has no ${name}`);
  }
  return Number(line.split(' ')[1]);
}

/** Each seq is the previous one plus one. */
function expectConsecutive(seqs: number[]): void {
  expect(seqs.length).toBeGreaterThan(0);
  expect(seqs).toEqual(seqs.map((_, index) => seqs[0] + index));
}

function eventSeqs(items: ChannelItem[]): number[] {
  return items.flatMap((item) => (item.kind === 'event' && item.seq !== undefined ? [item.seq] : []));
}

afterEach(async () => {
  clients.splice(0).forEach((client) => client.close());
  await Promise.all(simulators.splice(0).map((simulator) => simulator.stop('SIGKILL')));
});

async function simulator(args: string[], port?: number): Promise<RunningSimulator> {
  const running = await startSimulator({ args: ['--seed', '7', ...args], port });
  simulators.push(running);
  return running;
}

describe('client against the real simulator', () => {
  it('hands a re-query within the linger and a second panel the latest state at once', async () => {
    const sim = await simulator(['--speed', '5']);
    const recorded = recordedClient(sim.wsUrl, sim.httpUrl, { lingerMs: 5000 });
    const first = follow(recorded, 'positions');
    const health = follow(recorded, 'health');
    await until('a positions and a health event', () =>
      (['positions', 'health'] as Channel[]).every((channel) =>
        (recorded.items.get(channel) ?? []).some((item) => item.kind === 'event')
      )
    );
    const lastEvent = (channel: Channel) =>
      [...(recorded.items.get(channel) ?? [])].reverse().find((item) => item.kind === 'event');

    // The query is re-run (time range change): unsubscribe, subscribe again within the linger.
    first.unsubscribe();
    const expected = lastEvent('positions');
    const again: ChannelItem[] = [];
    recorded.client.channel('positions').subscribe((item) => again.push(item));
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ kind: 'event', snapshot: true });
    expect(again[0].kind === 'event' && again[0].message.data).toEqual(
      expected?.kind === 'event' && expected.message.data
    );

    // A second panel on a live state channel.
    const secondPanel: ChannelItem[] = [];
    recorded.client.channel('health').subscribe((item) => secondPanel.push(item));
    expect(secondPanel).toMatchObject([{ kind: 'event', snapshot: true }]);
    health.unsubscribe();
  });

  it('shares one socket across 10 concurrent subscriptions on 6 channels', async () => {
    const sim = await simulator(['--speed', '5', '--orders-per-second', '20']);
    const recorded = recordedClient(sim.wsUrl, sim.httpUrl);
    const subscriptions: Array<[Channel, ChannelItem[]]> = [];
    for (const channel of [
      'positions',
      'orders',
      'account',
      'health',
      'market',
      'activity',
      'orders',
      'market',
      'positions',
      'account',
    ] as Channel[]) {
      const items: ChannelItem[] = [];
      recorded.client.channel(channel).subscribe((item) => items.push(item));
      subscriptions.push([channel, items]);
    }
    await until('every subscription to receive an event', () =>
      subscriptions.every(([, items]) => items.some((item) => item.kind === 'event'))
    );
    expect(await metric(sim.httpUrl, 'mci_ws_clients_connected')).toBe(1);
    expect(recorded.client.subscribedChannels().sort()).toEqual([
      'account',
      'activity',
      'health',
      'market',
      'orders',
      'positions',
    ]);
    expect(recorded.status().state).toBe('streaming');
    expect(recorded.errors).toEqual([]);

    // Both subscribers of a channel see the same items.
    const orders = subscriptions.filter(([channel]) => channel === 'orders').map(([, items]) => eventSeqs(items));
    const shared = Math.min(orders[0].length, orders[1].length);
    expect(orders[0].slice(0, shared)).toEqual(orders[1].slice(0, shared));

    // A round trip over the same socket.
    const rttMs = await recorded.client.roundTrip(5000);
    expect(rttMs).toBeGreaterThanOrEqual(0);
    expect(await metric(sim.httpUrl, 'mci_ws_clients_connected')).toBe(1);

    recorded.client.close();
    await until('the server to count no client', () => recorded.status().state === 'disconnected');
    await waitFor(
      'the server to see the close',
      async () => ((await metric(sim.httpUrl, 'mci_ws_clients_connected')) === 0 ? true : undefined),
      5000,
      50
    );
  });

  it('survives a server restart: backoff schedule, resubscribe, gap marked and healed from REST, polling while down', async () => {
    const first = await simulator(['--orders-per-second', '20', '--reconnect-delay', '1000']);
    const recorded = recordedClient(first.wsUrl, first.httpUrl);
    follow(recorded, 'orders');
    follow(recorded, 'positions');
    await until('orders to flow', () => eventSeqs(recorded.items.get('orders')!).length >= 10);
    const firstEpoch = recorded.status().epoch;
    expect(firstEpoch).toBeDefined();

    // A crash (no `reconnect` announced), so the client follows the spec backoff; after an
    // announced restart it would retry every 500 ms instead (unit-tested).
    await first.stop('SIGKILL');
    simulators.splice(simulators.indexOf(first), 1);
    await until(
      'the client to reconnect with polling on',
      () => recorded.status().state === 'reconnecting' && recorded.status().polling
    );
    // Restart only after the third try is scheduled, so the schedule shows 1, 2, 4 s.
    await until('the third reconnect attempt', () => recorded.status().attempt === 3, 15_000);
    const second = await simulator(['--orders-per-second', '20'], first.port);
    await until(
      'orders to flow from the new server',
      () => recorded.status().epoch !== firstEpoch && recorded.status().state === 'streaming',
      15_000
    );
    await until('events after the heal', () => {
      const items = recorded.items.get('orders')!;
      const healed = items.findIndex((item) => item.kind === 'snapshot' && item.reason === 'gap');
      return healed >= 0 && eventSeqs(items.slice(healed)).length >= 5;
    });

    // Backoff: each reconnecting status says when it retries; rounded to absorb the clock's millisecond.
    const delays = recorded.statuses
      .filter((status, index, all) => status.state === 'reconnecting' && all[index - 1]?.state !== 'reconnecting')
      .map((status) => Math.round((status.nextRetryAt! - status.since) / 100) * 100);
    expect(delays).toEqual([1000, 2000, 4000]);
    expect(
      recorded.statuses.filter((status) => status.state === 'reconnecting').every((status) => status.polling)
    ).toBe(true);
    expect(recorded.status()).toMatchObject({ polling: false, attempt: 0 });
    expect(recorded.status().lastError).toBeUndefined();
    expect(recorded.client.subscribedChannels().sort()).toEqual(['orders', 'positions']);
    expect(await metric(second.httpUrl, 'mci_ws_clients_connected')).toBe(1);

    // Orders: every seq of the old epoch in order, one gap at the restart (what the old server sent
    // after the client's last event is unknown), healed from REST, then every seq of the new one.
    const items = recorded.items.get('orders')!;
    const gaps = items.flatMap((item, index) => (item.kind === 'gap' ? [index] : []));
    expect(gaps).toHaveLength(1);
    const before = items.slice(0, gaps[0]);
    const after = items.slice(gaps[0] + 1);
    expectConsecutive(eventSeqs(before));
    expectConsecutive(eventSeqs(after));
    // Resumed from the start of the new epoch: every event the new server published, from seq 1, even
    // those of the seconds before the client came back (its history holds them).
    // (How many that is depends on when a REST poll saw the new server and cut the backoff short.)
    expect(eventSeqs(after)[0]).toBe(1);
    const healed = after.find((item) => item.kind === 'snapshot' && item.reason === 'gap');
    expect(healed).toBeDefined();
    const orders = (healed as { data: unknown }).data as Array<{ id: string; status: string }>;
    // The new server's book: it may still be empty when a poll saw the server up within
    // milliseconds of its start, so only its shape is checked.
    expect(Array.isArray(orders)).toBe(true);
    expect(orders.every((order) => typeof order.id === 'string' && typeof order.status === 'string')).toBe(true);
    // Positions (a state channel) is marked and healed the same way, then streams again.
    const positions = recorded.items.get('positions')!;
    const positionsGap = positions.findIndex((item) => item.kind === 'gap');
    expect(positionsGap).toBeGreaterThan(0);
    expect(positions.slice(positionsGap).some((item) => item.kind === 'snapshot' && item.reason === 'gap')).toBe(true);
  });

  it('resumes without losing an event when the server drops the socket, polling REST meanwhile', async () => {
    const sim = await simulator(['--orders-per-second', '20']);
    const recorded = recordedClient(sim.wsUrl, sim.httpUrl);
    follow(recorded, 'orders');
    follow(recorded, 'positions');
    await until('orders to flow', () => eventSeqs(recorded.items.get('orders')!).length >= 10);
    const response = await fetch(`${sim.httpUrl}/api/sim/disconnect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'SERVER_ERROR' }),
    });
    expect(response.status).toBe(200);
    await until('a polled snapshot while down', () =>
      recorded.items.get('positions')!.some((item) => item.kind === 'snapshot' && item.reason === 'polling')
    );
    const ordersAtDrop = eventSeqs(recorded.items.get('orders')!).length;
    await until(
      'the connection to come back',
      () => recorded.status().state === 'streaming' && !recorded.status().polling
    );
    await until(
      'orders after the reconnect',
      () => eventSeqs(recorded.items.get('orders')!).length >= ordersAtDrop + 20
    );

    expect(recorded.statuses.some((status) => status.state === 'reconnecting' && status.polling)).toBe(true);
    // Said by `error`, `connection:closed` and close 1011: reported once.
    expect(recorded.errors.map((error) => error.code)).toEqual(['SERVER_ERROR']);
    const orders = recorded.items.get('orders')!;
    expect(orders.some((item) => item.kind === 'gap')).toBe(false);
    expectConsecutive(eventSeqs(orders));
    expect(
      recorded.statuses
        .filter((status) => status.epoch !== undefined)
        .every((status) => status.epoch === recorded.status().epoch)
    ).toBe(true);
  });

  it('answers heartbeats, and detects a dead server after two missed heartbeats', async () => {
    const sim = await simulator(['--heartbeat-interval', '300']);
    const recorded = recordedClient(sim.wsUrl, undefined);
    follow(recorded, 'health');
    await until('streaming', () => recorded.status().state === 'streaming');
    // The server closes a client that leaves two heartbeats unanswered (600 ms): 2 s of silence from it proves the acks.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(recorded.statuses.map((status) => status.state)).not.toContain('reconnecting');
    expect(await metric(sim.httpUrl, 'mci_ws_clients_connected')).toBe(1);

    sim.process.kill('SIGSTOP');
    try {
      await until('the client to declare the server dead', () => recorded.status().state === 'reconnecting', 5000);
      expect(recorded.status().lastError).toMatchObject({ code: 'HEARTBEAT_TIMEOUT' });
    } finally {
      sim.process.kill('SIGCONT');
    }
    await until('the client to come back', () => recorded.status().state === 'streaming', 15_000);
    expect(recorded.status().attempt).toBe(0);
  });

  it('round-trips with a valid key and reports a wrong key, a wrong URL and a server that is down distinctly', async () => {
    const key = 'client-live-key-123';
    const sim = await simulator(['--api-key', key]);
    const withKey = (apiKey: string) => (url: string) =>
      new WebSocket(url, { headers: { authorization: `Bearer ${apiKey}` } }) as unknown as WebSocketLike;

    const good = recordedClient(sim.wsUrl, undefined, { webSocketFactory: withKey(key) });
    expect(await good.client.roundTrip(5000)).toBeGreaterThanOrEqual(0);
    await until('the idle socket to close', () => good.status().state === 'disconnected');

    const wrongKey = recordedClient(sim.wsUrl, undefined, { webSocketFactory: withKey('not-the-key-0000') });
    await expect(wrongKey.client.roundTrip(5000)).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });

    const wrongPath = recordedClient(`ws://127.0.0.1:${sim.port}/nope`, undefined, { webSocketFactory: withKey(key) });
    await expect(wrongPath.client.roundTrip(5000)).rejects.toMatchObject({
      code: 'CONNECTION_FAILED',
      why: expect.stringContaining('404'),
    });

    const stopped = await simulator([]);
    await stopped.stop();
    const down = recordedClient(stopped.wsUrl, undefined);
    await expect(down.client.roundTrip(5000)).rejects.toMatchObject({
      code: 'CONNECTION_FAILED',
      why: expect.stringContaining('ECONNREFUSED'),
    });
    // Nothing else wanted those connections: no retries.
    expect([wrongKey, wrongPath, down].map((recorded) => recorded.status().state)).toEqual([
      'disconnected',
      'disconnected',
      'disconnected',
    ]);
  });

  it('skips malformed frames from a scripted server and keeps the connection', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    let connections = 0;
    server.on('connection', (socket) => {
      connections += 1;
      socket.send(
        JSON.stringify({
          event: 'connection:ack',
          data: { connectionId: 'c1', serverTime: Date.now(), version: '1.0.0', epoch: 'e1' },
        })
      );
      socket.on('message', (raw) => {
        const message = JSON.parse(raw.toString()) as { event: string };
        if (message.event !== 'subscribe') {
          return;
        }
        socket.send(
          JSON.stringify({ event: 'subscribed', data: { channels: ['activity'], subscribedAt: Date.now() } })
        );
        socket.send('{"event": "activity:log", "data": ');
        socket.send(JSON.stringify({ event: 'activity:tweet', data: {} }));
        socket.send(
          JSON.stringify({
            event: 'activity:log',
            seq: 1,
            data: { id: 'a1', type: 'system', severity: 7, message: 'x', timestamp: 1 },
          })
        );
        socket.send(Buffer.from([1, 2, 3]), { binary: true });
        socket.send(
          JSON.stringify({
            event: 'activity:log',
            seq: 2,
            data: { id: 'a2', type: 'system', severity: 'info', message: 'ok', timestamp: 2 },
          })
        );
      });
    });
    try {
      const { port } = server.address() as AddressInfo;
      const recorded = recordedClient(`ws://127.0.0.1:${port}/telemetry`, undefined);
      follow(recorded, 'activity');
      await until('the valid event', () => recorded.items.get('activity')!.length > 0);
      expect(recorded.items.get('activity')).toMatchObject([
        { kind: 'event', seq: 2, message: { data: { id: 'a2' } } },
      ]);
      expect(recorded.errors.map((error) => error.code)).toEqual([
        'PARSE_ERROR',
        'PARSE_ERROR',
        'PARSE_ERROR',
        'PARSE_ERROR',
      ]);
      expect(recorded.errors[2].why).toContain('data.severity');
      expect(recorded.warnings).toHaveLength(4);
      expect(recorded.status().state).toBe('streaming');
      expect(connections).toBe(1);
      recorded.client.close();
    } finally {
      server.clients.forEach((socket) => socket.terminate());
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
