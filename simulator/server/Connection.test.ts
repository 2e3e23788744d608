import pino from 'pino';
import { CLOSE_CODES, parseServerMessage, type ServerMessage } from '../../src/protocol';
import { ChannelHub } from './ChannelHub';
import { Connection, type ConnectionLimits } from './Connection';
import type { SocketLike } from './ConnectionSender';
import { order } from '../bus/testing/sampleEvents';

/** A socket whose unread backlog the test controls, like a client that stopped reading. */
class FakeSocket implements SocketLike {
  bufferedAmount = 0;
  readyState = 1;
  sent: string[] = [];
  closedWith: number | undefined;
  pings = 0;
  private callbacks: Array<(error?: Error) => void> = [];
  stalled = false;

  send(data: Buffer, options: { binary: boolean }, callback: (error?: Error) => void): void {
    expect(options.binary).toBe(false);
    this.sent.push(data.toString('utf8'));
    if (this.stalled) {
      this.bufferedAmount += data.length;
      this.callbacks.push(callback);
    } else {
      callback();
    }
  }
  close(code: number): void {
    this.closedWith = code;
    this.readyState = 2;
  }
  terminate(): void {
    this.readyState = 3;
  }
  ping(): void {
    this.pings += 1;
  }
  /** The client reads everything again. */
  resume(): void {
    this.stalled = false;
    this.bufferedAmount = 0;
    const callbacks = this.callbacks;
    this.callbacks = [];
    callbacks.forEach((callback) => callback());
  }
  messages(): ServerMessage[] {
    return this.sent.map((text) => {
      const parsed = parseServerMessage(text, { maxLength: Infinity });
      if (!parsed.ok) {
        throw new Error(`${parsed.error.message}: ${text}`);
      }
      return parsed.value;
    });
  }
}

const LIMITS: ConnectionLimits = {
  heartbeatIntervalMs: 1000,
  sessionLifetimeMs: undefined,
  maxPayloadBytes: 1024,
  rateLimitPerSecond: 5,
  maxBufferedBytes: 1000,
  maxQueuedEvents: 3,
  maxQueuedBytes: 100_000,
  reconnectDelayMs: 500,
};

const quote = { price: 1, change: 0, changePercent: 0, volume: 1 };

function setup(limits: Partial<ConnectionLimits> = {}) {
  const socket = new FakeSocket();
  const hub = new ChannelHub('e', 100);
  const dropped: string[] = [];
  const closed = jest.fn();
  const slowConsumerClosed = jest.fn();
  const connection = new Connection({
    id: 'ws-test',
    socket,
    hub,
    limits: { ...LIMITS, ...limits },
    hooks: { sent: () => undefined, dropped: (channel) => dropped.push(channel), closed, slowConsumerClosed },
    logger: pino({ level: 'silent' }),
    now: () => Date.now(),
  });
  connection.start();
  const send = (message: unknown) => connection.receive(Buffer.from(JSON.stringify(message)), false);
  return { socket, hub, connection, dropped, closed, slowConsumerClosed, send };
}

const events = (socket: FakeSocket) => socket.messages().map((message) => message.event);

