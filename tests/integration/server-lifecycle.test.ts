/**
 * Resume within and past the history bound, graceful shutdown (`reconnect`, then
 * `connection:closed`), restart on the same port with a new epoch, and configuration from a file
 * and the environment.
 */
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { DataMessage } from '../../src/protocol';
import { startSimulator, type RunningSimulator } from '../support/simulator';
import { connect, isEvent, type TestClient } from '../support/wsClient';

jest.setTimeout(40_000);

const clients: TestClient[] = [];
const sims: RunningSimulator[] = [];

async function start(args: string[], env: Record<string, string> = {}, port?: number) {
  const sim = await startSimulator({ args, env, port });
  sims.push(sim);
  return sim;
}

async function open(url: string) {
  const c = await connect(url);
  clients.push(c);
  return c;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

const orders = (c: TestClient) =>
  c.received.map((r) => r.message).filter((m): m is DataMessage => m.event === 'orders:update');

/** Subscribe to orders, read a few, disconnect, and return where the client left off. */
async function readSomeOrders(url: string) {
  const c = await open(url);
  const ack = await c.next(isEvent('connection:ack'));
  c.send({ event: 'subscribe', data: { channels: ['orders'] } });
  await c.next((m) => m.event === 'orders:update', 5000);
  await c.close();
  const last = orders(c).at(-1)!;
  return { epoch: ack.data.epoch!, seq: last.seq! };
}

async function waitForSeq(httpUrl: string, seq: number) {
  for (let i = 0; i < 100; i += 1) {
    const snapshot = await (await fetch(`${httpUrl}/api/telemetry/snapshot`)).json();
    if (snapshot.seq.orders >= seq) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`orders seq never reached ${seq}`);
}

it('replays what a client missed and reports recovered, with no seq gap', async () => {
  const sim = await start(['--speed', '4', '--orders-per-second', '20', '--history-size', '10000']);
  const point = await readSomeOrders(sim.wsUrl);
  await waitForSeq(sim.httpUrl, point.seq + 20);
  const c = await open(sim.wsUrl);
  c.send({ event: 'subscribe', data: { channels: ['orders', 'account'], resume: { orders: point } } });
  const subscribed = await c.next(isEvent('subscribed'));
  expect(subscribed.data.recovered).toEqual({ orders: true });
  await c.next((m) => m.event === 'orders:update' && (m as DataMessage).seq! >= point.seq + 25);
  const seqs = orders(c).map((m) => m.seq!);
  expect(seqs[0]).toBe(point.seq + 1);
  seqs.forEach((seq, index) => expect(seq).toBe(seqs[0] + index));
});

it('reports recovered false past the history bound', async () => {
  const sim = await start(['--speed', '4', '--orders-per-second', '20', '--history-size', '5']);
  const point = await readSomeOrders(sim.wsUrl);
  await waitForSeq(sim.httpUrl, point.seq + 10);
  const c = await open(sim.wsUrl);
  c.send({ event: 'subscribe', data: { channels: ['orders'], resume: { orders: point } } });
  expect((await c.next(isEvent('subscribed'))).data.recovered).toEqual({ orders: false });
});

it('on SIGTERM sends reconnect then connection:closed, closes 1001 and exits 0; a restart has a new epoch', async () => {
  const sim = await start(['--reconnect-delay', '250']);
  const point = await epochOf(sim.wsUrl);
  const c = await open(sim.wsUrl);
  await c.next(isEvent('connection:ack'));
  const exit = sim.stop('SIGTERM');
  const closed = await c.next(isEvent('connection:closed'));
  expect(closed.data.reason).toBe('server_shutdown');
  const events = c.received.map((r) => r.message.event);
  expect(events.slice(-2)).toEqual(['reconnect', 'connection:closed']);
  expect(c.received.at(-2)!.message).toEqual({
    event: 'reconnect',
    data: { reason: 'server_restart', delay: 250, message: expect.any(String) },
  });
  expect((await c.closed).code).toBe(1001);
  expect(await exit).toBe(0);

  const again = await start([], {}, sim.port);
  expect(again.port).toBe(sim.port);
  const d = await open(again.wsUrl);
  const ack = await d.next(isEvent('connection:ack'));
  expect(ack.data.epoch).not.toBe(point.epoch);
  d.send({ event: 'subscribe', data: { channels: ['orders'], resume: { orders: { epoch: point.epoch, seq: 0 } } } });
  expect((await d.next(isEvent('subscribed'))).data.recovered).toEqual({ orders: false });
});

async function epochOf(url: string) {
  const c = await open(url);
  const ack = await c.next(isEvent('connection:ack'));
  await c.close();
  return { epoch: ack.data.epoch! };
}

it('reads options from --config, with the environment winning over the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mci-sim-'));
  const file = join(dir, 'serve.json');
  writeFileSync(file, JSON.stringify({ heartbeatInterval: 777, symbols: 'TCS,INFY', seed: 7 }));
  const sim = await start(['--config', file], { MCI_SIM_SYMBOLS: 'RELIANCE' });
  const c = await open(sim.wsUrl);
  const ack = await c.next(isEvent('connection:ack'));
  expect(ack.data.heartbeatIntervalMs).toBe(777);
  const market = await (await fetch(`${sim.httpUrl}/api/telemetry/market`)).json();
  expect(market.map((m: { symbol: string }) => m.symbol)).toEqual(['RELIANCE']);
});

it('refuses a bad option at start-up naming it', async () => {
  await expect(startSimulator({ args: ['--port', 'eighty'], startTimeoutMs: 15_000 })).rejects.toThrow(
    /--port: expected a whole number from 0 to 65535/
  );
});
