import pino from 'pino';
import { DEFAULT_SERVE_CONFIG, type ServeConfig } from './serverConfig';
import { connect, isEvent, type TestClient } from '../../tests/support/wsClient';
import { createSimulatorServer, type ListeningInfo, type SimulatorServer } from './createSimulatorServer';
import { createFakeEngine } from './testing/fakeEngine';
import { sendBufferBytes } from './sendBufferCap';
import type { Socket } from 'net';

const logger = pino({ level: 'silent' });

describe('createSimulatorServer with a fake engine', () => {
  let server: SimulatorServer;
  let info: ListeningInfo;
  const clients: TestClient[] = [];

  let engine: ReturnType<typeof createFakeEngine>;

  async function start(overrides: Partial<ServeConfig> = {}) {
    const config: ServeConfig = { ...DEFAULT_SERVE_CONFIG, port: 0, auth: false, speed: 10, ...overrides };
    server = createSimulatorServer(config, {
      createEngine: (c) => (engine = createFakeEngine(c)),
      logger,
      processMetrics: false,
    });
    info = await server.listen();
  }

  async function client(url = info.wsUrl, options = {}) {
    const created = await connect(url, options);
    clients.push(created);
    return created;
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server?.close();
  });

  it('acknowledges, subscribes, sends snapshots of state channels and numbered events', async () => {
    // At speed 1 the fake engine's first account event comes 5 s after construction, so the account
    // message after subscribing is the seeded snapshot (seq 0) however long start-up takes.
    await start({ speed: 1 });
    const ws = await client();
    const ack = await ws.next(isEvent('connection:ack'));
    expect(ack.data).toMatchObject({ version: '1.0.0', epoch: server.epoch });
    ws.send({ event: 'subscribe', data: { channels: ['orders', 'account'] } });
    const subscribed = await ws.next(isEvent('subscribed'));
    expect(subscribed.data.channels).toEqual(['orders', 'account']);
    const snapshot = await ws.next(isEvent('account:update'));
    expect(snapshot).toMatchObject({ seq: 0, snapshot: true });
    const firstOrder = await ws.next(isEvent('orders:update'));
    await ws.next((m) => m.event === 'orders:update' && 'seq' in m && m.seq === firstOrder.seq! + 2);
    const seqs = ws.received
      .filter((r) => r.message.event === 'orders:update')
      .map((r) => (r.message as { seq: number }).seq);
    expect(seqs.length).toBeGreaterThanOrEqual(2);
    seqs.forEach((seq, index) => expect(seq).toBe(seqs[0] + index));
    expect(ws.invalid).toEqual([]);
  });

  it('answers an unknown channel with SUBSCRIPTION_ERROR and garbage with INVALID_MESSAGE, and stays open', async () => {
    await start();
    const ws = await client();
    ws.send({ event: 'subscribe', data: { channels: ['orders', 'bogus'] } });
    const error = await ws.next(isEvent('error'));
    expect(error.data.code).toBe('SUBSCRIPTION_ERROR');
    expect(error.data.error.why).toContain('bogus');
    ws.sendRaw('{not json');
    const invalid = await ws.next((m) => m.event === 'error' && m.data.code === 'INVALID_MESSAGE');
    expect(invalid.event).toBe('error');
    ws.send({ event: 'subscribe', data: { channels: ['orders'] } });
    await ws.next(isEvent('subscribed'));
  });

  it("caps every accepted connection's kernel send buffer as configured", async () => {
    await start();
    const accepted: Socket[] = [];
    // Added after the server's own listener, so it sees each socket after the cap.
    server.http.server.on('connection', (socket: Socket) => accepted.push(socket));
    const ws = await client();
    await ws.next(isEvent('connection:ack'));
    expect(accepted).toHaveLength(1);
    expect(sendBufferBytes(accepted[0])).toBe(2 * DEFAULT_SERVE_CONFIG.sendBufferBytes);
  });

  it('rejects a socket without credentials when auth is on, and REST answers 401', async () => {
    await start({ auth: true, apiKeys: ['secret-key-1'] });
    const ws = await client();
    const error = await ws.next(isEvent('connection:error'));
    expect(error.data.code).toBe('AUTH_REQUIRED');
    expect((await ws.closed).code).toBe(4001);
    const response = await fetch(`${info.httpUrl}/api/telemetry/account`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'AUTH_REQUIRED', error: { what: expect.any(String) } });
    const ok = await fetch(`${info.httpUrl}/api/telemetry/account`, {
      headers: { authorization: 'Bearer secret-key-1' },
    });
    expect(ok.status).toBe(200);
  });

  it('closes every client with SERVER_ERROR when the engine fails, and keeps serving', async () => {
    await start();
    const ws = await client();
    await ws.next(isEvent('connection:ack'));
    engine.fail = true;
    const error = await ws.next(isEvent('error'));
    expect(error.data.code).toBe('SERVER_ERROR');
    expect(await ws.next(isEvent('connection:closed'))).toMatchObject({
      data: { reason: 'error', code: 'SERVER_ERROR' },
    });
    expect((await ws.closed).code).toBe(1011);
    engine.fail = false;
    expect((await fetch(`${info.httpUrl}/healthz`)).status).toBe(200);
    const again = await client();
    again.send({ event: 'subscribe', data: { channels: ['orders'] } });
    await again.next(isEvent('orders:update'));
  });

  it('stops the engine clock and every timer on close', async () => {
    await start();
    const ws = await client();
    await ws.next(isEvent('connection:ack'));
    await server.close();
    const at = engine.now();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(engine.now()).toBe(at);
    expect((await ws.closed).code).toBe(1001);
  });
});
