/**
 * The data source against the real simulator, in Node: REST goes as a Viewer through the stand-in
 * for Grafana's proxy over plugin.json's routes (which set `Authorization: Bearer <apiKey>` from
 * the instance's secure settings, and answer 502 when the server is down), the socket through the
 * `ws` package.
 */
import {
  dateTime,
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
} from '@grafana/data';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import type { Subscription } from 'rxjs';
import type { WebSocketLike } from '../../src/client';
import { DataSource } from '../../src/datasource/DataSource';
import plugin from '../../src/datasource/plugin.json';
import type { MciOptions, MciQuery } from '../../src/datasource/types';
import { CHANNELS, type Channel } from '../../src/protocol';
import { backendSrvStandIn } from '../support/backendSrvStandIn';
import { grafanaProxyStandIn, type GrafanaProxyStandIn } from '../support/grafanaProxyStandIn';
import { startSimulator, type RunningSimulator } from '../support/simulator';

// Grafana's runtime and UI read the browser's boot data when loaded; in Node the services are
// injected and no editor renders.
jest.mock('@grafana/runtime', () => ({}));
jest.mock('@grafana/ui', () => ({}));

const API_KEY = 'live-test-key';

/** The proxy of an instance with these settings; it has no URL, so only plugin.json's routes lead anywhere. */
function proxyFor(jsonData: MciOptions, apiKey?: string): GrafanaProxyStandIn {
  return grafanaProxyStandIn({
    routes: plugin.routes,
    datasource: { uid: 'mci', jsonData: { ...jsonData }, ...(apiKey ? { secureJsonData: { apiKey } } : {}) },
  });
}

function createDataSource(jsonData: MciOptions, apiKey?: string, proxy = proxyFor(jsonData, apiKey)): DataSource {
  const settings: DataSourceInstanceSettings<MciOptions> = {
    id: 1,
    uid: 'mci',
    type: 'mci-telemetry-datasource',
    name: 'MCI',
    url: proxy.baseUrl,
    access: 'proxy',
    readOnly: false,
    jsonData,
    meta: {} as DataSourceInstanceSettings['meta'],
  };
  return new DataSource(settings, {
    webSocketFactory: (url) => new WebSocket(url) as unknown as WebSocketLike,
    services: backendSrvStandIn(proxy, 'Viewer'),
    clientOverrides: { lingerMs: 500 },
  });
}

function request(channels: readonly Channel[]): DataQueryRequest<MciQuery> {
  const now = Date.now();
  const range = { from: dateTime(now - 3_600_000), to: dateTime(now + 3_600_000) };
  return {
    app: 'dashboard',
    requestId: 'live',
    interval: '1s',
    intervalMs: 1000,
    maxDataPoints: 1000,
    range: { ...range, raw: range },
    scopedVars: {},
    targets: channels.map((channel) => ({ refId: channel, channel })),
    timezone: 'utc',
    startTime: now,
  };
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  return (await response.json()) as T;
}

