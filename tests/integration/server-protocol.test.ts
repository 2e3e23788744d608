/**
 * The simulator server through its CLI, talked to with plain `ws` clients and fetch: every event
 * of spec 001 and the extension channels, each error code, heartbeat, batching, REST against the
 * socket, and the control API.
 */
import { CHANNELS, CHANNEL_EVENTS, MAX_BATCH_MS, type DataMessage, type ServerMessage } from '../../src/protocol';
import { startSimulator, type RunningSimulator } from '../support/simulator';
import { connect, isEvent, type TestClient } from '../support/wsClient';

jest.setTimeout(30_000);

const HEARTBEAT_MS = 500;
let sim: RunningSimulator;
const clients: TestClient[] = [];

async function client(options: Parameters<typeof connect>[1] = {}): Promise<TestClient> {
  const created = await connect(sim.wsUrl, options);
  clients.push(created);
  await created.next(isEvent('connection:ack'));
  return created;
}

const isData = (message: ServerMessage): message is DataMessage => 'seq' in message && message.event.includes(':');
const dataOf = (c: TestClient, event: string) => c.received.map((r) => r.message).filter((m) => m.event === event);

beforeAll(async () => {
  sim = await startSimulator({
    args: [
      '--speed',
      '20',
      '--orders-per-second',
      '2',
      '--heartbeat-interval',
      String(HEARTBEAT_MS),
      '--scenario',
      'cpu-spike@0s/10m',
      '--rate-limit',
      '100',
    ],
  });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  expect(await sim.stop()).toBe(0);
});

describe('connection and subscription', () => {
  it('acknowledges with id, time, version, epoch and the heartbeat interval', async () => {
    const c = await connect(sim.wsUrl);
    clients.push(c);
    const ack = await c.next(isEvent('connection:ack'));
    expect(ack.data).toEqual({
      connectionId: expect.stringMatching(/^ws-/),
      serverTime: expect.any(Number),
      version: '1.0.0',
      epoch: expect.any(String),
      heartbeatIntervalMs: HEARTBEAT_MS,
    });
    expect(Math.abs(ack.data.serverTime - Date.now())).toBeLessThan(5000);
  });

  it('delivers every channel with valid payloads, seq +1 per channel, and snapshots of state channels first', async () => {
    const c = await connect(sim.wsUrl);
    clients.push(c);
    const { epoch } = (await c.next(isEvent('connection:ack'))).data;
    // The cpu-spike alert may have been raised before this client connected: replay the alerts
    // channel from its start (resume at seq 0), so its event is seen whenever it happened.
    c.send({ event: 'subscribe', data: { channels: [...CHANNELS], resume: { alerts: { epoch: epoch!, seq: 0 } } } });
    const subscribed = await c.next(isEvent('subscribed'));
    expect(subscribed.data.channels).toEqual([...CHANNELS]);
    expect(subscribed.data.recovered).toEqual({ alerts: true });
    for (const channel of CHANNELS) {
      await c.next((m) => m.event === CHANNEL_EVENTS[channel] && !('snapshot' in m && m.snapshot), 15_000);
    }
    expect(c.invalid).toEqual([]);
    for (const channel of ['positions', 'account', 'health', 'market', 'services'] as const) {
      const first = dataOf(c, CHANNEL_EVENTS[channel])[0];
      expect(first).toMatchObject({ snapshot: true });
    }
    for (const channel of CHANNELS) {
      const seqs = dataOf(c, CHANNEL_EVENTS[channel])
        .filter((m) => isData(m) && !m.snapshot)
        .map((m) => (m as DataMessage).seq!);
      seqs.forEach((seq, index) => expect(seq).toBe(seqs[0] + index));
    }
  });

  it('unsubscribes and stops sending that channel', async () => {
    const c = await client();
    c.send({ event: 'subscribe', data: { channels: ['market', 'orders'] } });
    await c.next(isEvent('subscribed'));
    c.send({ event: 'unsubscribe', data: { channels: ['market'] } });
    const unsubscribed = await c.next(isEvent('unsubscribed'));
    expect(unsubscribed.data).toEqual({ channels: ['market'], unsubscribedAt: expect.any(Number) });
    const after = c.received.length;
    await c.next((m) => m.event === 'orders:update', 5000, after);
    await new Promise((resolve) => setTimeout(resolve, 200)); // market ticks every 50 ms at --speed 20
    expect(c.received.slice(after).filter((r) => r.message.event === 'market:update')).toEqual([]);
  });

  it('answers disconnect with connection:closed client_disconnect and a normal close', async () => {
    const c = await client();
    c.send({ event: 'disconnect' });
    const closed = await c.next(isEvent('connection:closed'));
    expect(closed.data.reason).toBe('client_disconnect');
    expect((await c.closed).code).toBe(1000);
  });
});

