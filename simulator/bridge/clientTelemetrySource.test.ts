import pino from 'pino';
import { firstValueFrom, filter, type Subscription } from 'rxjs';
import { WebSocketServer, type WebSocket } from 'ws';
import type { TelemetryObservation } from '../metrics/createTelemetryMetrics';
import { createClientTelemetrySource } from './clientTelemetrySource';

const HEALTH = { cpu: 10, memory: 20, latency: 5, uptime: 1000, lastHeartbeat: 1_700_000_000_000, status: 'healthy' };

/** A scripted MCI server: `onConnection` decides what each connection receives. */
async function fakeServer(onConnection: (socket: WebSocket, index: number, headers: Record<string, unknown>) => void) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  let count = 0;
  const received: unknown[] = [];
  server.on('connection', (socket, request) => {
    socket.on('message', (raw) => received.push(JSON.parse(raw.toString())));
    onConnection(socket, count++, request.headers);
  });
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/telemetry`,
    received,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.clients.forEach((client) => client.terminate());
        server.close(() => resolve());
      }),
  };
}

/** Poll until `predicate` holds (bounded by the test's timeout). */
async function until(predicate: () => boolean): Promise<void> {
  while (!predicate()) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const ack = (heartbeatIntervalMs: number, epoch = 'e1') =>
  JSON.stringify({
    event: 'connection:ack',
    data: { connectionId: 'c', serverTime: 1, version: '1.0.0', epoch, heartbeatIntervalMs },
  });

describe('createClientTelemetrySource', () => {
  const subscriptions: Subscription[] = [];
  const closers: Array<() => unknown> = [];
  afterEach(async () => {
    subscriptions.splice(0).forEach((subscription) => subscription.unsubscribe());
    for (const close of closers.splice(0)) {
      await close();
    }
  });

  it('sends the key, subscribes, skips invalid frames, streams events and resumes from the last seq', async () => {
    const headers: Array<Record<string, unknown>> = [];
    const server = await fakeServer((socket, index, requestHeaders) => {
      headers.push(requestHeaders);
      socket.send(ack(30_000));
      socket.on('message', (raw) => {
        if (JSON.parse(raw.toString()).event !== 'subscribe') {
          return;
        }
        socket.send(JSON.stringify({ event: 'subscribed', data: { channels: ['health'], subscribedAt: 1 } }));
        socket.send('{"event": "health:update", "data": {"cpu": "high"}}');
        socket.send(JSON.stringify({ event: 'health:update', seq: 7 + index, data: HEALTH }));
        if (index === 0) {
          setTimeout(() => socket.terminate(), 20);
        }
      });
    });
    closers.push(server.close);
    const source = createClientTelemetrySource({
      restUrl: 'http://127.0.0.1:9',
      url: server.url,
      apiKey: 'secret-key-123',
      channels: ['health'],
      backoffMs: [10],
      logger: pino({ level: 'silent' }),
    });
    closers.push(() => source.close());
    const events: TelemetryObservation[] = [];
    subscriptions.push(source.events$.subscribe((event) => events.push(event)));
    await until(() => events.length >= 2);
    expect(events).toEqual([
      { channel: 'health', data: HEALTH },
      { channel: 'health', data: HEALTH },
    ]);
    expect(headers[0].authorization).toBe('Bearer secret-key-123');
    const subscribes = server.received.filter((message) => (message as { event: string }).event === 'subscribe');
    expect(subscribes).toEqual([
      { event: 'subscribe', data: { channels: ['health'] } },
      { event: 'subscribe', data: { channels: ['health'], resume: { health: { epoch: 'e1', seq: 7 } } } },
    ]);
  });

  it('hands on every skipped message with its channel, and logs each with its reason', async () => {
    const server = await fakeServer((socket) => {
      socket.send(ack(30_000));
      socket.on('message', (raw) => {
        if (JSON.parse(raw.toString()).event !== 'subscribe') {
          return;
        }
        socket.send(JSON.stringify({ event: 'subscribed', data: { channels: ['health'], subscribedAt: 1 } }));
        socket.send('not json');
        const bad = { event: 'health:update', seq: 2, data: { ...HEALTH, cpu: 'high' } };
        socket.send(
          JSON.stringify({ event: 'batch', data: { events: [{ event: 'health:update', seq: 1, data: HEALTH }, bad] } })
        );
      });
    });
    closers.push(server.close);
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line).msg) });
    const source = createClientTelemetrySource({
      restUrl: 'http://127.0.0.1:9',
      url: server.url,
      channels: ['health'],
      logger,
    });
    closers.push(() => source.close());
    const skipped: Array<{ channel?: string; source: string }> = [];
    subscriptions.push(source.skipped$.subscribe((item) => skipped.push(item)));
    const events: TelemetryObservation[] = [];
    subscriptions.push(source.events$.subscribe((event) => events.push(event)));
    await until(() => skipped.length >= 2 && events.length >= 1);
    expect(skipped.map(({ channel, source: from }) => [channel, from])).toEqual([
      [undefined, 'websocket'],
      ['health', 'websocket'],
    ]);
    expect(events).toEqual([{ channel: 'health', data: HEALTH }]);
    expect(warnings.filter((message) => message.startsWith('skipped an invalid message'))).toEqual([
      expect.stringContaining('not valid JSON'),
      expect.stringContaining('of health: data.events[1].data.cpu'),
    ]);
  });

  it('answers heartbeats, and treats two missed heartbeats as a dead connection', async () => {
    const server = await fakeServer((socket, index) => {
      socket.send(ack(50));
      if (index === 0) {
        socket.send(JSON.stringify({ event: 'heartbeat', data: { serverTime: 1, connectionUptime: 1 } }));
      }
    });
    closers.push(server.close);
    const source = createClientTelemetrySource({
      restUrl: 'http://127.0.0.1:9',
      url: server.url,
      backoffMs: [10],
      logger: pino({ level: 'silent' }),
    });
    closers.push(() => source.close());
    const states: string[] = [];
    subscriptions.push(source.state$.subscribe((state) => states.push(state)));
    // The client connects for its first channel subscriber, as the bridge subscribes at start.
    subscriptions.push(source.events$.subscribe());
    await until(() => server.connections() >= 2);
    expect(server.received).toContainEqual({ event: 'heartbeat:ack', data: { clientTime: expect.any(Number) } });
    expect(states).toEqual(expect.arrayContaining(['connecting', 'connected', 'reconnecting']));
  });

  it('close() ends the connection, stops reconnecting and completes both streams', async () => {
    const server = await fakeServer((socket) => socket.send(ack(30_000)));
    closers.push(server.close);
    const source = createClientTelemetrySource({
      restUrl: 'http://127.0.0.1:9',
      url: server.url,
      backoffMs: [10],
      logger: pino({ level: 'silent' }),
    });
    let completed = 0;
    subscriptions.push(source.events$.subscribe({ complete: () => completed++ }));
    await firstValueFrom(source.state$.pipe(filter((state) => state === 'connected')));
    const states: string[] = [];
    subscriptions.push(source.state$.subscribe({ next: (state) => states.push(state), complete: () => completed++ }));
    source.close();
    expect(completed).toBe(2);
    expect(states.at(-1)).toBe('disconnected');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.connections()).toBe(1);
  });
});
