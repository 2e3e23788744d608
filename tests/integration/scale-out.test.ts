/**
 * Scale-out on Redis with real processes: a redis-server, one `mci-sim engine` and gateways
 * (`mci-sim gateway`). Resume across gateways, scenario control through a gateway, a gateway
 * killed with SIGKILL under load, Redis stopped for 10 s under load, and a new engine run (the
 * WebSocket clients and the SSE strategy bus follow it). Event channels are checked seq by seq.
 */
import WebSocket from 'ws';
import {
  createMciClient,
  type ChannelItem,
  type ClientError,
  type MciClient,
  type WebSocketLike,
} from '../../src/client';
import type { Channel } from '../../src/protocol';
import { startEngine, type RunningEngine } from '../support/engine';
import { startRedis, type RunningRedis } from '../support/redis';
import { startSimulator, type RunningSimulator } from '../support/simulator';
import { curlStream, parseSse } from '../support/sseClient';
import { connect, isEvent } from '../support/wsClient';

jest.setTimeout(120_000);

const API_KEY = 'scale-out-test-key-0123456789';
const CONTROL_KEY = 'scale-out-control-key-0123456789';
/** Redis stays away this long in the outage test (past the 2 s cap of the reconnect backoff). */
const OUTAGE_MS = 10_000;
const EVENT_CHANNELS: Channel[] = ['orders', 'activity'];
const webSocketFactory = (url: string) =>
  new WebSocket(url, { headers: { authorization: `Bearer ${API_KEY}` } }) as unknown as WebSocketLike;

let redis: RunningRedis;
let engine: RunningEngine;
const gateways: RunningSimulator[] = [];
const clients: MciClient[] = [];

async function startGateway(): Promise<RunningSimulator> {
  const gateway = await startSimulator({
    command: 'gateway',
    args: ['--redis', redis.url, '--api-key', API_KEY, '--control-key', CONTROL_KEY, '--heartbeat-interval', '2000'],
  });
  gateways.push(gateway);
  return gateway;
}

beforeAll(async () => {
  redis = await startRedis({ persist: true });
  engine = await startEngine(redis.url, ['--orders-per-second', '20']);
  await Promise.all([startGateway(), startGateway()]);
});

afterAll(async () => {
  clients.forEach((client) => client.close());
  await Promise.all(gateways.map((gateway) => gateway.stop('SIGKILL')));
  await engine?.stop();
  await redis?.stop();
});

