import pino from 'pino';
import { REST_PATHS, historyPath, marketSymbolPath } from '../../src/protocol';
import { createSimulatorServer, type SimulatorServer } from './createSimulatorServer';
import { MAX_BODY_BYTES } from './httpErrors';
import { DEFAULT_SERVE_CONFIG, type ServeConfig } from './serverConfig';
import { createFakeEngine } from './testing/fakeEngine';

const KEY = 'unit-test-key-0001';
const servers: SimulatorServer[] = [];

function server(overrides: Partial<ServeConfig> = {}): SimulatorServer {
  const created = createSimulatorServer(
    { ...DEFAULT_SERVE_CONFIG, port: 0, auth: false, ...overrides },
    { createEngine: (config) => createFakeEngine(config), logger: pino({ level: 'silent' }), processMetrics: false }
  );
  servers.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((created) => created.close()));
});

describe('the HTTP app (without listening)', () => {
  it('answers a telemetry read as JSON, uncached, readable from other origins', async () => {
    const response = await server().http.inject({ method: 'GET', url: REST_PATHS.account });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.json()).toMatchObject({ equity: expect.any(Number) });
  });

  it('answers a CORS preflight on any path with 204', async () => {
    const response = await server().http.inject({ method: 'OPTIONS', url: REST_PATHS.wsTicket });
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-headers']).toContain('authorization');
  });

  it('says it is alive, and not ready before it listens', async () => {
    const app = server().http;
    expect((await app.inject({ url: REST_PATHS.healthz })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ url: REST_PATHS.readyz });
    expect([ready.statusCode, ready.json()]).toEqual([503, { status: 'not ready' }]);
  });

  it('404s an unknown path and 405s a known path with another method, with what/why/how', async () => {
    const app = server().http;
    const unknown = await app.inject({ url: '/api/nothing' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({
      code: 'NOT_FOUND',
      error: { what: expect.any(String), why: 'No route /api/nothing', how: expect.stringContaining('docs/server.md') },
    });
    const wrong = await app.inject({ method: 'DELETE', url: marketSymbolPath('TCS') });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.json().error).toMatchObject({ what: 'Method not allowed', how: 'Use GET' });
  });

  it('refuses a read without the API key with 401, a Bearer challenge and how to fix it', async () => {
    const app = server({ auth: true, apiKeys: [KEY] }).http;
    const refused = await app.inject({ url: REST_PATHS.positions });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['www-authenticate']).toBe('Bearer');
    expect(refused.json()).toMatchObject({
      code: 'AUTH_REQUIRED',
      error: { how: expect.stringContaining('--api-key') },
    });
    const accepted = await app.inject({ url: REST_PATHS.positions, headers: { authorization: `Bearer ${KEY}` } });
    expect(accepted.statusCode).toBe(200);
  });

  it('gives each credential its own routes: 403 for a valid key of the wrong kind, open with auth off', async () => {
    const app = server({
      auth: true,
      apiKeys: [KEY],
      controlKeys: ['unit-control-key'],
      metricsTokens: ['unit-metrics'],
    }).http;
    const as = (secret: string) => ({ authorization: `Bearer ${secret}` });
    const control = await app.inject({ method: 'GET', url: REST_PATHS.scenarios, headers: as(KEY) });
    expect([control.statusCode, control.json().error.what]).toEqual([403, 'Request forbidden']);
    expect(control.headers['www-authenticate']).toBeUndefined();
    expect((await app.inject({ url: REST_PATHS.scenarios, headers: as('unit-control-key') })).statusCode).toBe(200);
    expect((await app.inject({ url: REST_PATHS.metrics })).statusCode).toBe(401);
    expect((await app.inject({ url: REST_PATHS.metrics, headers: as('unit-metrics') })).statusCode).toBe(200);
    expect((await app.inject({ url: REST_PATHS.account, headers: as('unit-metrics') })).statusCode).toBe(403);
    const open = server().http;
    expect((await open.inject({ url: REST_PATHS.scenarios })).statusCode).toBe(200);
    expect((await open.inject({ url: REST_PATHS.metrics })).statusCode).toBe(200);
  });

  it('serves history as one JSON document and rejects a bad query or channel with 400', async () => {
    const app = server().http;
    const history = await app.inject({ url: historyPath('account', { limit: 5 }) });
    expect(history.statusCode).toBe(200);
    expect(history.headers['content-type']).toMatch(/^application\/json/);
    expect(history.json()).toMatchObject({ channel: 'account', epoch: expect.any(String), events: expect.any(Array) });
    const negative = await app.inject({ url: `${REST_PATHS.history}/account?after=-3` });
    expect(negative.statusCode).toBe(400);
    expect(negative.json()).toMatchObject({
      code: 'INVALID_MESSAGE',
      error: { why: expect.stringContaining('after'), how: expect.stringContaining('whole numbers') },
    });
    const channel = await app.inject({ url: `${REST_PATHS.history}/trades` });
    expect([channel.statusCode, channel.json().code]).toEqual([400, 'SUBSCRIPTION_ERROR']);
  });

  it('reads a control body as JSON whatever its content type, and rejects bad JSON and oversized bodies', async () => {
    const app = server().http;
    const started = await app.inject({
      method: 'POST',
      url: REST_PATHS.scenarios,
      body: '{"scenario":"cpu-spike@0s/1m"}',
    });
    expect(started.statusCode).toBe(201);
    expect(started.json()).toMatchObject({ name: 'cpu-spike', durationMs: 60_000 });
    const broken = await app.inject({
      method: 'POST',
      url: REST_PATHS.scenarios,
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.why).toMatch(/not valid JSON/);
    const huge = await app.inject({
      method: 'POST',
      url: REST_PATHS.alertSink,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(MAX_BODY_BYTES) }),
    });
    expect([huge.statusCode, huge.json().code]).toEqual([413, 'MESSAGE_TOO_LARGE']);
  });

  it('answers a failing handler with 500 SERVER_ERROR and keeps serving', async () => {
    const created = server();
    created.engine.snapshot = () => {
      throw new Error('boom');
    };
    const failed = await created.http.inject({ url: REST_PATHS.orders });
    expect([failed.statusCode, failed.json().code]).toEqual([500, 'SERVER_ERROR']);
    expect((await created.http.inject({ url: REST_PATHS.healthz })).statusCode).toBe(200);
  });
});