async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined> | T | undefined,
  last?: () => unknown
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}. Last seen: ${JSON.stringify(last?.())?.slice(0, 2000)}`
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

type Row = Record<string, unknown>;
const rows = (frame: DataFrame | undefined): Row[] =>
  frame
    ? Array.from({ length: frame.length }, (_unused, index) =>
        Object.fromEntries(frame.fields.map((field) => [field.name, field.values[index]]))
      )
    : [];

describe('the data source against the simulator', () => {
  let sim: RunningSimulator;
  let proxy: GrafanaProxyStandIn;
  let ds: DataSource;
  let subscription: Subscription | undefined;
  const latest = new Map<string, DataFrame[]>();

  beforeAll(async () => {
    sim = await startSimulator({ args: ['--seed', '7', '--orders-per-second', '5', '--heartbeat-interval', '1s'] });
    const jsonData: MciOptions = { wsUrl: sim.wsUrl, restUrl: sim.httpUrl };
    proxy = proxyFor(jsonData);
    ds = createDataSource(jsonData, undefined, proxy);
  }, 40_000);

  afterEach(() => {
    expect(proxy.calls.filter((call) => call.outcome !== 'routed')).toEqual([]);
  });

  afterAll(async () => {
    subscription?.unsubscribe();
    ds?.dispose();
    await sim?.stop();
  }, 20_000);

  const frames = (channel: Channel) => latest.get(channel) ?? [];
  const first = (channel: Channel) => frames(channel)[0];

  it('streams frames for every channel that match the REST snapshot', async () => {
    subscription = ds
      .query(request(CHANNELS))
      .subscribe((response: DataQueryResponse) =>
        latest.set(String(response.key).replace('mci-', ''), response.data as DataFrame[])
      );

    // Positions: the same rows as GET /positions at a moment both agree (they move as orders fill).
    const key = (row: Row) => `${row.symbol} ${row.side} ${row.qty} ${row.entryPrice}`;
    await waitFor(
      'the positions frame to equal GET /api/telemetry/positions',
      20_000,
      async () => {
        const rest = await getJson<Row[]>(`${sim.httpUrl}/api/telemetry/positions`);
        const shown = rows(first('positions'));
        return rest.length > 0 && JSON.stringify(rest.map(key).sort()) === JSON.stringify(shown.map(key).sort())
          ? true
          : undefined;
      },
      () => rows(first('positions')).map(key)
    );

    // Account, health, services: the newest point equals the snapshot once both have the same time.
    const snapshotAgrees = async () => {
      const snapshot = await getJson<Record<string, Row & { timestamp: number }>>(
        `${sim.httpUrl}/api/telemetry/snapshot`
      );
      const newest = (channel: Channel) => rows(first(channel)).at(-1);
      const account = newest('account');
      const health = newest('health');
      const services = newest('services');
      if (!account || !health || !services) {
        return undefined;
      }
      const sameAccount =
        account.time === snapshot.account.timestamp &&
        Object.keys(account).every((name) => name === 'time' || account[name] === snapshot.account[name]);
      const sameHealth =
        health.time === snapshot.health.timestamp &&
        ['cpu', 'memory', 'latency', 'uptime', 'lastHeartbeat', 'status'].every(
          (name) => health[name] === snapshot.health[name]
        );
      const serviceValues = snapshot.services.services as Record<string, Record<string, number>>;
      const sameServices =
        services.time === snapshot.services.timestamp &&
        Object.entries(serviceValues).every(([service, metrics]) =>
          Object.entries(metrics).every(([metric, value]) => services[`${service}.${metric}`] === value)
        );
      return sameAccount && sameHealth && sameServices ? true : undefined;
    };
    await waitFor(
      'account, health and services frames to equal GET /api/telemetry/snapshot',
      20_000,
      snapshotAgrees,
      () => ['account', 'health', 'services'].map((c) => rows(first(c as Channel)).at(-1))
    );

    // Market: one frame per watchlist symbol whose newest price is the REST price at the same time.
    await waitFor('market frames to equal GET /api/telemetry/market', 20_000, async () => {
      const rest = await getJson<Array<Row & { symbol: string }>>(`${sim.httpUrl}/api/telemetry/market`);
      const shown = new Map(frames('market').map((frame) => [frame.fields[1].labels?.symbol, rows(frame).at(-1)]));
      return rest.length > 0 &&
        shown.size === rest.length &&
        rest.every(
          (quote) => shown.get(quote.symbol)?.price === quote.price && shown.get(quote.symbol)?.time === quote.timestamp
        )
        ? true
        : undefined;
    });

    // Orders: every order GET /orders lists, with the same status (newest first in the frame).
    await waitFor('the orders frame to hold every order of GET /api/telemetry/orders', 20_000, async () => {
      const rest = await getJson<Row[]>(`${sim.httpUrl}/api/telemetry/orders`);
      const shown = new Map(rows(first('orders')).map((row) => [row.id, row.status]));
      return rest.length > 0 && rest.every((order) => shown.get(order.id) === order.status) ? true : undefined;
    });
    const created = rows(first('orders')).map((row) => Number(row.createdAt));
    expect(created).toEqual([...created].sort((a, b) => b - a));

    // Activity and strategy: the newest entries are the newest the server's history holds.
    for (const channel of ['activity', 'strategy'] as const) {
      await waitFor(
        `the ${channel} frame to end with the newest event of the history`,
        20_000,
        async () => {
          const history = await getJson<{ events: Array<{ data: Row }> }>(
            // `after` reads this run's in-memory history (the newest is its last event).
            `${sim.httpUrl}/api/telemetry/history/${channel}?after=0`
          );
          const newest = history.events.at(-1)?.data;
          const shown = rows(first(channel)).at(-1);
          if (!newest) {
            // Nothing on this channel yet (strategy events follow trading signals): nothing to show.
            return first(channel)?.length === 0 ? true : undefined;
          }
          return shown && shown.timestamp === newest.timestamp && (channel === 'strategy' || shown.id === newest.id)
            ? true
            : undefined;
        },
        () => rows(first(channel)).slice(-2)
      );
    }
    expect(first('activity').meta?.preferredVisualisationType).toBe('logs');

    // Alerts: a cpu-spike raises one; the frame holds every active alert of the snapshot.
    await fetch(`${sim.httpUrl}/api/sim/scenarios`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'cpu-spike', offset: '0s', duration: '2m' }),
    });
    await waitFor('the alerts frame to hold the active alerts of GET /api/telemetry/snapshot', 45_000, async () => {
      const snapshot = await getJson<{ alerts: Row[] }>(`${sim.httpUrl}/api/telemetry/snapshot`);
      const shown = new Set(rows(first('alerts')).map((row) => `${row.id}:${row.state}`));
      return snapshot.alerts.length > 0 && snapshot.alerts.every((alert) => shown.has(`${alert.id}:${alert.state}`))
        ? true
        : undefined;
    });
  }, 120_000);

  it('keeps the socket through the grace period after the last unsubscribe, then closes it', async () => {
    expect(ds.getClient().subscribedChannels().length).toBeGreaterThan(0);
    subscription?.unsubscribe();
    subscription = undefined;
    // Within the linger the channels stay subscribed, so a re-query finds its data.
    expect(ds.getClient().subscribedChannels()).toContain('orders');
    await waitFor('the server to count no client', 10_000, async () =>
      (await getJson<{ clients: number }>(`${sim.httpUrl}/readyz`)).clients === 0 ? true : undefined
    );
    expect(ds.getClient().subscribedChannels()).toEqual([]);
  }, 20_000);

  it('shows the same positions book at once when the query is re-run within the linger, and in a second panel', async () => {
    const positions = new Map<string, DataFrame[][]>();
    const open = (refId: string) =>
      ds
        .query({ ...request(['positions']), targets: [{ refId, channel: 'positions' }] })
        .subscribe((response) => positions.set(refId, [...(positions.get(refId) ?? []), response.data as DataFrame[]]));
    const book = (refId: string, index: number) => rows(positions.get(refId)?.[index]?.[0]).map((row) => row.symbol);
    const first = open('P1');
    await waitFor('a positions book with rows', 20_000, () =>
      (positions.get('P1') ?? []).some((frames) => (frames[0]?.length ?? 0) > 0) ? true : undefined
    );
    // A second panel and a re-run (within the 500 ms linger): their first repaint already holds the book.
    const second = open('P2');
    first.unsubscribe();
    const rerun = open('P3');
    try {
      expect(book('P2', 0).length).toBeGreaterThan(0);
      expect(book('P3', 0).length).toBeGreaterThan(0);
    } finally {
      second.unsubscribe();
      rerun.unsubscribe();
    }
  }, 40_000);

  it('passes the health check against the healthy server', async () => {
    const result = await ds.testDatasource();
    expect(result.status).toBe('success');
    expect(result.message).toMatch(
      /^Connected to the MCI server at ws:\/\/127\.0\.0\.1:\d+\/telemetry: subscribed to health and round-tripped a heartbeat in \d+ ms/
    );
  }, 20_000);

  it('reports a wrong WebSocket URL apart from a server that is down', async () => {
    const wrongPath = createDataSource({ wsUrl: sim.wsUrl.replace('/telemetry', '/nowhere'), restUrl: sim.httpUrl });
    const result = await wrongPath.testDatasource();
    expect(result.status).toBe('error');
    expect(result.message).toMatch(
      /^Cannot open the WebSocket at ws:\/\/127\.0\.0\.1:\d+\/nowhere, although the server's REST API answers\./
    );
  }, 20_000);
});

/** A plain web server that answers 404 to everything, as Grafana or any other site would. */
async function startNotFoundServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_request, response) => {
    response.writeHead(404, { 'Content-Type': 'text/plain' });
    response.end('404 page not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the health check against failing servers', () => {
  it('fails when the REST URL is a web server that answers 404, though the WebSocket works', async () => {
    const sim = await startSimulator();
    const notFound = await startNotFoundServer();
    try {
      const result = await createDataSource({ wsUrl: sim.wsUrl, restUrl: notFound.url }).testDatasource();
      expect(result).toEqual({
        status: 'error',
        message: expect.stringMatching(
          /^The REST URL http:\/\/127\.0\.0\.1:\d+ does not look like an MCI server\. Why: .*HTTP 404.*How: set "REST URL" to the MCI server's http:\/\/ address/
        ),
      });
    } finally {
      await notFound.close();
      await sim.stop();
    }
  }, 40_000);

  it('reports a server that is down', async () => {
    const sim = await startSimulator();
    const { wsUrl, httpUrl } = sim;
    await sim.stop();
    const result = await createDataSource({ wsUrl, restUrl: httpUrl }).testDatasource();
    expect(result.status).toBe('error');
    expect(result.message).toMatch(
      /^Cannot connect to the MCI server at ws:\/\/127\.0\.0\.1:\d+\/telemetry: connection refused or the server is down\./
    );
  }, 40_000);

  it('reports a wrong API key and a missing one with AUTH_REQUIRED, and passes with the right key', async () => {
    const sim = await startSimulator({ args: ['--api-key', API_KEY] });
    try {
      const jsonData: MciOptions = { wsUrl: sim.wsUrl, restUrl: sim.httpUrl, authMode: 'apiKey' };
      const wrong = await createDataSource(jsonData, 'not-the-key').testDatasource();
      expect(wrong.status).toBe('error');
      expect(wrong.message).toMatch(
        /^Authentication failed at the MCI server .*AUTH_REQUIRED\. Why: the server refused a ticket for the configured API key/
      );

      const missing = await createDataSource({
        wsUrl: sim.wsUrl,
        restUrl: sim.httpUrl,
        authMode: 'none',
      }).testDatasource();
      expect(missing.status).toBe('error');
      expect(missing.message).toMatch(
        /^Authentication failed at the MCI server .*AUTH_REQUIRED\. Why: .*How: set auth to "API key"/
      );

      const right = await createDataSource(jsonData, API_KEY).testDatasource();
      expect(right).toEqual({
        status: 'success',
        message: expect.stringMatching(/authenticated with the API key, subscribed to health/),
      });
    } finally {
      await sim.stop();
    }
  }, 60_000);
});