async function until(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

async function readyz(gateway: RunningSimulator): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${gateway.httpUrl}/readyz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

interface Watched {
  client: MciClient;
  items: Map<Channel, ChannelItem[]>;
  errors: ClientError[];
  /** Every connection state the client reported. */
  states: string[];
}

/** A real protocol client on these URLs (starting at the first), recording every item of the event channels. */
function watch(urls: string[]): Watched {
  const client = createMciClient({
    wsUrl: urls[0],
    wsUrls: urls.slice(1),
    random: () => 0,
    webSocketFactory,
    backoffMs: [300, 600, 1200],
    lingerMs: 0,
  });
  clients.push(client);
  const watched: Watched = { client, items: new Map(), errors: [], states: [] };
  client.errors$.subscribe((error) => watched.errors.push(error));
  client.status$.subscribe((status) => watched.states.push(status.state));
  for (const channel of EVENT_CHANNELS) {
    const items: ChannelItem[] = [];
    watched.items.set(channel, items);
    client.channel(channel).subscribe((item) => items.push(item));
  }
  return watched;
}

const seqsOf = (items: ChannelItem[]) =>
  items.flatMap((item) => (item.kind === 'event' && item.seq !== undefined ? [item.seq] : []));
const lastSeq = (watched: Watched, channel: Channel) => seqsOf(watched.items.get(channel)!).at(-1) ?? 0;

/** Every seq after the first one seen is the previous + 1, and no gap was reported. */
function expectNoLoss(watched: Watched): void {
  for (const channel of EVENT_CHANNELS) {
    const items = watched.items.get(channel)!;
    const seqs = seqsOf(items);
    const jumps = seqs.slice(1).flatMap((seq, index) => (seq === seqs[index] + 1 ? [] : [`${seqs[index]}→${seq}`]));
    expect({ channel, jumps, gaps: items.filter((item) => item.kind === 'gap') }).toEqual({
      channel,
      jumps: [],
      gaps: [],
    });
  }
}

describe('scale-out on Redis', () => {
  it('announces one epoch on every gateway, and a ticket fetched through one opens a socket on the other', async () => {
    const [first, second] = gateways;
    const states = await Promise.all([readyz(first), readyz(second)]);
    expect(states.map((state) => [state.status, state.body.epoch])).toEqual([
      [200, engine.epoch],
      [200, engine.epoch],
    ]);
    const issued = await fetch(`${first.httpUrl}/api/telemetry/ws-ticket`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    const { ticket } = (await issued.json()) as { ticket: string };
    const socket = await connect(`${second.wsUrl}?ticket=${encodeURIComponent(ticket)}`);
    const ack = await socket.next(isEvent('connection:ack'));
    expect(ack.data.epoch).toBe(engine.epoch);
    await socket.close();
    const again = await connect(`${first.wsUrl}?ticket=${encodeURIComponent(ticket)}`);
    await again.next(isEvent('connection:error'));
    await again.close();
  });

  it('resumes on another gateway exactly after the last seq the first one delivered', async () => {
    const [first, second] = gateways;
    const headers = { authorization: `Bearer ${API_KEY}` };
    const a = await connect(first.wsUrl, { headers });
    const ack = await a.next(isEvent('connection:ack'));
    a.send({ event: 'subscribe', data: { channels: ['orders'] } });
    await a.next((message) => message.event === 'orders:update' && (message.seq ?? 0) > 0, 15_000);
    const last = a.received
      .map((item) => item.message)
      .filter(isEvent('orders:update'))
      .at(-1)!.seq!;
    await a.close();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const b = await connect(second.wsUrl, { headers });
    b.send({
      event: 'subscribe',
      data: { channels: ['orders'], resume: { orders: { epoch: ack.data.epoch!, seq: last } } },
    });
    const subscribed = await b.next(isEvent('subscribed'));
    expect(subscribed.data.recovered).toEqual({ orders: true });
    await b.next((message) => message.event === 'orders:update' && (message.seq ?? 0) >= last + 3, 15_000);
    const seqs = b.received
      .map((item) => item.message)
      .filter(isEvent('orders:update'))
      .map((message) => message.seq);
    expect(seqs.slice(0, 3)).toEqual([last + 1, last + 2, last + 3]);
    await b.close();
  });

  it('moves the clients of a gateway killed with SIGKILL to another, losing no event', async () => {
    const victim = await startGateway();
    const survivors = gateways.filter((gateway) => gateway !== victim).map((gateway) => gateway.wsUrl);
    const watched = Array.from({ length: 20 }, () => watch([victim.wsUrl, ...survivors]));
    await until('every client streaming orders', () => watched.every((one) => lastSeq(one, 'orders') >= 2));
    const seqAtKill = Math.max(...watched.map((one) => lastSeq(one, 'orders')));
    await victim.stop('SIGKILL');
    await until(
      'every client past the kill by 20 orders',
      () => watched.every((one) => lastSeq(one, 'orders') >= seqAtKill + 20),
      60_000
    );
    watched.forEach(expectNoLoss);
    watched.forEach((one) => one.client.close());
  });

  it('keeps clients connected through 10 s without Redis, says not ready meanwhile, and loses no event', async () => {
    const [first, second] = gateways;
    const watched = Array.from({ length: 10 }, (_, index) =>
      watch(index % 2 === 0 ? [first.wsUrl, second.wsUrl] : [second.wsUrl, first.wsUrl])
    );
    await until('every client streaming orders', () => watched.every((one) => lastSeq(one, 'orders') >= 2));
    watched.forEach((one) => (one.states.length = 0));
    const before = Math.max(...watched.map((one) => lastSeq(one, 'orders')));
    // SIGTERM: Redis writes its append-only file and exits, so it comes back with its data.
    await redis.kill('SIGTERM');
    const down = Date.now();
    await until(
      'both gateways not ready',
      async () => (await readyz(first)).status === 503 && (await readyz(second)).status === 503
    );
    await until('every client told that live data paused', () =>
      watched.every((one) => one.errors.some((error) => error.code === 'SERVER_ERROR'))
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - down))));
    expect([(await readyz(first)).status, (await readyz(second)).status]).toEqual([503, 503]);
    await redis.start();
    await until(
      'both gateways ready again',
      async () => (await readyz(first)).status === 200 && (await readyz(second)).status === 200,
      30_000
    );
    await until(
      'every client past the outage by 20 orders',
      () => watched.every((one) => lastSeq(one, 'orders') >= before + 40),
      60_000
    );
    expect(gateways.filter((gateway) => gateway.process.exitCode === null).length).toBeGreaterThanOrEqual(2);
    expect(engine.process.exitCode).toBeNull();
    // The events published while Redis was away are replayed: every seq, no gap.
    watched.forEach(expectNoLoss);
    // No client lost its socket: the gateways kept them through the outage.
    for (const one of watched) {
      expect(one.states.filter((state) => ['disconnected', 'connecting', 'reconnecting'].includes(state))).toEqual([]);
    }
    watched.forEach((one) => one.client.close());
  });

  it('carries scenario control through a gateway to the engine, with the control key only', async () => {
    const [first, second] = gateways;
    const url = (gateway: RunningSimulator, path = '') => `${gateway.httpUrl}/api/sim/scenarios${path}`;
    const post = (key: string | undefined) =>
      fetch(url(first), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
        },
        body: JSON.stringify({ scenario: 'cpu-spike@0s/10m' }),
      });
    expect((await post(undefined)).status).toBe(401);
    expect((await post(API_KEY)).status).toBe(403);
    // After the Redis outage above, the engine's and each gateway's connections come back on their
    // own backoff: until then a command reaches no engine and is answered 503 at once, having run
    // nothing, and the answer says to retry, as a user would. Each gateway recovers on its own
    // schedule, so a command sent through either one is retried the same way.
    const accepted = async (send: () => Promise<Response>, gateway: string) => {
      let answer = await send();
      let refusal = '';
      await until(
        `the engine to take scenario commands through the ${gateway} gateway again`,
        async () => {
          if (answer.status !== 503) {
            return true;
          }
          refusal = await answer.text();
          answer = await send();
          return answer.status !== 503;
        },
        45_000
      ).catch((error: Error) => {
        throw new Error(`${error.message}; the last refusal: ${refusal}`);
      });
      return answer;
    };
    const started = await accepted(() => post(CONTROL_KEY), 'first');
    expect(started.status).toBe(201);
    expect(await started.json()).toMatchObject({ name: 'cpu-spike', offsetMs: 0, durationMs: 600_000 });
    const control = { authorization: `Bearer ${CONTROL_KEY}` };
    const listed = async (gateway: RunningSimulator) =>
      ((await (await fetch(url(gateway), { headers: control })).json()) as { active: Array<{ name: string }> }).active;
    await until('the other gateway listing the scenario', async () =>
      (await listed(second)).some((scenario) => scenario.name === 'cpu-spike')
    );
    const stopped = await accepted(
      () => fetch(url(second, '/cpu-spike'), { method: 'DELETE', headers: control }),
      'second'
    );
    expect(stopped.status).toBe(200);
    expect(await stopped.json()).toEqual({ stopped: 'cpu-spike', active: [] });
    const again = await fetch(url(second, '/cpu-spike'), { method: 'DELETE', headers: control });
    expect(again.status).toBe(404);
    const unknown = await fetch(url(first), {
      method: 'POST',
      headers: { ...control, 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'no-such-scenario@0s' }),
    });
    expect(unknown.status).toBe(400);
  });

  it('starts a new epoch when the engine restarts, and moves connected clients and the SSE bus to it', async () => {
    const [first] = gateways;
    const socket = await connect(first.wsUrl, { headers: { authorization: `Bearer ${API_KEY}` } });
    await socket.next(isEvent('connection:ack'));
    const previous = engine.epoch;
    await engine.stop();
    engine = await startEngine(redis.url, ['--orders-per-second', '20']);
    expect(engine.epoch).not.toBe(previous);
    await socket.next(isEvent('reconnect'), 15_000);
    await until('the gateway on the new epoch', async () => (await readyz(first)).body.epoch === engine.epoch);
    await socket.close();

    // The SSE strategy bus numbers with the new epoch, and a resume from the old one is told of the gap.
    const stats = async () =>
      (await (
        await fetch(`${first.httpUrl}/api/telemetry/stats`, { headers: { authorization: `Bearer ${API_KEY}` } })
      ).json()) as { epoch: string };
    await until('the strategy bus on the new epoch', async () => (await stats()).epoch === engine.epoch);
    const resumed = parseSse(
      await curlStream(`${first.httpUrl}/api/telemetry/stream`, 2, [
        '-H',
        `authorization: Bearer ${API_KEY}`,
        '-H',
        `Last-Event-ID: ${previous}:1`,
      ])
    );
    const gap = resumed.events.find((event) => event.event === 'telemetry_gap');
    expect(gap && JSON.parse(gap.data)).toMatchObject({ reason: 'other_epoch', last_event_id: `${previous}:1` });
    expect(
      resumed.events.filter((event) => event.id !== '').every((event) => event.id.startsWith(`${engine.epoch}:`))
    ).toBe(true);
  });
});
