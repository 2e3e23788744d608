import pino from 'pino';
import { REST_PATHS } from '../../../src/protocol';
import { createSimulatorServer, type SimulatorServer } from '../createSimulatorServer';
import { DEFAULT_SERVE_CONFIG, type ServeConfig } from '../serverConfig';
import { createFakeEngine } from '../testing/fakeEngine';

const KEY = 'unit-test-key-0001';
const servers: SimulatorServer[] = [];

/** A listening server whose fake engine has published spec 002's examples `count` times in turn. */
async function published(count: number, overrides: Partial<ServeConfig> = {}): Promise<SimulatorServer> {
  const server = createSimulatorServer(
    { ...DEFAULT_SERVE_CONFIG, port: 0, auth: false, ...overrides },
    {
      createEngine: (config) =>
        createFakeEngine(config, { orderEveryMs: 60_000, strategyEveryMs: 5, strategyCount: count }),
      logger: pino({ level: 'silent' }),
      processMetrics: false,
    }
  );
  servers.push(server);
  await server.listen();
  const headers = overrides.auth ? { authorization: `Bearer ${KEY}` } : {};
  const deadline = Date.now() + 10_000;
  while ((await server.http.inject({ url: REST_PATHS.telemetryStats, headers })).json().total_events < count) {
    if (Date.now() > deadline) {
      throw new Error(`the fake engine did not publish ${count} strategy events within 10 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return server;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const seqs = (body: { events: Array<{ id: string }> }) =>
  body.events.map((event) => Number(event.id.slice(event.id.lastIndexOf(':') + 1)));

describe('GET /api/telemetry/events', () => {
  it('returns the newest events, oldest first, in spec 002’s envelope with their ids', async () => {
    const server = await published(16);
    const body = (await server.http.inject({ url: `${REST_PATHS.telemetryEvents}?limit=3` })).json();
    expect(body.count).toBe(3);
    expect(seqs(body)).toEqual([14, 15, 16]);
    expect(Object.keys(body.events[0])).toEqual(['id', 'type', 'timestamp', 'payload']);
    expect(body.events[0].id).toBe(`${server.epoch}:14`);
  });

  it('filters by one type or a comma-separated list', async () => {
    const server = await published(16);
    const one = (await server.http.inject({ url: `${REST_PATHS.telemetryEvents}?event_type=order_event` })).json();
    expect(one.events.map((event: { type: string }) => event.type)).toEqual(['order_event', 'order_event']);
    const two = await server.http.inject({
      url: `${REST_PATHS.telemetryEvents}?event_type=signal_event,performance_update&limit=3`,
    });
    expect(two.json().events.map((event: { type: string }) => event.type)).toEqual([
      'performance_update',
      'signal_event',
      'performance_update',
    ]);
  });

  it('returns what came after an event id, or at or after an ISO 8601 time', async () => {
    const server = await published(16);
    const afterId = await server.http.inject({ url: `${REST_PATHS.telemetryEvents}?since=${server.epoch}:12` });
    expect(seqs(afterId.json())).toEqual([13, 14, 15, 16]);
    const all = (await server.http.inject({ url: REST_PATHS.telemetryEvents })).json();
    const at = all.events[10].timestamp as string;
    const afterTime = await server.http.inject({
      url: `${REST_PATHS.telemetryEvents}?since=${encodeURIComponent(at)}`,
    });
    expect(afterTime.json().events.every((event: { timestamp: string }) => event.timestamp >= at)).toBe(true);
    expect(seqs(afterTime.json())[0]).toBeLessThanOrEqual(11);
  });

  it('describes the gap when `since` is older than the buffer', async () => {
    const server = await published(12, { busBufferSize: 4 });
    const body = (await server.http.inject({ url: `${REST_PATHS.telemetryEvents}?since=2` })).json();
    expect(body.gap).toMatchObject({ reason: 'evicted', missed: 6, first_available_id: `${server.epoch}:9` });
    expect(seqs(body)).toEqual([9, 10, 11, 12]);
  });

  it.each([
    ['event_type=order', /not a spec 002 event type/],
    ['limit=0', /limit/],
    ['limit=5001', /limit/],
    ['since=last-tuesday', /neither an event id nor/],
    ['since=99999', /after the newest event/],
  ])('answers ?%s with 400 and what/why/how', async (query, why) => {
    const server = await published(1);
    const response = await server.http.inject({ url: `${REST_PATHS.telemetryEvents}?${query}` });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'INVALID_MESSAGE',
      error: { what: 'Request rejected', why: expect.stringMatching(why), how: expect.any(String) },
    });
  });
});

describe('GET /api/telemetry/stream and /stats', () => {
  it.each([
    ['?event_type=', { why: /an empty name/ }],
    ['?event_type=order_event,bogus', { why: /"bogus"/ }],
    ['?last_event_id=not-an-id', { why: /Last-Event-ID/ }],
    ['?last_event_id=123456', { why: /after the newest event/ }],
  ])('refuses %s with 400 before streaming anything', async (query, { why }) => {
    const server = await published(1);
    const response = await server.http.inject({ url: `${REST_PATHS.telemetryStream}${query}` });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json().error.why).toMatch(why);
  });

  it('needs the API key like every telemetry read', async () => {
    const server = await published(1, { auth: true, apiKeys: [KEY] });
    for (const path of [REST_PATHS.telemetryStream, REST_PATHS.telemetryStats, REST_PATHS.telemetryEvents]) {
      expect([path, (await server.http.inject({ url: path })).statusCode]).toEqual([path, 401]);
    }
    const stats = await server.http.inject({
      url: REST_PATHS.telemetryStats,
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(stats.statusCode).toBe(200);
  });

  it('counts the events of each of the eight types and the buffer fill', async () => {
    const server = await published(20, { busBufferSize: 16 });
    const stats = (await server.http.inject({ url: REST_PATHS.telemetryStats })).json();
    expect(stats).toMatchObject({
      epoch: server.epoch,
      total_events: 20,
      event_counts: {
        signal_event: 3,
        indicator_event: 3,
        order_event: 3,
        position_event: 3,
        engine_health: 2,
        decision_trace: 2,
        universe_scan: 2,
        performance_update: 2,
      },
      buffer_size: 16,
      buffer_fill: 16,
      oldest_event_id: `${server.epoch}:5`,
      newest_event_id: `${server.epoch}:20`,
      subscribers: 0,
    });
  });

  it('exports SSE subscribers and slow-consumer closes on /metrics', async () => {
    const server = await published(1);
    const text = (await server.http.inject({ url: REST_PATHS.metrics })).body;
    expect(text).toMatch(/^mci_sse_subscribers 0$/m);
    expect(text).toMatch(/^mci_sse_slow_consumers_closed_total 0$/m);
  });
});