describe('Connection', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('closes a peer that leaves two heartbeats unanswered, with connection:closed first', () => {
    const { socket, send, connection } = setup();
    jest.advanceTimersByTime(1000);
    send({ event: 'heartbeat:ack', data: { clientTime: 1 } });
    jest.advanceTimersByTime(2000);
    expect(socket.closedWith).toBeUndefined();
    expect(events(socket).filter((event) => event === 'heartbeat')).toHaveLength(3);
    jest.advanceTimersByTime(1000);
    expect(socket.closedWith).toBe(CLOSE_CODES.HEARTBEAT_TIMEOUT);
    expect(socket.messages().at(-1)).toMatchObject({ event: 'connection:closed', data: { reason: 'error' } });
    connection.handleSocketClosed(CLOSE_CODES.HEARTBEAT_TIMEOUT);
  });

  it('sends a protocol ping with each heartbeat', () => {
    const { socket, connection } = setup();
    jest.advanceTimersByTime(2000);
    expect(socket.pings).toBe(2);
    expect(events(socket).filter((event) => event === 'heartbeat')).toHaveLength(2);
    connection.handleSocketClosed(1000);
  });

  it('keeps a peer that answers pings but never sends heartbeat:ack', () => {
    const { socket, connection } = setup();
    for (let i = 0; i < 10; i += 1) {
      jest.advanceTimersByTime(1000);
      connection.heardFromPeer(); // its pong
    }
    expect(socket.closedWith).toBeUndefined();
    connection.handleSocketClosed(1000);
  });

  it('keeps a peer that sends anything, even a message it gets an error for', () => {
    const { socket, connection, send } = setup({ rateLimitPerSecond: 100 });
    for (let i = 0; i < 10; i += 1) {
      jest.advanceTimersByTime(1000);
      send({ event: 'no-such-event', data: {} });
    }
    expect(socket.closedWith).toBeUndefined();
    connection.handleSocketClosed(1000);
  });

  it('counts a malformed heartbeat:ack as alive but answers it with INVALID_MESSAGE', () => {
    const { socket, send, connection } = setup();
    for (let i = 0; i < 5; i += 1) {
      jest.advanceTimersByTime(1000);
      send({ event: 'heartbeat:ack' });
    }
    expect(socket.closedWith).toBeUndefined();
    expect(socket.messages().filter((m) => m.event === 'error' && m.data.code === 'INVALID_MESSAGE')).toHaveLength(5);
    connection.handleSocketClosed(1000);
  });

  it('answers a client heartbeat with heartbeat:ack echoing its time (round-trip extension)', () => {
    const { socket, send, connection } = setup();
    send({ event: 'heartbeat', data: { clientTime: 1234 } });
    const ack = socket.messages().find((message) => message.event === 'heartbeat:ack');
    expect(ack).toMatchObject({ event: 'heartbeat:ack', data: { clientTime: 1234 } });
    expect(typeof ack?.data.serverTime).toBe('number');
    connection.handleSocketClosed(1000);
  });

  it('coalesces state channels for a client that stopped reading and delivers the latest when it resumes', () => {
    const { socket, hub, connection, send, dropped } = setup();
    send({ event: 'subscribe', data: { channels: ['market'] } });
    socket.stalled = true;
    socket.bufferedAmount = 5000;
    for (let i = 1; i <= 10; i += 1) {
      connection.deliver(hub.publish('market', { symbols: { TCS: { ...quote, price: i } }, timestamp: i }, 1));
    }
    expect(dropped).toHaveLength(9);
    socket.resume();
    jest.advanceTimersByTime(1000); // the heartbeat also drains
    const market = socket.messages().filter((message) => message.event === 'market:update');
    expect(market.at(-1)).toMatchObject({ seq: 10 });
    expect(socket.closedWith).toBeUndefined();
    connection.handleSocketClosed(1000);
  });

  it('closes a slow client past the event bound instead of dropping events', () => {
    const { socket, hub, connection, send } = setup();
    send({ event: 'subscribe', data: { channels: ['orders'] } });
    socket.stalled = true;
    socket.bufferedAmount = 5000;
    for (let i = 1; i <= 4; i += 1) {
      connection.deliver(hub.publish('orders', order(String(i)), 1));
    }
    expect(socket.closedWith).toBe(CLOSE_CODES.SLOW_CONSUMER);
    expect(socket.messages().at(-1)).toMatchObject({ event: 'connection:closed', data: { reason: 'error' } });
    // It does not read its close frame either: its socket is dropped after a grace.
    jest.advanceTimersByTime(4999);
    expect(socket.readyState).toBe(2);
    jest.advanceTimersByTime(1);
    expect(socket.readyState).toBe(3);
    connection.handleSocketClosed(CLOSE_CODES.SLOW_CONSUMER);
  });

  it('closes a slow client past the byte bound, whatever the event count', () => {
    const { socket, hub, connection, send } = setup({ maxQueuedEvents: 1000, maxQueuedBytes: 1000 });
    send({ event: 'subscribe', data: { channels: ['orders'] } });
    socket.stalled = true;
    socket.bufferedAmount = 5000;
    for (let i = 1; i <= 10 && socket.closedWith === undefined; i += 1) {
      connection.deliver(hub.publish('orders', order(String(i)), 1));
    }
    expect(socket.closedWith).toBe(CLOSE_CODES.SLOW_CONSUMER);
    expect(socket.messages().at(-1)).toMatchObject({
      event: 'connection:closed',
      data: { reason: 'error', message: expect.stringMatching(/1000 bytes/) },
    });
    connection.handleSocketClosed(CLOSE_CODES.SLOW_CONSUMER);
  });

  it('counts what its socket holds unread toward the byte bound, so queue and socket share one bound', () => {
    const { socket, hub, connection, send } = setup({
      maxBufferedBytes: 100,
      maxQueuedEvents: 1000,
      maxQueuedBytes: 1000,
    });
    send({ event: 'subscribe', data: { channels: ['orders'] } });
    socket.stalled = true;
    socket.bufferedAmount = 900;
    const first = hub.publish('orders', order('1'), 1);
    // The frame alone fits the bound; with the socket's 900 unread bytes it does not.
    expect(first.bytes.length).toBeLessThan(1000);
    expect(first.bytes.length + 900).toBeGreaterThan(1000);
    connection.deliver(first);
    expect(socket.closedWith).toBe(CLOSE_CODES.SLOW_CONSUMER);
    connection.handleSocketClosed(CLOSE_CODES.SLOW_CONSUMER);
  });

  it('keeps a client whose queue and socket together stay within the byte bound', () => {
    const { socket, hub, connection, send } = setup({
      maxBufferedBytes: 100,
      maxQueuedEvents: 1000,
      maxQueuedBytes: 100_000,
    });
    send({ event: 'subscribe', data: { channels: ['orders'] } });
    socket.stalled = true;
    socket.bufferedAmount = 900;
    for (let i = 1; i <= 10; i += 1) {
      connection.deliver(hub.publish('orders', order(String(i)), 1));
    }
    expect(socket.closedWith).toBeUndefined();
    socket.resume();
    jest.advanceTimersByTime(1000);
    const orders = socket.messages().filter((message) => message.event === 'orders:update');
    expect(orders.map((message) => message.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    connection.handleSocketClosed(1000);
  });

  it('answers a subscribe that arrives while its socket holds more than the byte bound by closing it with 4004 and a reason, and counts it', () => {
    const { socket, send, connection, slowConsumerClosed } = setup({
      maxBufferedBytes: 100,
      maxQueuedEvents: 1000,
      maxQueuedBytes: 1000,
    });
    socket.stalled = true;
    socket.bufferedAmount = 5000;
    send({ event: 'subscribe', data: { channels: ['orders'] } });
    // Never silent: the reply could not be held within the bound, so the client is told why.
    expect(socket.closedWith).toBe(CLOSE_CODES.SLOW_CONSUMER);
    expect(socket.messages().at(-1)).toMatchObject({
      event: 'connection:closed',
      data: { reason: 'error', message: expect.stringMatching(/resume/) },
    });
    expect(slowConsumerClosed).toHaveBeenCalledTimes(1);
    connection.handleSocketClosed(CLOSE_CODES.SLOW_CONSUMER);
  });

  it('queues a control reply behind the data before it and sends it once the client reads again', () => {
    const { socket, hub, send, connection, slowConsumerClosed } = setup({ maxBufferedBytes: 100, maxQueuedEvents: 10 });
    send({ event: 'subscribe', data: { channels: ['orders'] } });
    socket.stalled = true;
    // The first frame fills the socket past its hand-off bound; the second and the reply wait.
    connection.deliver(hub.publish('orders', order('1'), 1));
    connection.deliver(hub.publish('orders', order('2'), 1));
    send({ event: 'subscribe', data: { channels: ['alerts'] } });
    expect(events(socket).slice(-2)).toEqual(['subscribed', 'orders:update']);
    socket.resume();
    expect(events(socket).slice(-3)).toEqual(['orders:update', 'orders:update', 'subscribed']);
    expect(socket.closedWith).toBeUndefined();
    expect(slowConsumerClosed).not.toHaveBeenCalled();
    connection.handleSocketClosed(1000);
  });

  it('answers a rate-limit breach once, then closes a client that keeps going', () => {
    const { socket, send, connection } = setup();
    for (let i = 0; i < 5; i += 1) {
      send({ event: 'heartbeat:ack', data: { clientTime: 1 } });
    }
    for (let i = 0; i < 5; i += 1) {
      send({ event: 'heartbeat:ack', data: { clientTime: 1 } });
    }
    expect(socket.messages().filter((m) => m.event === 'error' && m.data.code === 'RATE_LIMITED')).toHaveLength(1);
    expect(socket.closedWith).toBeUndefined();
    send({ event: 'heartbeat:ack', data: { clientTime: 1 } });
    expect(socket.closedWith).toBe(CLOSE_CODES.RATE_LIMITED);
    connection.handleSocketClosed(CLOSE_CODES.RATE_LIMITED);
  });

  it('batches data events in one frame per window and keeps control messages in order', () => {
    const { socket, hub, connection, send } = setup();
    send({ event: 'subscribe', data: { channels: ['orders'], batchMs: 100 } });
    connection.deliver(hub.publish('orders', order('1'), 1));
    connection.deliver(hub.publish('orders', order('2'), 1));
    expect(events(socket)).toEqual(['connection:ack', 'subscribed']);
    jest.advanceTimersByTime(100);
    const batch = socket.messages().at(-1);
    expect(batch?.event).toBe('batch');
    expect(batch?.event === 'batch' && batch.data.events.map((event) => event.seq)).toEqual([1, 2]);
    connection.deliver(hub.publish('orders', order('3'), 1));
    send({ event: 'unsubscribe', data: { channels: ['orders'] } });
    expect(events(socket).slice(-2)).toEqual(['batch', 'unsubscribed']);
    connection.handleSocketClosed(1000);
  });

  it('joins a window once for every connection that received the same events', () => {
    const first = setup();
    const second = setup();
    const sentBuffers = (socket: FakeSocket) => {
      const buffers: Buffer[] = [];
      const send = socket.send.bind(socket);
      socket.send = (data, options, callback) => {
        buffers.push(data);
        send(data, options, callback);
      };
      return buffers;
    };
    const firstSent = sentBuffers(first.socket);
    const secondSent = sentBuffers(second.socket);
    for (const { send } of [first, second]) {
      send({ event: 'subscribe', data: { channels: ['orders'], batchMs: 100 } });
    }
    for (const id of ['1', '2']) {
      const event = first.hub.publish('orders', order(id), 1);
      first.connection.deliver(event);
      second.connection.deliver(event);
    }
    jest.advanceTimersByTime(100);
    const [a, b] = [firstSent.at(-1)!, secondSent.at(-1)!];
    expect(JSON.parse(a.toString()).event).toBe('batch');
    expect(b).toBe(a);
    // A connection whose window holds other events gets its own bytes.
    const third = setup();
    third.send({ event: 'subscribe', data: { channels: ['orders'], batchMs: 100 } });
    third.connection.deliver(first.hub.publish('orders', order('3'), 1));
    jest.advanceTimersByTime(100);
    expect(third.socket.messages().at(-1)).toMatchObject({ event: 'batch', data: { events: [{ seq: 3 }] } });
    [first, second, third].forEach(({ connection }) => connection.handleSocketClosed(1000));
  });

  it('ends a session at its lifetime with SESSION_EXPIRED', () => {
    const { socket, connection } = setup({ sessionLifetimeMs: 5000, heartbeatIntervalMs: 60_000 });
    jest.advanceTimersByTime(5000);
    expect(socket.messages().slice(-2)).toMatchObject([
      { event: 'error', data: { code: 'SESSION_EXPIRED' } },
      { event: 'connection:closed', data: { reason: 'session_expired' } },
    ]);
    expect(socket.closedWith).toBe(CLOSE_CODES.SESSION_EXPIRED);
    connection.handleSocketClosed(CLOSE_CODES.SESSION_EXPIRED);
  });

  it('stops its timers when the socket closes', () => {
    const { socket, connection, closed } = setup();
    connection.handleSocketClosed(1006);
    expect(closed).toHaveBeenCalledTimes(1);
    const before = socket.sent.length;
    jest.advanceTimersByTime(10_000);
    expect(socket.sent.length).toBe(before);
    expect(jest.getTimerCount()).toBe(0);
  });
});
