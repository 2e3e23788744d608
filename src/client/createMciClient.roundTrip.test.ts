import { collect, createHarness, flush, subscribedMessage } from './testing/clientTestHarness';

beforeEach(() => {
  jest.useFakeTimers({ now: 1_000_000 });
});

afterEach(() => {
  jest.useRealTimers();
});

describe('createMciClient: heartbeat and round trip', () => {
  it('answers a server heartbeat with heartbeat:ack carrying the client time', async () => {
    const { client, sockets } = createHarness();
    collect(client.channel('health'));
    await flush();
    sockets.last.accept();
    jest.setSystemTime(1_234_567);
    sockets.last.receive({ event: 'heartbeat', data: { serverTime: 1, connectionUptime: 5 } });
    expect(sockets.last.sentEvents('heartbeat:ack')).toEqual([{ clientTime: 1_234_567 }]);
    client.close();
  });

  it('connects, sends a client heartbeat and resolves with the round-trip time, then closes the idle socket', async () => {
    const { client, sockets, status } = createHarness();
    const rtt = client.roundTrip(5000);
    await flush();
    const socket = sockets.last;
    socket.accept();
    const [probe] = socket.sentEvents('heartbeat');
    expect(probe).toEqual({ clientTime: Date.now() });
    jest.advanceTimersByTime(42);
    socket.receive({ event: 'heartbeat:ack', data: { clientTime: 1, serverTime: 2 } });
    socket.receive({ event: 'heartbeat:ack', data: { clientTime: probe.clientTime, serverTime: 2 } });
    await expect(rtt).resolves.toBe(42);
    expect(socket.sentEvents('disconnect')).toHaveLength(1);
    expect(status().state).toBe('disconnected');
    expect(jest.getTimerCount()).toBe(0);
    client.close();
  });

  it('uses the open connection and keeps it for the channels that want it', async () => {
    const { client, sockets } = createHarness();
    collect(client.channel('orders'));
    await flush();
    sockets.last.accept();
    sockets.last.receive(subscribedMessage(['orders']));
    const rtt = client.roundTrip();
    const [probe] = sockets.last.sentEvents('heartbeat');
    jest.advanceTimersByTime(7);
    sockets.last.receive({ event: 'heartbeat:ack', data: { clientTime: probe.clientTime, serverTime: 2 } });
    await expect(rtt).resolves.toBe(7);
    expect(sockets.sockets).toHaveLength(1);
    expect(sockets.last.closedWith).toBeUndefined();
    client.close();
  });

  it('resolves when a spec-001 server answers the probe with INVALID_MESSAGE, without reporting an error', async () => {
    const { client, sockets, errors, status } = createHarness();
    const rtt = client.roundTrip();
    await flush();
    sockets.last.accept();
    jest.advanceTimersByTime(3);
    sockets.last.receive({
      event: 'error',
      data: {
        code: 'INVALID_MESSAGE',
        error: { what: 'Message rejected', why: 'event: "heartbeat" is sent by the server', how: '…' },
      },
    });
    await expect(rtt).resolves.toBe(3);
    expect(errors).toEqual([]);
    expect(status().lastError).toBeUndefined();
    client.close();
  });

  it('rejects at once with AUTH_REQUIRED when the server refuses the connection', async () => {
    const { client, sockets, status } = createHarness();
    const rtt = client.roundTrip();
    await flush();
    sockets.last.open();
    sockets.last.receive({
      event: 'connection:error',
      data: {
        code: 'AUTH_REQUIRED',
        error: { what: 'Connection rejected', why: 'No valid session', how: 'Send a key' },
      },
    });
    sockets.last.serverClose(4001, 'auth');
    await expect(rtt).rejects.toMatchObject({
      code: 'AUTH_REQUIRED',
      message: 'Connection rejected: No valid session. Send a key',
    });
    // Nothing else wants the connection: no retry.
    expect(status().state).toBe('disconnected');
    expect(jest.getTimerCount()).toBe(0);
    client.close();
  });

  it('rejects with CONNECTION_FAILED naming the cause when the server is down', async () => {
    const { client, sockets } = createHarness();
    const rtt = client.roundTrip();
    await flush();
    sockets.last.fail('connect ECONNREFUSED 127.0.0.1:9');
    await expect(rtt).rejects.toMatchObject({
      code: 'CONNECTION_FAILED',
      why: expect.stringContaining('ECONNREFUSED'),
    });
    client.close();
  });

  it('rejects when no heartbeat:ack arrives in time', async () => {
    const { client, sockets } = createHarness();
    const rtt = client.roundTrip(1000);
    await flush();
    sockets.last.accept();
    jest.advanceTimersByTime(1000);
    await expect(rtt).rejects.toMatchObject({ code: 'HEARTBEAT_TIMEOUT', why: expect.stringContaining('1000 ms') });
    client.close();
  });
});
