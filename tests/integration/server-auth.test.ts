/**
 * Authentication through the CLI: API keys on the upgrade and on REST, one-time tickets that
 * expire, session lifetime, one credential per purpose (control key, alert-sink token, metrics
 * token, the unauthenticated metrics port), and secrets never written to the log.
 */
import { startSimulator, type RunningSimulator } from '../support/simulator';
import { connect, isEvent, type TestClient } from '../support/wsClient';

jest.setTimeout(30_000);

const KEY = 'test-key-5f1c9a7e2b';
const OTHER_KEY = 'second-key-77aa01';
const CONTROL_KEY = 'control-key-93be0c1d';
const SINK_TOKEN = 'sink-token-4410aa2f';
const METRICS_TOKEN = 'metrics-token-5c0e77';
const SECRETS = [KEY, OTHER_KEY, CONTROL_KEY, SINK_TOKEN, METRICS_TOKEN];
let sim: RunningSimulator;
const clients: TestClient[] = [];

async function open(url: string, headers: Record<string, string> = {}) {
  const c = await connect(url, { headers });
  clients.push(c);
  return c;
}

const ticket = async (key = KEY) =>
  fetch(`${sim.httpUrl}/api/telemetry/ws-ticket`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });

beforeAll(async () => {
  sim = await startSimulator({
    args: [
      ...['--api-key', KEY, '--control-key', CONTROL_KEY, '--metrics-token', METRICS_TOKEN, '--metrics-port', '0'],
      ...['--session-lifetime', '1500ms', '--ticket-ttl', '1500ms'],
    ],
    env: { MCI_SIM_API_KEY: OTHER_KEY, MCI_SIM_ALERT_SINK_TOKEN: SINK_TOKEN },
  });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await sim.stop();
  expect(SECRETS.filter((secret) => sim.output().includes(secret))).toEqual([]);
});

it('accepts a socket with a valid bearer key', async () => {
  const c = await open(sim.wsUrl, { authorization: `Bearer ${KEY}` });
  await c.next(isEvent('connection:ack'));
});

it('takes the flag over the environment for the same option', async () => {
  const c = await open(sim.wsUrl, { authorization: `Bearer ${OTHER_KEY}` });
  expect((await c.next((m) => m.event === 'connection:ack' || m.event === 'connection:error')).event).toBe(
    'connection:error'
  );
});

it.each([
  ['no credential', {}],
  ['a wrong key', { authorization: 'Bearer not-the-key-at-all' }],
])('refuses %s with connection:error AUTH_REQUIRED, connection:closed and 4001', async (_name, headers) => {
  const c = await open(sim.wsUrl, headers);
  const error = await c.next(isEvent('connection:error'));
  expect(error.data).toEqual({
    code: 'AUTH_REQUIRED',
    error: { what: 'Connection rejected', why: expect.any(String), how: expect.stringContaining('Bearer') },
  });
  expect(await c.next(isEvent('connection:closed'))).toMatchObject({
    data: { reason: 'error', code: 'AUTH_REQUIRED' },
  });
  expect((await c.closed).code).toBe(4001);
  expect(c.received.map((r) => r.message.event)).not.toContain('connection:ack');
});

it('answers REST without a key with 401 and what/why/how, and with the key with 200', async () => {
  const refused = await fetch(`${sim.httpUrl}/api/telemetry/positions`);
  expect(refused.status).toBe(401);
  expect(refused.headers.get('www-authenticate')).toBe('Bearer');
  expect(await refused.json()).toMatchObject({
    code: 'AUTH_REQUIRED',
    error: { how: expect.stringContaining('--api-key') },
  });
  const accepted = await fetch(`${sim.httpUrl}/api/telemetry/positions`, {
    headers: { authorization: `Bearer ${KEY}` },
  });
  expect(accepted.status).toBe(200);
  expect((await ticket('wrong-key-123456')).status).toBe(401);
});

const bearer = (secret?: string): Record<string, string> =>
  secret === undefined ? {} : { authorization: `Bearer ${secret}` };

