/**
 * Authentication through the CLI: API keys on the upgrade and on REST, one-time tickets that
 * expire, session lifetime, and keys never written to the log.
 */
import { startSimulator, type RunningSimulator } from '../support/simulator';
import { connect, isEvent, type TestClient } from '../support/wsClient';

jest.setTimeout(30_000);

const KEY = 'test-key-5f1c9a7e2b';
const OTHER_KEY = 'second-key-77aa01';
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
    args: ['--api-key', KEY, '--session-lifetime', '1500ms', '--ticket-ttl', '1500ms'],
    env: { MCI_SIM_API_KEY: OTHER_KEY },
  });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await sim.stop();
  expect(sim.output()).not.toContain(KEY);
  expect(sim.output()).not.toContain(OTHER_KEY);
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
  expect((await fetch(`${sim.httpUrl}/metrics`)).status).toBe(200);
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
