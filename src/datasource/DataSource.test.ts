import { LoadingState, type DataFrame } from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import { CHANNELS } from '../protocol';
import type { ClientOptions } from '../client';
import type { DataSource } from './DataSource';
import { HttpError } from './grafanaServices';
import { createFakeClient, type FakeClient } from './testing/fakeClient';
import { alert, event, eventOf, health, order, snapshot, T0 } from './testing/channelItems';
import { collect, notices, request, setup } from './testing/dataSourceHarness';

beforeEach(() => {
  jest.useFakeTimers({ now: T0 });
});

afterEach(() => {
  jest.useRealTimers();
});

describe('DataSource.query', () => {
  it.each(CHANNELS.map((channel) => [channel]))(
    'streams %s frames named after the channel, keyed by refId',
    async (channel) => {
      const { ds, clients } = setup();
      const run = collect(ds.query(request([{ refId: 'A', channel }])));
      clients[0].emit(eventOf(channel, T0));
      await jest.advanceTimersByTimeAsync(200);
      const last = run.responses[run.responses.length - 1];
      expect({ key: last.key, state: last.state }).toEqual({ key: 'mci-A', state: LoadingState.Streaming });
      const frames = last.data as DataFrame[];
      expect(frames.every((frame) => frame.name === channel && frame.refId === 'A')).toBe(true);
      expect(frames.some((frame) => frame.length > 0)).toBe(true);
      run.subscription.unsubscribe();
    }
  );

  it('shares one client between every query and panel of the instance', async () => {
    const { ds, clients } = setup();
    const a = collect(
      ds.query(
        request([
          { refId: 'A', channel: 'orders' },
          { refId: 'B', channel: 'positions' },
        ])
      )
    );
    const b = collect(ds.query(request([{ refId: 'A', channel: 'activity' }])));
    expect(clients).toHaveLength(1);
    expect(clients[0].subscribedChannels().sort()).toEqual(['activity', 'orders', 'positions']);
    a.subscription.unsubscribe();
    b.subscription.unsubscribe();
  });

  it('repaints at most once per throttle window, and the last repaint holds every event', async () => {
    const { ds, clients } = setup({ throttleMs: 100 });
    const run = collect(ds.query(request([{ refId: 'A', channel: 'orders' }])));
    const before = run.responses.length;
    for (let n = 0; n < 50; n++) {
      clients[0].emit(eventOf('orders', T0 + n, n));
    }
    await jest.advanceTimersByTimeAsync(99);
    const withinWindow = run.responses.length - before;
    await jest.advanceTimersByTimeAsync(1);
    expect(withinWindow).toBeLessThanOrEqual(1);
    expect(run.framesOf('A')[0].length).toBe(50);
    run.subscription.unsubscribe();
  });

  it('repaints the panels of every query that changed during a window together, when the window ends', async () => {
    const { ds, clients } = setup({ throttleMs: 100 });
    const repaints: string[] = [];
    const panel = (channel: 'orders' | 'activity') =>
      ds.query(request([{ refId: 'A', channel }])).subscribe(() => repaints.push(`${channel}@${Date.now() - T0}`));
    const orders = panel('orders');
    const activity = panel('activity');
    await jest.advanceTimersByTimeAsync(1000);
    repaints.length = 0;
    clients[0].emit(eventOf('orders', T0 + 1000, 1));
    await jest.advanceTimersByTimeAsync(20);
    clients[0].emit(eventOf('activity', T0 + 1020, 2));
    await jest.advanceTimersByTimeAsync(20);
    clients[0].emit(eventOf('orders', T0 + 1040, 3));
    await jest.advanceTimersByTimeAsync(100);
    expect(repaints).toEqual(['orders@1000', 'activity@1100', 'orders@1100']);
    orders.unsubscribe();
    activity.unsubscribe();
  });

  it('tears down every subscription and timer a query opened when it is unsubscribed', async () => {
    const { ds, clients } = setup();
    const run = collect(
      ds.query(
        request([
          { refId: 'A', channel: 'positions' },
          { refId: 'B', channel: 'orders' },
        ])
      )
    );
    await jest.advanceTimersByTimeAsync(5000);
    expect(clients[0].live.get('positions')).toBe(1);
    run.subscription.unsubscribe();
    expect({ positions: clients[0].live.get('positions'), orders: clients[0].live.get('orders') }).toEqual({
      positions: 0,
      orders: 0,
    });
    expect(clients[0].statusSubject.observed).toBe(false);
    expect(clients[0].errorSubject.observed).toBe(false);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('shows a Reconnecting notice with the attempt and the next try, then a polling notice', async () => {
    const { ds, clients } = setup();
    const run = collect(ds.query(request([{ refId: 'A', channel: 'orders' }])));
    clients[0].statusSubject.next({
      state: 'reconnecting',
      attempt: 2,
      nextRetryAt: T0 + 4000,
      polling: true,
      since: T0,
      lastError: {
        code: 'CONNECTION_LOST',
        what: 'Connection lost',
        why: 'the server closed the socket',
        how: 'wait',
        at: T0,
      },
    });
    await jest.advanceTimersByTimeAsync(200);
    const texts = notices(run.framesOf('A')).map((notice) => `${notice.severity}: ${notice.text}`);
    expect(texts[0]).toMatch(
      /^warning: Reconnecting to the MCI server \(attempt 2, next try in 4 s\)\. Why: the server closed the socket/
    );
    expect(texts[1]).toMatch(/^info: Polling fallback/);
    clients[0].statusSubject.next({ state: 'streaming', attempt: 0, polling: false, since: T0 });
    await jest.advanceTimersByTimeAsync(200);
    expect(notices(run.framesOf('A'))).toEqual([]);
    run.subscription.unsubscribe();
  });

  it('says a refused API key and where to fix it, instead of reconnecting', async () => {
    const { ds, clients } = setup();
    const run = collect(ds.query(request([{ refId: 'A', channel: 'orders' }])));
    clients[0].statusSubject.next({
      state: 'disconnected',
      attempt: 1,
      polling: false,
      since: T0,
      credentialRefused: true,
      lastError: {
        code: 'AUTH_REQUIRED',
        what: 'Unauthorized',
        why: 'the ticket request answered 401',
        how: 'fix',
        at: T0,
      },
    });
    await jest.advanceTimersByTimeAsync(200);
    expect(notices(run.framesOf('A'))).toEqual([
      {
        severity: 'error',
        text: expect.stringMatching(
          /^The MCI server refused the API key.*Why: the ticket request answered 401\. How: in Configuration → Data sources → MCI, enter the right API key/
        ),
      },
    ]);
    run.subscription.unsubscribe();
  });

  it('marks a state channel stale after three expected intervals without an update', async () => {
    const { ds, clients } = setup();
    const run = collect(ds.query(request([{ refId: 'A', channel: 'positions' }])));
    clients[0].emit(eventOf('positions', T0));
    await jest.advanceTimersByTimeAsync(2500);
    expect(notices(run.framesOf('A'))).toEqual([]);
    await jest.advanceTimersByTimeAsync(1600);
    expect(notices(run.framesOf('A')).map((notice) => notice.text)).toEqual([
      expect.stringMatching(/^Stale data: no positions update for 4 s \(expected every 1 s\)/),
    ]);
    clients[0].emit(eventOf('positions', Date.now()));
    await jest.advanceTimersByTimeAsync(200);
    expect(notices(run.framesOf('A'))).toEqual([]);
    run.subscription.unsubscribe();
  });

  it('does not call an empty positions book stale: positions come only when they change', async () => {
    const { ds, clients } = setup();
    const run = collect(ds.query(request([{ refId: 'A', channel: 'positions' }])));
    clients[0].emit(event({ event: 'positions:update', data: { positions: [], timestamp: T0 } }));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(notices(run.framesOf('A'))).toEqual([]);
    run.subscription.unsubscribe();
  });

  it('puts the notices on the first frame only, however many frames a query has', async () => {
    const { ds, clients } = setup();
    const run = collect(ds.query(request([{ refId: 'A', channel: 'market' }])));
    clients[0].emit(eventOf('market', T0));
    clients[0].statusSubject.next({ state: 'reconnecting', attempt: 1, polling: false, since: T0 });
    await jest.advanceTimersByTimeAsync(200);
    expect(run.framesOf('A').map((frame) => frame.meta?.notices?.length ?? 0)).toEqual([1, 0]);
    run.subscription.unsubscribe();
  });

  it('shows a server error event as an error notice until data flows again', async () => {
    const { ds, clients } = setup();
    const run = collect(ds.query(request([{ refId: 'A', channel: 'orders' }])));
    await jest.advanceTimersByTimeAsync(10);
    clients[0].errorSubject.next({
      code: 'RATE_LIMITED',
      what: 'Too many messages',
      why: 'over 100/s',
      how: 'Back off',
      at: Date.now(),
    });
    await jest.advanceTimersByTimeAsync(200);
    expect(notices(run.framesOf('A'))).toEqual([
      { severity: 'error', text: 'MCI server error RATE_LIMITED: Too many messages. Why: over 100/s. How: Back off.' },
    ]);
    await jest.advanceTimersByTimeAsync(10);
    clients[0].emit(eventOf('orders', Date.now()));
    await jest.advanceTimersByTimeAsync(200);
    expect(notices(run.framesOf('A'))).toEqual([]);
    run.subscription.unsubscribe();
  });

  it('expands multi-value template variables in the symbol filter, and All keeps every symbol', async () => {
    const { ds, clients } = setup();
    const filtered = collect(ds.query(request([{ refId: 'A', channel: 'orders', symbols: ['$symbol', 'TCS'] }])));
    const all = collect(ds.query(request([{ refId: 'B', channel: 'orders', symbols: ['$all'] }])));
    for (const symbol of ['TCS', 'INFY', 'WIPRO', 'HDFC']) {
      clients[0].emit(
        event({ event: 'orders:update', data: { type: 'new', order: order({ id: symbol, symbol }), timestamp: T0 } })
      );
    }
    await jest.advanceTimersByTimeAsync(200);
    const ids = (frames: DataFrame[]) =>
      [...(frames[0].fields.find((field) => field.name === 'id')?.values ?? [])].sort();
    expect(ids(filtered.framesOf('A'))).toEqual(['INFY', 'TCS', 'WIPRO']);
    expect(ids(all.framesOf('B'))).toEqual(['HDFC', 'INFY', 'TCS', 'WIPRO']);
    filtered.subscription.unsubscribe();
    all.subscription.unsubscribe();
  });

  it('bounds orders by the query buffer size and time series by maxDataPoints', async () => {
    const { ds, clients } = setup();
    const run = collect(
      ds.query(
        request(
          [
            { refId: 'A', channel: 'orders', bufferSize: 5 },
            { refId: 'B', channel: 'account' },
          ],
          3
        )
      )
    );
    for (let n = 0; n < 10; n++) {
      clients[0].emit(eventOf('orders', T0 + n, n));
      clients[0].emit(eventOf('account', T0 + n * 1000, n));
    }
    await jest.advanceTimersByTimeAsync(200);
    expect({ orders: run.framesOf('A')[0].length, account: run.framesOf('B')[0].length }).toEqual({
      orders: 5,
      account: 3,
    });
    run.subscription.unsubscribe();
  });

  it('backfills from the history of the time range, then appends live events in order', async () => {
    const historyEvent = (n: number) => {
      const item = eventOf('account', T0 + n * 1000, n);
      return item.kind === 'event' ? { ...item.message, seq: n } : undefined;
    };
    const history = { events: [historyEvent(1), historyEvent(2)] };
    const { ds, clients, requests } = setup({}, () => history);
    const run = collect(ds.query(request([{ refId: 'A', channel: 'account' }], 100)));
    clients[0].emit(eventOf('account', T0 + 3000, 3));
    await jest.advanceTimersByTimeAsync(200);
    expect(requests).toEqual([
      ['GET', `/api/datasources/proxy/uid/mci/mci/api/telemetry/history/account?from=${T0 - 3_600_000}&limit=10000`],
    ]);
    expect(run.framesOf('A')[0].fields[1].values).toEqual([1, 2, 3]);
    run.subscription.unsubscribe();
  });

  it('says so when the history cannot be read, and streams live data anyway', async () => {
    const { ds, clients } = setup({}, () => {
      throw new HttpError(502, 'history', 'bad gateway');
    });
    const run = collect(ds.query(request([{ refId: 'A', channel: 'activity' }])));
    clients[0].emit(eventOf('activity', T0));
    await jest.advanceTimersByTimeAsync(200);
    expect(run.framesOf('A')[0].length).toBe(1);
    expect(notices(run.framesOf('A'))).toEqual([
      {
        severity: 'info',
        text: expect.stringMatching(/^No history before the live data: history answered HTTP 502: bad gateway\. Why:/),
      },
    ]);
    run.subscription.unsubscribe();
  });

  it('tells about a gap healed from the REST snapshot for a while, with the healed rows', async () => {
    const { ds, clients } = setup();
    const run = collect(ds.query(request([{ refId: 'A', channel: 'orders' }])));
    await jest.advanceTimersByTimeAsync(10);
    clients[0].emit({ kind: 'gap', channel: 'orders', fromSeq: 4, toSeq: 9, receivedAt: Date.now() });
    clients[0].emit(snapshot('orders', [order({ id: 'healed' })], Date.now(), 'gap'));
    await jest.advanceTimersByTimeAsync(200);
    expect(run.framesOf('A')[0].fields[0].values).toEqual(['healed']);
    expect(notices(run.framesOf('A')).map((notice) => notice.text)).toEqual([
      expect.stringMatching(/^Some orders events could not be replayed after a reconnect\./),
    ]);
    await jest.advanceTimersByTimeAsync(10_000);
    clients[0].emit(eventOf('orders', Date.now(), 1));
    await jest.advanceTimersByTimeAsync(200);
    expect(notices(run.framesOf('A'))).toEqual([]);
    run.subscription.unsubscribe();
  });

  it('fails a query with an invalid buffer size alone, saying which option', async () => {
    const { ds } = setup();
    const run = collect(
      ds.query(
        request([
          { refId: 'A', channel: 'orders', bufferSize: 0 },
          { refId: 'B', channel: 'alerts' },
        ])
      )
    );
    await jest.advanceTimersByTimeAsync(200);
    const failed = run.responses.find((response) => response.key === 'mci-A');
    expect(failed?.errors).toEqual([
      { refId: 'A', message: expect.stringMatching(/^Invalid bufferSize 0: .*Set bufferSize within that range/) },
    ]);
    expect(
      run.responses.some((response) => response.key === 'mci-B' && response.state === LoadingState.Streaming)
    ).toBe(true);
    run.subscription.unsubscribe();
  });

  it('gives up a history read that does not answer, and shows the live data that waited', async () => {
    const { ds, clients } = setup({}, () => new Promise(() => undefined));
    const run = collect(ds.query(request([{ refId: 'A', channel: 'activity' }])));
    clients[0].emit(eventOf('activity', T0));
    await jest.advanceTimersByTimeAsync(10_100);
    expect(run.framesOf('A')[0].length).toBe(1);
    expect(notices(run.framesOf('A')).map((notice) => notice.text)).toEqual([
      expect.stringMatching(/^No history before the live data: no answer within 10 s\./),
    ]);
    run.subscription.unsubscribe();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('answers an empty frame with the channel name before any data arrives', async () => {
    const { ds } = setup();
    const run = collect(ds.query(request([{ refId: 'M', channel: 'market' }])));
    await jest.advanceTimersByTimeAsync(200);
    expect(run.framesOf('M')).toEqual([{ name: 'market', refId: 'M', fields: [], length: 0 }]);
    run.subscription.unsubscribe();
  });

  it('fails a target with an unknown channel loudly, and a missing WebSocket URL with what/why/how', async () => {
    const { ds } = setup();
    const unknown = await lastValueFrom(ds.query(request([{ refId: 'A', channel: 'trades' as never }])));
    expect(unknown.errors?.[0]?.message).toMatch(/unknown channel "trades".*Pick a channel/);
    const missing = setup({ wsUrl: '' });
    const response = await lastValueFrom(missing.ds.query(request([{ refId: 'A', channel: 'orders' }])));
    expect(response.errors?.[0]?.message).toMatch(/^No WebSocket URL is configured\..*Set "WebSocket URL"/);
  });
});

describe('state channels on a re-query', () => {
  const rowsOf = (frames: DataFrame[]) => frames.reduce((sum, frame) => sum + frame.length, 0);

  it('shows the positions book in the very first repaint of a re-run query', async () => {
    const { ds, clients } = setup();
    const first = collect(ds.query(request([{ refId: 'A', channel: 'positions' }])));
    clients[0].emit(eventOf('positions', T0));
    await jest.advanceTimersByTimeAsync(200);
    first.subscription.unsubscribe();
    const rerun = collect(ds.query(request([{ refId: 'A', channel: 'positions' }])));
    expect(rowsOf(rerun.responses[0].data as DataFrame[])).toBe(1);
    rerun.subscription.unsubscribe();
  });

  it.each(['positions', 'account', 'health', 'market', 'services'] as const)(
    'shows the latest %s state at once when the query is re-run within the linger, and in a second panel',
    async (channel) => {
      const { ds, clients } = setup();
      const first = collect(ds.query(request([{ refId: 'A', channel }])));
      clients[0].emit(eventOf(channel, T0));
      await jest.advanceTimersByTimeAsync(200);
      const shown = rowsOf(first.framesOf('A'));
      expect(shown).toBeGreaterThan(0);

      const second = collect(ds.query(request([{ refId: 'B', channel }])));
      first.subscription.unsubscribe();
      const rerun = collect(ds.query(request([{ refId: 'A', channel }])));
      // No new event: what shows is the state the client holds (after the history read, if any).
      await jest.advanceTimersByTimeAsync(100);
      expect(rowsOf(second.framesOf('B'))).toBe(shown);
      expect(rowsOf(rerun.framesOf('A'))).toBe(shown);
      second.subscription.unsubscribe();
      rerun.subscription.unsubscribe();
    }
  );

  it('hands a re-run event channel query nothing from the past', async () => {
    const { ds, clients } = setup({}, () => ({ events: [] }));
    const first = collect(ds.query(request([{ refId: 'A', channel: 'orders' }])));
    clients[0].emit(eventOf('orders', T0));
    await jest.advanceTimersByTimeAsync(200);
    first.subscription.unsubscribe();
    const rerun = collect(ds.query(request([{ refId: 'A', channel: 'orders' }])));
    await jest.advanceTimersByTimeAsync(200);
    expect(rowsOf(rerun.framesOf('A'))).toBe(0);
    rerun.subscription.unsubscribe();
  });
});

describe('the shared client options', () => {
  it('reads REST through the proxy route and asks for tickets only with an API key', async () => {
    const none = setup();
    none.ds.getClient();
    expect(none.clients[0].options.getTicket).toBeUndefined();
    await none.clients[0].options.httpGet!('/api/telemetry/snapshot');
    expect(none.requests).toEqual([['GET', '/api/datasources/proxy/uid/mci/mci/api/telemetry/snapshot']]);

    const keyed = setup({ authMode: 'apiKey' }, () => ({ ticket: 't-1' }));
    keyed.ds.getClient();
    expect(await keyed.clients[0].options.getTicket!()).toBe('t-1');
    expect(keyed.requests).toEqual([['POST', '/api/datasources/proxy/uid/mci/mci/api/telemetry/ws-ticket']]);
    expect(keyed.clients[0].options.wsUrl).toBe('ws://127.0.0.1:1/telemetry');
  });
});

describe('variables and annotations', () => {
  it.each([
    ['symbols', ['INFY', 'TCS']],
    ['channels', [...CHANNELS]],
    ['statuses', ['new', 'partially_filled', 'filled', 'cancelled', 'rejected']],
  ] as const)('lists %s', async (query, expected) => {
    const quote = (symbol: string) => ({
      symbol,
      price: 10,
      change: 0,
      changePercent: 0,
      volume: 1,
      high: 11,
      low: 9,
      open: 10,
      timestamp: T0,
    });
    const { ds } = setup({}, () => [quote('TCS'), quote('INFY')]);
    const values = await ds.metricFindQuery({ refId: 'v', query });
    expect(values.map((value) => value.text)).toEqual(expected);
  });

  it.each([
    ['a multi-value symbol and an order', ['$symbol'], ['$order'], ['INFY', 'WIPRO'], ['o-7']],
    ['All and an empty textbox, as no filter', ['$all'], ['$none'], [], []],
  ])('applies the dashboard variables of a query: %s', (_name, symbols, orders, expectedSymbols, expectedOrders) => {
    const { ds } = setup();
    expect(ds.applyTemplateVariables({ refId: 'A', channel: 'orders', symbols, orders }, {})).toEqual({
      refId: 'A',
      channel: 'orders',
      symbols: expectedSymbols,
      orders: expectedOrders,
    });
  });

  it('streams only the order a $order variable names (a drill-down link)', async () => {
    const { ds, clients } = setup();
    const run = collect(ds.query(request([{ refId: 'A', channel: 'orders', orders: ['$order'] }])));
    for (const id of ['o-6', 'o-7']) {
      clients[0].emit(event({ event: 'orders:update', data: { type: 'new', order: order({ id }), timestamp: T0 } }));
    }
    await jest.advanceTimersByTimeAsync(200);
    const frame = run.framesOf('A')[0];
    expect(frame.fields.find((field) => field.name === 'id')?.values).toEqual(['o-7']);
    run.subscription.unsubscribe();
  });

  it('rejects an unknown variable query naming the valid ones', async () => {
    const { ds } = setup();
    await expect(ds.metricFindQuery('trades')).rejects.toThrow(
      /Unknown variable query "trades".*symbols, channels, statuses/
    );
  });

  it('turns the alerts history of the time range into annotations', async () => {
    const raised = (at: number, overrides: Parameters<typeof alert>[0]) => ({
      event: 'alerts:update',
      data: { type: 'raised', timestamp: at, alert: alert({ raisedAt: at, ...overrides }) },
    });
    const history = {
      events: [
        raised(T0, { id: 'x', service: 'api', metric: 'cpu', severity: 'critical', message: 'api cpu high' }),
        raised(T0 - 7_200_000, { id: 'y', service: 'database', severity: 'warning', message: 'too old' }),
      ],
    };
    const { ds, requests } = setup({}, () => history);
    const target = ds.annotations.prepareAnnotation({
      name: 'alerts',
      enable: true,
      iconColor: 'red',
      target: { refId: 'A', channel: 'alerts' },
    }).target!;
    const response = await lastValueFrom(ds.query(request([target])));
    const frame = (response.data as DataFrame[])[0];
    expect(requests[0][1]).toBe(
      `/api/datasources/proxy/uid/mci/mci/api/telemetry/history/alerts?from=${T0 - 3_600_000}&limit=10000`
    );
    expect(Object.fromEntries(frame.fields.map((field) => [field.name, field.values]))).toEqual({
      time: [T0],
      timeEnd: [null],
      title: ['critical alert active: api cpu'],
      text: ['api cpu high'],
      tags: [['alert', 'api', 'cpu', 'critical', 'active']],
    });
  });
});

describe('annotation reads', () => {
  it('fails only the target whose read fails; the other annotations still show', async () => {
    const history = {
      events: [{ event: 'alerts:update', data: { type: 'raised', timestamp: T0, alert: alert({ raisedAt: T0 }) } }],
    };
    const { ds } = setup({}, (_method, url) => {
      if (url.includes('/history/activity')) {
        throw new HttpError(502, url, 'bad gateway');
      }
      return history;
    });
    const annotation = (refId: string, channel: 'alerts' | 'activity') =>
      ds.annotations.prepareAnnotation({ name: refId, enable: true, iconColor: 'red', target: { refId, channel } })
        .target!;
    const run = collect(ds.query(request([annotation('A', 'alerts'), annotation('B', 'activity')])));
    await jest.advanceTimersByTimeAsync(10);
    const byKey = new Map(run.responses.map((response) => [response.key, response]));
    expect(byKey.get('mci-A')?.state).toBe(LoadingState.Done);
    expect((byKey.get('mci-A')?.data as DataFrame[])[0].length).toBe(1);
    expect(byKey.get('mci-B')?.errors).toEqual([
      {
        refId: 'B',
        message: expect.stringMatching(/^Cannot read the activity annotations: .*HTTP 502.*How: check "REST URL"/),
      },
    ]);
  });
});

describe('DataSource.testDatasource', () => {
  beforeEach(() => jest.useRealTimers());

  function connectingClient(ds: DataSource, clients: FakeClient[], behave: (client: FakeClient) => void) {
    (ds as unknown as { deps: { createClient: (options: ClientOptions) => FakeClient } }).deps.createClient = (
      options
    ) => {
      const client = createFakeClient(options);
      behave(client);
      clients.push(client);
      return client;
    };
  }

  it('succeeds after subscribe and a heartbeat round trip, with a fresh client it closes', async () => {
    const { ds, clients } = setup({}, () => health());
    const shared = ds.getClient();
    connectingClient(ds, clients, (client) => {
      client.onSubscribe = (channel) => client.emit(eventOf(channel, T0));
    });
    const result = await ds.testDatasource();
    expect(result).toEqual({
      status: 'success',
      message: expect.stringMatching(
        /^Connected to the MCI server at ws:\/\/127\.0\.0\.1:1\/telemetry: subscribed to health and round-tripped a heartbeat in 3 ms/
      ),
    });
    expect(clients[1]).not.toBe(shared);
    expect(clients[1].closed).toBe(true);
    expect((shared as FakeClient).closed).toBe(false);
  });

  it.each([
    [
      'a 404 (Grafana or another web server)',
      new HttpError(404, 'health', 'Not found'),
      /^The REST URL http:\/\/127\.0\.0\.1:1 does not look like an MCI server\. Why: .*HTTP 404.*How: set "REST URL" to the MCI server's http:\/\/ address/,
    ],
    [
      'a 2xx without a health body',
      { hello: 'world' },
      /^The REST URL .* does not look like an MCI server\. Why: GET \/api\/telemetry\/health answered without a health body/,
    ],
    [
      'a 401',
      new HttpError(401, 'health', 'Unauthorized'),
      /^The MCI server at .* refused the API key\. Why: the key is wrong or missing .*How: in Configuration → Data sources → MCI, set auth to "API key"/,
    ],
    [
      'a 403',
      new HttpError(403, 'health', 'Forbidden'),
      /refused the API key\. Why: the key is wrong or missing .*HTTP 403/,
    ],
  ] as Array<[string, unknown, RegExp]>)(
    'fails when the REST URL answers %s, though the socket works',
    async (_case, answer, message) => {
      const { ds, clients } = setup({}, () => {
        if (answer instanceof Error) {
          throw answer;
        }
        return answer;
      });
      connectingClient(ds, clients, (client) => {
        client.onSubscribe = (channel) => client.emit(eventOf(channel, T0));
      });
      const result = await ds.testDatasource();
      expect(result).toEqual({ status: 'error', message: expect.stringMatching(message) });
    }
  );

  it('reports a server that is down as a refused connection', async () => {
    const { ds, clients } = setup({}, () => {
      throw new HttpError(502, 'rest', 'bad gateway');
    });
    connectingClient(ds, clients, (client) => {
      client.roundTripResult = () =>
        Promise.reject(
          Object.assign(new Error('Cannot connect'), {
            code: 'CONNECTION_FAILED',
            what: 'Cannot connect',
            why: 'ECONNREFUSED',
            how: 'start it',
          })
        );
    });
    const result = await ds.testDatasource();
    expect(result.status).toBe('error');
    expect(result.message).toMatch(
      /^Cannot connect to the MCI server at ws:\/\/127\.0\.0\.1:1\/telemetry: connection refused or the server is down\. Why: ECONNREFUSED/
    );
  });

  it('tells a wrong WebSocket URL from a server that is down', async () => {
    const { ds, clients } = setup();
    connectingClient(ds, clients, (client) => {
      client.roundTripResult = () =>
        Promise.reject(Object.assign(new Error('closed'), { code: 'CONNECTION_FAILED', why: 'HTTP 404 on upgrade' }));
    });
    expect((await ds.testDatasource()).message).toMatch(
      /^Cannot open the WebSocket at .*, although the server's REST API answers\./
    );
  });

  it('reports a rejected API key as AUTH_REQUIRED', async () => {
    const { ds } = setup({ authMode: 'apiKey' }, (method) => {
      if (method === 'POST') {
        throw new HttpError(401, 'ticket', {
          code: 'AUTH_REQUIRED',
          error: { what: 'Unauthorized', why: 'bad key', how: 'fix' },
        });
      }
      return {};
    });
    const result = await ds.testDatasource();
    expect(result.message).toMatch(
      /^Authentication failed at the MCI server .*AUTH_REQUIRED\. Why: the server refused a ticket/
    );
  });

  it('reports a server asking for a key the settings do not give', async () => {
    const { ds, clients } = setup();
    connectingClient(ds, clients, (client) => {
      client.roundTripResult = () =>
        Promise.reject(
          Object.assign(new Error('Connection rejected'), { code: 'AUTH_REQUIRED', why: 'No valid session' })
        );
    });
    expect((await ds.testDatasource()).message).toMatch(
      /^Authentication failed .*Why: No valid session\. How: set auth to "API key"/
    );
  });
});
