import { CLOSE_CODES } from '../protocol';
import type { FakeWebSocket } from './testing/FakeWebSocket';
import { WS_URL, collect, createHarness, flush, positionsEvent, subscribedMessage } from './testing/clientTestHarness';

/** The server refuses the connection as the simulator does: error, connection:closed, close 4001. */
function refuseAuth(socket: FakeWebSocket): void {
  socket.open();
  socket.receive({
    event: 'connection:error',
    data: { code: 'AUTH_REQUIRED', error: { what: 'Connection rejected', why: 'No valid session', how: 'Send a key' } },
  });
  socket.receive({ event: 'connection:closed', data: { reason: 'error', message: 'auth', code: 'AUTH_REQUIRED' } });
  socket.serverClose(CLOSE_CODES.AUTH_REQUIRED, 'auth required');
}

beforeEach(() => {
  jest.useFakeTimers({ now: 1_000_000 });
});

afterEach(() => {
  jest.useRealTimers();
});

describe('createMciClient: connection', () => {
  it('goes disconnected → connecting → connected → subscribed → streaming and back to disconnected after the linger', async () => {
    const { client, sockets, states } = createHarness({ lingerMs: 5000 });
    expect(states()).toEqual(['disconnected']);
    expect(sockets.sockets).toHaveLength(0);

    const positions = collect(client.channel('positions'));
    await flush();
    expect(sockets.sockets).toHaveLength(1);
    expect(sockets.last.url).toBe(WS_URL);
    sockets.last.accept();
    expect(sockets.last.sentEvents('subscribe')).toEqual([{ channels: ['positions'] }]);
    sockets.last.receive(subscribedMessage(['positions']));
    sockets.last.receive(positionsEvent(1, true));
    expect(states()).toEqual(['disconnected', 'connecting', 'connected', 'subscribed', 'streaming']);
    expect(client.subscribedChannels()).toEqual(['positions']);
    expect(positions.items).toHaveLength(1);

    positions.subscription.unsubscribe();
    await flush();
    jest.advanceTimersByTime(4999);
    await flush();
    expect(sockets.last.sentEvents('unsubscribe')).toEqual([]);
    jest.advanceTimersByTime(1);
    await flush();
    expect(sockets.last.sentEvents('unsubscribe')).toEqual([{ channels: ['positions'] }]);
    expect(sockets.last.sentEvents('disconnect')).toHaveLength(1);
    expect(sockets.last.closedWith?.code).toBe(CLOSE_CODES.NORMAL);
    expect(states()[states().length - 1]).toBe('disconnected');
    client.close();
  });

  it('retries on the spec backoff 1, 2, 4, 8, 16 s, then every 16 s, counting attempts', async () => {
    const { client, sockets, status } = createHarness();
    collect(client.channel('orders'));
    await flush();
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 7; attempt += 1) {
      const before = sockets.sockets.length;
      sockets.last.fail('connect ECONNREFUSED 127.0.0.1:1');
      expect(status().state).toBe('reconnecting');
      expect(status().attempt).toBe(attempt);
      const delay = status().nextRetryAt! - Date.now();
      delays.push(delay);
      jest.advanceTimersByTime(delay - 1);
      await flush();
      expect(sockets.sockets).toHaveLength(before);
      jest.advanceTimersByTime(1);
      await flush();
      expect(sockets.sockets).toHaveLength(before + 1);
      expect(status().state).toBe('connecting');
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 16_000, 16_000]);
    expect(status().lastError).toMatchObject({ code: 'CONNECTION_FAILED' });
    expect(status().lastError?.why).toContain('ECONNREFUSED');

    sockets.last.accept();
    expect(status()).toMatchObject({ state: 'connected', attempt: 0 });
    expect(status().lastError).toBeUndefined();
    client.close();
  });

  it.each([
    [0, 800],
    [0.999_999, 1200],
  ])('spreads the delay by the jitter (random %p → %p ms)', async (random, expected) => {
    const { client, sockets, status } = createHarness({ random: () => random });
    collect(client.channel('orders'));
    await flush();
    sockets.last.fail('down');
    expect(status().nextRetryAt! - Date.now()).toBe(expected);
    client.close();
  });

  it('waits the delay the server asks for in reconnect, then retries every 500 ms while the restart window lasts', async () => {
    const { client, sockets, status } = createHarness();
    collect(client.channel('orders'));
    await flush();
    sockets.last.accept();
    sockets.last.receive({
      event: 'reconnect',
      data: { reason: 'server_restart', delay: 3000, message: 'Please reconnect in 3 seconds' },
    });
    sockets.last.receive({
      event: 'connection:closed',
      data: { reason: 'server_shutdown', message: 'Server shutting down' },
    });
    sockets.last.serverClose(CLOSE_CODES.GOING_AWAY, 'server shutting down');
    expect(status().nextRetryAt! - Date.now()).toBe(3000);
    expect(status().lastError).toMatchObject({ code: 'CONNECTION_LOST' });
    expect(status().lastError?.why).toContain('shutting down');
    jest.advanceTimersByTime(3000);
    await flush();
    sockets.last.fail('refused');
    expect(status()).toMatchObject({ state: 'reconnecting', attempt: 2 });
    expect(status().nextRetryAt! - Date.now()).toBe(500);
    // 30 s past the announced delay, the server is not just restarting: back to the spec schedule.
    for (let tries = 0; tries < 70 && Date.now() - 1_000_000 < 3000 + 30_000; tries += 1) {
      jest.advanceTimersByTime(500);
      await flush();
      sockets.last.fail('refused');
    }
    expect(status().attempt).toBeGreaterThanOrEqual(60);
    expect(status().nextRetryAt! - Date.now()).toBe(16_000);
    client.close();
  });

  it('goes back to the spec backoff after a connection that followed an announced restart', async () => {
    const { client, sockets, status } = createHarness();
    collect(client.channel('orders'));
    await flush();
    sockets.last.accept();
    sockets.last.receive({
      event: 'reconnect',
      data: { reason: 'server_restart', delay: 1000, message: 'restarting' },
    });
    sockets.last.serverClose(CLOSE_CODES.GOING_AWAY, 'server shutting down');
    jest.advanceTimersByTime(1000);
    await flush();
    sockets.last.accept();
    sockets.last.serverClose(1006);
    expect(status()).toMatchObject({ state: 'reconnecting', attempt: 1 });
    expect(status().nextRetryAt! - Date.now()).toBe(1000);
    client.close();
  });

  it('leaves a socket the server keeps open after asking to reconnect, once its delay is over', async () => {
    const { client, sockets, status } = createHarness();
    collect(client.channel('orders'));
    await flush();
    const first = sockets.last;
    first.accept();
    first.receive({
      event: 'reconnect',
      data: { reason: 'session_refresh', delay: 2000, message: 'Refresh your session' },
    });
    jest.advanceTimersByTime(1999);
    expect(first.closedWith).toBeUndefined();
    jest.advanceTimersByTime(1);
    expect(first.closedWith?.code).toBe(CLOSE_CODES.NORMAL);
    expect(status().lastError?.why).toContain('session_refresh');
    // Reconnects at once (the fake clock runs a 0 ms timer set during a tick 1 ms later).
    expect(status()).toMatchObject({ state: 'reconnecting', nextRetryAt: Date.now() });
    jest.advanceTimersByTime(1);
    await flush();
    expect(sockets.sockets).toHaveLength(2);
    sockets.last.accept();
    expect(status()).toMatchObject({ state: 'connected', attempt: 0 });
    client.close();
  });

  it('stops retrying when the server refuses the key of a client without tickets, and says so', async () => {
    const { client, sockets, status, errors } = createHarness();
    collect(client.channel('orders'));
    await flush();
    refuseAuth(sockets.last);
    expect(status()).toMatchObject({
      state: 'disconnected',
      attempt: 0,
      credentialRefused: true,
      lastError: { code: 'AUTH_REQUIRED', why: 'No valid session' },
    });
    expect(errors.map((error) => error.code)).toEqual(['AUTH_REQUIRED']);
    jest.advanceTimersByTime(120_000);
    await flush();
    expect(sockets.sockets).toHaveLength(1);
    client.close();
  });

  it('names the catalogue code of a close code when no error event explained it', async () => {
    const { client, sockets, status, errors } = createHarness();
    collect(client.channel('orders'));
    await flush();
    sockets.last.accept();
    sockets.last.serverClose(CLOSE_CODES.SESSION_EXPIRED, '');
    expect(status().lastError).toMatchObject({ code: 'SESSION_EXPIRED' });
    expect(errors.map((error) => error.code)).toEqual(['SESSION_EXPIRED']);
    client.close();
  });

  it.each([
    ['SESSION_EXPIRED', 'session_expired', CLOSE_CODES.SESSION_EXPIRED],
    ['SERVER_ERROR', 'error', CLOSE_CODES.SERVER_ERROR],
  ] as const)(
    'reports %s once when the server says it by error, connection:closed and close code',
    async (code, reason, closeCode) => {
      const { client, sockets, status, errors } = createHarness();
      collect(client.channel('orders'));
      await flush();
      sockets.last.accept();
      sockets.last.receive({ event: 'error', data: { code, error: { what: 'W', why: 'the precise why', how: 'H' } } });
      sockets.last.receive({ event: 'connection:closed', data: { reason, message: 'generic', code } });
      sockets.last.serverClose(closeCode, '');
      expect(errors.map((error) => error.code)).toEqual([code]);
      expect(status()).toMatchObject({ state: 'reconnecting', lastError: { code, why: 'the precise why' } });
      client.close();
    }
  );

  it('does not blame a close on an earlier error event with another close code', async () => {
    const { client, sockets, status } = createHarness();
    collect(client.channel('orders'));
    await flush();
    sockets.last.accept();
    sockets.last.receive({ event: 'error', data: { code: 'RATE_LIMITED', error: { what: 'W', why: 'Y', how: 'H' } } });
    sockets.last.serverClose(1006, '');
    expect(status().lastError).toMatchObject({ code: 'CONNECTION_LOST' });
    client.close();
  });

  it('treats two heartbeat intervals without any frame as a dead connection', async () => {
    const { client, sockets, status } = createHarness();
    collect(client.channel('positions'));
    await flush();
    const socket = sockets.last;
    socket.accept({ heartbeatIntervalMs: 1000 });
    jest.advanceTimersByTime(1500);
    socket.receive({ event: 'heartbeat', data: { serverTime: 1, connectionUptime: 1 } });
    jest.advanceTimersByTime(1999);
    expect(status().state).toBe('connected');
    jest.advanceTimersByTime(1);
    expect(socket.closedWith?.code).toBe(CLOSE_CODES.HEARTBEAT_TIMEOUT);
    expect(status()).toMatchObject({ state: 'reconnecting', attempt: 1, lastError: { code: 'HEARTBEAT_TIMEOUT' } });
    expect(status().lastError?.why).toContain('2000 ms');
    // A late close of the dead socket changes nothing.
    socket.serverClose(1006);
    expect(status().attempt).toBe(1);
    client.close();
  });

  it('gives up on a connection the server never answers after two heartbeat intervals', async () => {
    const { client, sockets, status } = createHarness();
    collect(client.channel('positions'));
    await flush();
    jest.advanceTimersByTime(60_000);
    expect(sockets.sockets[0].closedWith).toBeDefined();
    expect(status()).toMatchObject({ state: 'reconnecting', lastError: { code: 'CONNECTION_FAILED' } });
    client.close();
  });

  it('asks for a ticket before every connect and appends it URL-encoded, keeping other parameters', async () => {
    let issued = 0;
    const getTicket = jest.fn(async () => `t ${++issued}/&`);
    const { client, sockets } = createHarness({ wsUrl: 'ws://mci.test/telemetry?tenant=a', getTicket });
    collect(client.channel('orders'));
    await flush();
    expect(sockets.last.url).toBe('ws://mci.test/telemetry?tenant=a&ticket=t+1%2F%26');
    sockets.last.fail('refused');
    jest.advanceTimersByTime(1000);
    await flush();
    expect(getTicket).toHaveBeenCalledTimes(2);
    expect(sockets.last.url).toBe('ws://mci.test/telemetry?tenant=a&ticket=t+2%2F%26');
    client.close();
  });

  it('retries on the backoff when the ticket cannot be fetched, saying why', async () => {
    const getTicket = jest.fn(async () => {
      throw new Error('401 from the proxy');
    });
    const { client, sockets, status } = createHarness({ getTicket });
    collect(client.channel('orders'));
    await flush();
    expect(sockets.sockets).toHaveLength(0);
    expect(status()).toMatchObject({ state: 'reconnecting', lastError: { code: 'CONNECTION_FAILED' } });
    expect(status().lastError?.why).toContain('401 from the proxy');
    client.close();
  });

  it('close() says disconnect, closes the socket, clears every timer and completes every stream', async () => {
    const httpGet = jest.fn(async () => ({}));
    const { client, sockets, status, statusCompleted } = createHarness({ httpGet });
    const orders = collect(client.channel('orders'));
    const lingering = collect(client.channel('market'));
    let errorsCompleted = false;
    client.errors$.subscribe({ complete: () => (errorsCompleted = true) });
    await flush();
    const first = sockets.last;
    first.accept();
    lingering.subscription.unsubscribe();
    await flush();
    first.serverClose(1006);
    await flush();
    // Reconnect timer, polling timer, linger timer.
    expect(jest.getTimerCount()).toBeGreaterThanOrEqual(3);
    jest.advanceTimersByTime(1000);
    await flush();
    const second = sockets.last;
    second.accept();

    client.close();
    expect(second.sentEvents('disconnect')).toHaveLength(1);
    expect(second.closedWith?.code).toBe(CLOSE_CODES.NORMAL);
    expect(status().state).toBe('disconnected');
    expect(orders.completed()).toBe(true);
    expect(statusCompleted()).toBe(true);
    expect(errorsCompleted).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
    await expect(client.roundTrip()).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
    expect(collect(client.channel('orders')).completed()).toBe(true);
  });

  it('clears the reconnect and polling timers when closed while reconnecting', async () => {
    const httpGet = jest.fn(async () => ({}));
    const { client, sockets } = createHarness({ httpGet });
    collect(client.channel('orders'));
    await flush();
    sockets.last.fail('refused');
    await flush();
    expect(jest.getTimerCount()).toBe(2);
    client.close();
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(60_000);
    await flush();
    expect(sockets.sockets).toHaveLength(1);
  });

  it('names the option and the reason when options are invalid', () => {
    expect(() => createHarness({ wsUrl: 'http://x' })).toThrow('option wsUrl: expected a ws:// or wss:// URL');
    expect(() => createHarness({ backoffMs: [] })).toThrow('option backoffMs: expected at least one delay');
    expect(() => createHarness({ jitter: 2 })).toThrow('option jitter');
  });
  it('tries the socket at once when the REST snapshot answers again during a long backoff', async () => {
    let serverUp = true;
    const httpGet = jest.fn(async () => {
      if (!serverUp) {
        throw new Error('connect ECONNREFUSED');
      }
      return { timestamp: 1, epoch: 'e1', seq: {}, positions: [] };
    });
    const { client, sockets, status } = createHarness({ httpGet, backoffMs: [16_000] });
    collect(client.channel('positions'));
    await flush();
    sockets.last.accept();
    sockets.last.receive(subscribedMessage(['positions']));
    serverUp = false;
    sockets.last.serverClose(1006);
    await flush();
    expect(status()).toMatchObject({ state: 'reconnecting', polling: true });
    expect(sockets.sockets).toHaveLength(1);

    // The server comes back 3 s into a 16 s backoff: the next poll (2 s interval) notices it.
    jest.advanceTimersByTime(3000);
    serverUp = true;
    await flush();
    jest.advanceTimersByTime(2000);
    await flush();
    expect(sockets.sockets).toHaveLength(2);
    expect(status().state).toBe('connecting');
    client.close();
  });
});
