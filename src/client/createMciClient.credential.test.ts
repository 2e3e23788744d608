import { CLOSE_CODES } from '../protocol';
import { collect, createHarness, flush, subscribedMessage } from './testing/clientTestHarness';

beforeEach(() => {
  jest.useFakeTimers({ now: 1_000_000 });
});

afterEach(() => {
  jest.useRealTimers();
});

/** A ticket request refused the way the data source's proxy request rejects: an Error with `status`. */
function httpError(status: number): Error & { status: number } {
  return Object.assign(new Error(`/mci/api/telemetry/ws-ticket answered HTTP ${status}`), { status });
}

describe('createMciClient: a refused credential', () => {
  it.each([401, 403])(
    'stops retrying when the ticket request answers %p, and a new subscription tries again',
    async (code) => {
      const getTicket = jest.fn(async (): Promise<string> => {
        throw httpError(code);
      });
      const httpGet = jest.fn(async () => ({}));
      const { client, sockets, status } = createHarness({ getTicket, httpGet });
      const orders = collect(client.channel('orders'));
      await flush();
      expect(status()).toMatchObject({
        state: 'disconnected',
        polling: false,
        credentialRefused: true,
        lastError: { code: 'AUTH_REQUIRED', what: 'The MCI server refused the credential' },
      });
      expect(status().lastError?.why).toContain(`HTTP ${code}`);
      expect(status().lastError?.how).toContain('API key');
      jest.advanceTimersByTime(120_000);
      await flush();
      expect(getTicket).toHaveBeenCalledTimes(1);
      expect(orders.completed()).toBe(false);

      // The settings were fixed and the query runs again.
      getTicket.mockImplementation(async () => 'fresh');
      const again = collect(client.channel('orders'));
      await flush();
      expect(getTicket).toHaveBeenCalledTimes(2);
      sockets.last.accept();
      sockets.last.receive(subscribedMessage(['orders']));
      expect(status()).toMatchObject({ state: 'subscribed' });
      expect(status().credentialRefused).toBeUndefined();
      again.subscription.unsubscribe();
      client.close();
    }
  );

  it('fetches a new ticket at once when the server refuses an issued ticket (used or expired), then waits the backoff', async () => {
    let issued = 0;
    const getTicket = jest.fn(async () => `t${++issued}`);
    const { client, sockets, status } = createHarness({ getTicket });
    collect(client.channel('orders'));
    await flush();
    sockets.last.open();
    sockets.last.serverClose(CLOSE_CODES.AUTH_REQUIRED, 'ticket already used');
    expect(status()).toMatchObject({ state: 'reconnecting', lastError: { code: 'AUTH_REQUIRED' } });
    expect(status().credentialRefused).toBeUndefined();
    jest.advanceTimersByTime(0);
    await flush();
    expect(sockets.sockets).toHaveLength(2);
    expect(sockets.last.url).toContain('ticket=t2');

    // Refused again at once: no longer a used ticket, so the backoff applies.
    sockets.last.open();
    sockets.last.serverClose(CLOSE_CODES.AUTH_REQUIRED, 'ticket expired');
    expect(status()).toMatchObject({ state: 'reconnecting', attempt: 2, nextRetryAt: 1_000_000 + 2000 });
    client.close();
  });

  it('keeps the never-give-up schedule when the ticket request fails on the network', async () => {
    const getTicket = jest.fn(async (): Promise<string> => {
      throw Object.assign(new Error('unreachable'), { status: 0 });
    });
    const { client, status } = createHarness({ getTicket });
    collect(client.channel('orders'));
    await flush();
    expect(status()).toMatchObject({ state: 'reconnecting', attempt: 1, lastError: { code: 'CONNECTION_FAILED' } });
    jest.advanceTimersByTime(1000);
    await flush();
    expect(getTicket).toHaveBeenCalledTimes(2);
    expect(status().credentialRefused).toBeUndefined();
    client.close();
  });
});