describe('errors', () => {
  it('answers an unknown channel with SUBSCRIPTION_ERROR and what/why/how, and stays open', async () => {
    const c = await client();
    c.send({ event: 'subscribe', data: { channels: ['orders', 'trades'] } });
    const error = await c.next(isEvent('error'));
    expect(error.data).toEqual({
      code: 'SUBSCRIPTION_ERROR',
      error: {
        what: 'Subscription failed',
        why: expect.stringContaining('"trades"'),
        how: expect.stringContaining('positions'),
      },
    });
    c.send({ event: 'subscribe', data: { channels: ['orders'] } });
    await c.next(isEvent('subscribed'));
  });

  it.each([
    ['not JSON', '{"event": '],
    ['an array', '[1,2]'],
    ['an unknown event', '{"event":"hello","data":{}}'],
    ['a server event', '{"event":"heartbeat","data":{"serverTime":1,"connectionUptime":1}}'],
    ['a bad field', '{"event":"heartbeat:ack","data":{"clientTime":-4}}'],
  ])('answers %s with INVALID_MESSAGE naming the problem, never fatal', async (_name, text) => {
    const c = await client();
    c.sendRaw(text);
    const error = await c.next(isEvent('error'));
    expect(error.data.code).toBe('INVALID_MESSAGE');
    expect(error.data.error.why.length).toBeGreaterThan(5);
    c.send({ event: 'subscribe', data: { channels: ['health'] } });
    await c.next(isEvent('subscribed'));
  });

  it('closes a frame over --max-payload with MESSAGE_TOO_LARGE and 1009', async () => {
    const c = await client();
    c.sendRaw(JSON.stringify({ event: 'subscribe', data: { channels: ['orders'], pad: 'x'.repeat(70_000) } }));
    const error = await c.next(isEvent('error'));
    expect(error.data.code).toBe('MESSAGE_TOO_LARGE');
    const closed = await c.next(isEvent('connection:closed'));
    expect(closed.data).toMatchObject({ reason: 'error', code: 'MESSAGE_TOO_LARGE' });
    expect((await c.closed).code).toBe(1009);
  });

  it('answers a flood with RATE_LIMITED once, then closes with 4008 when it goes on', async () => {
    const c = await client();
    for (let i = 0; i < 400; i += 1) {
      c.send({ event: 'heartbeat:ack', data: { clientTime: Date.now() } });
    }
    const error = await c.next(isEvent('error'));
    expect(error.data.code).toBe('RATE_LIMITED');
    const closed = await c.next(isEvent('connection:closed'));
    expect(closed.data).toMatchObject({ reason: 'error', code: 'RATE_LIMITED' });
    expect((await c.closed).code).toBe(4008);
    // Once per burst, not once per message: on a loaded machine a pause of 10 ms between two
    // messages refills a token and starts a new burst, so a few answers are possible, not 300.
    const errors = c.received.filter((r) => r.message.event === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors.length).toBeLessThan(10);
    expect(errors.every((r) => r.message.event === 'error' && r.message.data.code === 'RATE_LIMITED')).toBe(true);
  });

  it('ends sessions with SERVER_ERROR when the control API says so', async () => {
    const c = await client();
    const response = await fetch(`${sim.httpUrl}/api/sim/disconnect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'SERVER_ERROR' }),
    });
    expect(response.status).toBe(200);
    const error = await c.next(isEvent('error'));
    expect(error.data.code).toBe('SERVER_ERROR');
    expect(await c.next(isEvent('connection:closed'))).toMatchObject({
      data: { reason: 'error', code: 'SERVER_ERROR' },
    });
    expect((await c.closed).code).toBe(1011);
  });
});

describe('heartbeat', () => {
  it('keeps a client that acknowledges and closes one that neither pongs nor sends anything for two heartbeats', async () => {
    const live = await client();
    const dead = await client({ ackHeartbeats: false, autoPong: false });
    const closed = await dead.next(isEvent('connection:closed'), 10 * HEARTBEAT_MS);
    expect(closed.data.reason).toBe('error');
    expect(closed.data.message).toMatch(/heartbeat/i);
    expect((await dead.closed).code).toBe(4003);
    expect(dataOf(dead, 'heartbeat')).toHaveLength(2);
    expect(dataOf(live, 'heartbeat').length).toBeGreaterThanOrEqual(2);
    expect(live.ws.readyState).toBe(live.ws.OPEN);
    const heartbeat = dataOf(live, 'heartbeat')[0];
    expect(heartbeat).toEqual({
      event: 'heartbeat',
      data: { serverTime: expect.any(Number), connectionUptime: expect.any(Number) },
    });
  });

  it('keeps a plain WebSocket client that answers pings but never sends heartbeat:ack', async () => {
    const plain = await client({ ackHeartbeats: false });
    let pings = 0;
    plain.ws.on('ping', () => (pings += 1));
    await plain.next(() => dataOf(plain, 'heartbeat').length >= 5, 20 * HEARTBEAT_MS);
    expect(pings).toBeGreaterThanOrEqual(4);
    expect(plain.received.some((r) => r.message.event === 'connection:closed')).toBe(false);
    expect(plain.ws.readyState).toBe(plain.ws.OPEN);
  });
});

describe('batching extension', () => {
  it('gives a batching client the same events in the same order as a plain one', async () => {
    const plain = await client();
    const batching = await client();
    const channels = ['orders', 'activity', 'market'];
    plain.send({ event: 'subscribe', data: { channels } });
    batching.send({ event: 'subscribe', data: { channels, batchMs: 100 } });
    expect((await batching.next(isEvent('subscribed'))).data.batchMs).toBe(100);
    await plain.next(isEvent('subscribed'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await Promise.all([plain.close(), batching.close()]);
    const key = (m: DataMessage) => `${m.event}#${m.seq}`;
    const plainEvents = plain.received
      .map((r) => r.message)
      .filter(isData)
      .filter((m) => !m.snapshot);
    const batches = batching.received.map((r) => r.message).filter(isEvent('batch'));
    expect(batches.length).toBeGreaterThan(2);
    expect(batching.received.map((r) => r.message).filter(isData)).toEqual([]);
    const batchedEvents = batches.flatMap((b) => b.data.events).filter((m) => !m.snapshot);
    // Both started at slightly different moments: compare the span both saw.
    const common = new Set(plainEvents.map(key));
    const shared = batchedEvents.filter((m) => common.has(key(m)));
    const plainShared = plainEvents.filter((m) => new Set(shared.map(key)).has(key(m)));
    expect(shared.length).toBeGreaterThan(20);
    expect(shared).toEqual(plainShared);
    expect(MAX_BATCH_MS).toBeGreaterThanOrEqual(100);
  });
});

describe('REST', () => {
  it('serves the same state as the socket, per seq', async () => {
    const c = await client();
    c.send({ event: 'subscribe', data: { channels: ['account', 'health', 'positions'] } });
    await c.next(isEvent('subscribed'));
    let matched = false;
    for (let attempt = 0; attempt < 20 && !matched; attempt += 1) {
      const snapshot = await (await fetch(`${sim.httpUrl}/api/telemetry/snapshot`)).json();
      const lastAccount = dataOf(c, 'account:update').at(-1) as DataMessage;
      if (snapshot.seq.account === lastAccount.seq) {
        expect(snapshot.account).toEqual(lastAccount.data);
        matched = true;
      } else {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    expect(matched).toBe(true);
  });

  it.each(['positions', 'orders', 'account', 'health', 'market', 'snapshot'])(
    'GET /api/telemetry/%s answers JSON',
    async (path) => {
      const response = await fetch(`${sim.httpUrl}/api/telemetry/${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      const body = await response.json();
      expect(body).toBeDefined();
      if (['positions', 'orders', 'market'].includes(path)) {
        expect(Array.isArray(body)).toBe(true);
      }
    }
  );

  it('serves one symbol and 404s an unknown one with what/why/how', async () => {
    const market = await (await fetch(`${sim.httpUrl}/api/telemetry/market`)).json();
    const symbol = market[0].symbol;
    const one = await fetch(`${sim.httpUrl}/api/telemetry/market/${symbol}`);
    expect(await one.json()).toMatchObject({ symbol, price: expect.any(Number), high: expect.any(Number) });
    const unknown = await fetch(`${sim.httpUrl}/api/telemetry/market/NOPE`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      code: 'NOT_FOUND',
      error: { what: 'Unknown symbol', why: expect.stringContaining('NOPE') },
    });
  });

  it('serves the history of a channel as the socket sent it, after a seq and limited', async () => {
    const c = await client();
    c.send({ event: 'subscribe', data: { channels: ['market'] } });
    await c.next((m) => m.event === 'market:update' && !(m as DataMessage).snapshot);
    const live = dataOf(c, 'market:update').filter((m) => !(m as DataMessage).snapshot) as DataMessage[];
    const first = live[0];
    const history = await (await fetch(`${sim.httpUrl}/api/telemetry/history/market?after=${first.seq! - 1}`)).json();
    expect(history).toMatchObject({ channel: 'market', epoch: expect.any(String), seq: expect.any(Number) });
    expect(history.events[0]).toEqual(first);
    const seqs = history.events.map((m: DataMessage) => m.seq);
    seqs.forEach((seq: number, index: number) => expect(seq).toBe(first.seq! + index));
    // Without `after`, the store answers: oldest first, `limit` at a time, with a cursor onwards.
    const page = await (await fetch(`${sim.httpUrl}/api/telemetry/history/market?limit=2`)).json();
    expect(page.events).toHaveLength(2);
    expect(page.events[0].seq).toBeLessThan(page.events[1].seq);
    expect(page.next).toEqual(expect.any(String));
    const nextPage = await (
      await fetch(`${sim.httpUrl}/api/telemetry/history/market?limit=2&cursor=${encodeURIComponent(page.next)}`)
    ).json();
    expect(nextPage.events.length).toBeGreaterThan(0);
    expect(nextPage.events[0].seq).toBeGreaterThan(page.events[1].seq);
    expect((await fetch(`${sim.httpUrl}/api/telemetry/history/trades`)).status).toBe(400);
    expect((await fetch(`${sim.httpUrl}/api/telemetry/history/market?after=-3`)).status).toBe(400);
  });

  it('404s an unknown route and 405s a wrong method', async () => {
    expect((await fetch(`${sim.httpUrl}/api/nothing`)).status).toBe(404);
    const wrong = await fetch(`${sim.httpUrl}/api/telemetry/account`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect((await wrong.json()).error.how).toContain('GET');
  });

  it('answers liveness and readiness', async () => {
    expect(await (await fetch(`${sim.httpUrl}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${sim.httpUrl}/readyz`)).json()).toMatchObject({ status: 'ready' });
  });
});

describe('control API', () => {
  it('starts, lists and stops a scenario, and rejects a bad one', async () => {
    const post = (body: unknown) =>
      fetch(`${sim.httpUrl}/api/sim/scenarios`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const started = await post({ name: 'latency-storm', offset: '0s', duration: '2m' });
    expect(started.status).toBe(201);
    expect(await started.json()).toMatchObject({ name: 'latency-storm', durationMs: 120_000 });
    expect((await post({ scenario: 'error-burst@0s/1m' })).status).toBe(201);
    const listed = await (await fetch(`${sim.httpUrl}/api/sim/scenarios`)).json();
    expect(listed.active.map((s: { name: string }) => s.name)).toEqual(
      expect.arrayContaining(['latency-storm', 'error-burst'])
    );
    expect((await fetch(`${sim.httpUrl}/api/sim/scenarios/latency-storm`, { method: 'DELETE' })).status).toBe(200);
    const notRunning = await fetch(`${sim.httpUrl}/api/sim/scenarios/flash-crash`, { method: 'DELETE' });
    expect(notRunning.status).toBe(404);
    expect(await notRunning.json()).toMatchObject({ code: 'NOT_FOUND', error: { what: 'Scenario not running' } });
    const after = await (await fetch(`${sim.httpUrl}/api/sim/scenarios`)).json();
    expect(after.active.map((s: { name: string }) => s.name)).not.toContain('latency-storm');
    const bad = await post({ name: 'meteor-strike' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      code: 'INVALID_MESSAGE',
      error: { what: 'Scenario rejected', why: expect.stringContaining('meteor-strike') },
    });
    const notJson = await fetch(`${sim.httpUrl}/api/sim/scenarios`, { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('records Grafana webhook notifications in the alert sink', async () => {
    const notification = { receiver: 'mci', status: 'firing', alerts: [{ labels: { alertname: 'EngineCpuHigh' } }] };
    const posted = await fetch(`${sim.httpUrl}/api/sim/alert-sink`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(notification),
    });
    expect(posted.status).toBe(202);
    const sink = await (await fetch(`${sim.httpUrl}/api/sim/alert-sink`)).json();
    expect(sink.received).toBeGreaterThanOrEqual(1);
    expect(sink.notifications.at(-1).body).toEqual(notification);
    const metrics = await (await fetch(`${sim.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/^mci_alert_notifications_received_total [1-9]/m);
  });
});