const call = (method: string, path: string, secret?: string, body?: unknown) =>
  fetch(`${sim.httpUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...bearer(secret) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

it.each([
  ['GET', '/api/sim/scenarios', undefined],
  ['POST', '/api/sim/scenarios', { scenario: 'cpu-spike@0s/1m' }],
  ['DELETE', '/api/sim/scenarios/cpu-spike', undefined],
  ['POST', '/api/sim/disconnect', { code: 'SERVER_ERROR' }],
  ['GET', '/api/sim/alert-sink', undefined],
])('refuses %s %s with the telemetry key (403) and without a key (401)', async (method, path, body) => {
  const withTelemetryKey = await call(method, path, KEY, body);
  expect(withTelemetryKey.status).toBe(403);
  expect(await withTelemetryKey.json()).toEqual({
    code: 'AUTH_REQUIRED',
    error: {
      what: 'Request forbidden',
      why: expect.stringContaining('telemetry API key'),
      how: expect.stringContaining('--control-key'),
    },
  });
  const withoutKey = await call(method, path, undefined, body);
  expect(withoutKey.status).toBe(401);
  expect(withoutKey.headers.get('www-authenticate')).toBe('Bearer');
  expect((await call(method, path, 'not-a-key-at-all', body)).status).toBe(401);
});

it('runs the control API with the control key, which opens no WebSocket and reads no telemetry', async () => {
  const started = await call('POST', '/api/sim/scenarios', CONTROL_KEY, { scenario: 'cpu-spike@0s/1m' });
  expect(started.status).toBe(201);
  expect((await call('DELETE', '/api/sim/scenarios/cpu-spike', CONTROL_KEY)).status).toBe(200);
  expect((await call('GET', '/api/telemetry/positions', CONTROL_KEY)).status).toBe(403);
  const c = await open(sim.wsUrl, bearer(CONTROL_KEY));
  expect((await c.next(isEvent('connection:error'))).data.code).toBe('AUTH_REQUIRED');
});

it('lets the alert sink take only its own token, which can do nothing else', async () => {
  const notification = { status: 'firing', alerts: [] };
  expect((await call('POST', '/api/sim/alert-sink', SINK_TOKEN, notification)).status).toBe(202);
  expect((await call('POST', '/api/sim/alert-sink', KEY, notification)).status).toBe(403);
  expect((await call('POST', '/api/sim/alert-sink', undefined, notification)).status).toBe(401);
  expect((await call('POST', '/api/sim/scenarios', SINK_TOKEN, { scenario: 'cpu-spike@0s/1m' })).status).toBe(403);
  expect((await call('GET', '/api/telemetry/account', SINK_TOKEN)).status).toBe(403);
  const sink = await (await call('GET', '/api/sim/alert-sink', CONTROL_KEY)).json();
  expect(sink.notifications.at(-1).body).toEqual(notification);
});

it('serves /metrics on the main port to an API key or the metrics token only, and openly on --metrics-port', async () => {
  expect((await call('GET', '/metrics')).status).toBe(401);
  expect((await call('GET', '/metrics', CONTROL_KEY)).status).toBe(403);
  expect((await call('GET', '/metrics', KEY)).status).toBe(200);
  const scraped = await call('GET', '/metrics', METRICS_TOKEN);
  expect(scraped.status).toBe(200);
  expect(await scraped.text()).toMatch(/^mci_account_equity/m);
  expect((await call('GET', '/api/telemetry/account', METRICS_TOKEN)).status).toBe(403);

  const listening = JSON.parse(
    sim
      .output()
      .split('\n')
      .find((line) => line.includes('"listening"'))!
  );
  const metricsUrl = new URL(listening.metricsUrl);
  expect(metricsUrl.port).not.toBe(String(sim.port));
  const unauthenticated = await fetch(metricsUrl);
  expect(unauthenticated.status).toBe(200);
  expect(await unauthenticated.text()).toMatch(/^mci_account_equity/m);
  expect((await fetch(new URL('/api/telemetry/account', metricsUrl))).status).toBe(404);
});

it('accepts a ticket once', async () => {
  const issued = await ticket();
  expect(issued.status).toBe(201);
  const body = await issued.json();
  expect(body).toEqual({ ticket: expect.any(String), expiresAt: expect.any(Number), expiresInMs: 1500 });
  const first = await open(`${sim.wsUrl}?ticket=${encodeURIComponent(body.ticket)}`);
  await first.next(isEvent('connection:ack'));
  const second = await open(`${sim.wsUrl}?ticket=${encodeURIComponent(body.ticket)}`);
  const error = await second.next(isEvent('connection:error'));
  expect(error.data.error.why).toMatch(/already used|expired/);
  expect((await second.closed).code).toBe(4001);
});

it('refuses an expired ticket', async () => {
  const { ticket: value } = await (await ticket()).json();
  await new Promise((resolve) => setTimeout(resolve, 1600));
  const c = await open(`${sim.wsUrl}?ticket=${encodeURIComponent(value)}`);
  expect((await c.next(isEvent('connection:error'))).data.code).toBe('AUTH_REQUIRED');
});

it('ends a session at its lifetime with SESSION_EXPIRED', async () => {
  const c = await open(sim.wsUrl, { authorization: `Bearer ${KEY}` });
  await c.next(isEvent('connection:ack'));
  const error = await c.next(isEvent('error'), 5000);
  expect(error.data.code).toBe('SESSION_EXPIRED');
  expect(await c.next(isEvent('connection:closed'))).toMatchObject({
    data: { reason: 'session_expired', code: 'SESSION_EXPIRED' },
  });
  expect((await c.closed).code).toBe(4002);
});
