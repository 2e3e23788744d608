/**
 * Spec 004's routes and `/ws/metrics` on a listening server with a SQLite store in a temporary
 * directory: ingest then query (exact aggregates), bad ingest and query bodies (400 with
 * what/why/how, nothing stored), services, alerts, and a real `ws` client on 127.0.0.1 that gets
 * `initial` then live `metric` and `alert` messages.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import pino from 'pino';
import WebSocket from 'ws';
import { METRICS_API_PATHS, type MetricsSocketMessage } from '../../../src/protocol';
import { openStore } from '../../store/openStore';
import type { Store } from '../../store/Store';
import { createSimulatorServer, type ListeningInfo, type SimulatorServer } from '../createSimulatorServer';
import { DEFAULT_SERVE_CONFIG } from '../serverConfig';
import { createFakeEngine } from '../testing/fakeEngine';

const NOW = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const MINUTE = 60_000;

let dir: string;
let store: Store;
let server: SimulatorServer;
let info: ListeningInfo;
let clock = NOW + 10 * MINUTE;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mci-metrics-routes-'));
  store = await openStore(`sqlite:${join(dir, 'telemetry.db')}`);
  clock = NOW + 10 * MINUTE;
  server = createSimulatorServer(
    { ...DEFAULT_SERVE_CONFIG, port: 0, host: '127.0.0.1', auth: false },
    {
      createEngine: (c) => createFakeEngine(c),
      logger: pino({ level: 'silent' }),
      processMetrics: false,
      store,
      now: () => clock,
    }
  );
  info = await server.listen();
});

afterEach(async () => {
  await server.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (url: string, payload: unknown) => server.http.inject({ method: 'POST', url, payload: payload as object });

describe('POST /metrics/ingest and /metrics/query', () => {
  it('stores ingested samples and answers 1m buckets with exact percentiles, and the raw samples', async () => {
    const samples = Array.from({ length: 20 }, (_, i) => ({
      service: 'checkout',
      metric_type: 'latency',
      value: (i + 1) * 10,
      timestamp: NOW + i * 1000,
    }));
    const ingest = await post(METRICS_API_PATHS.ingest, { metrics: samples });
    expect(ingest.statusCode).toBe(201);
    expect(ingest.json()).toMatchObject({ stored: 20 });

    const query = await post(METRICS_API_PATHS.query, {
      service: 'checkout',
      metric_type: 'latency',
      from: new Date(NOW).toISOString(),
      to: NOW + 5 * MINUTE,
      interval: '1m',
    });
    expect(query.statusCode).toBe(200);
    expect(query.json()).toEqual({
      service: 'checkout',
      metric_type: 'latency',
      interval: '1m',
      from: NOW,
      to: NOW + 5 * MINUTE,
      points: [{ timestamp: NOW, p50: 100, p95: 190, p99: 200, min: 10, max: 200, avg: 105, count: 20 }],
    });
    const raw = await post(METRICS_API_PATHS.query, {
      service: 'checkout',
      metric_type: 'latency',
      from: NOW,
      to: NOW + MINUTE,
      interval: 'raw',
    });
    expect(raw.json().points).toHaveLength(20);
    expect(raw.json().points[0]).toEqual({
      timestamp: NOW,
      p50: 10,
      p95: 10,
      p99: 10,
      min: 10,
      max: 10,
      avg: 10,
      count: 1,
    });
  });

  it.each([
    ['a body that is not an object or array', '42', /expected a sample/],
    ['an unknown metric type', { service: 'api', metric_type: 'disk', value: 1 }, /metric_type/],
    ['a value that is not a number', { service: 'api', metric_type: 'cpu', value: '12' }, /value/],
    ['an unknown field', { service: 'api', metric_type: 'cpu', value: 1, unit: '%' }, /only timestamp, service/],
    ['a bad timestamp', { service: 'api', metric_type: 'cpu', value: 1, timestamp: 'yesterday' }, /ISO 8601|epoch/],
    [
      'one bad sample among good ones',
      [
        { service: 'api', metric_type: 'cpu', value: 1 },
        { service: 'API!', metric_type: 'cpu', value: 2 },
      ],
      /service name/,
    ],
    [
      'a sample older than the raw retention',
      { service: 'api', metric_type: 'cpu', value: 1, timestamp: 0 },
      /outside the stored window/,
    ],
  ])('rejects %s with 400 and what/why/how, storing nothing', async (_name, body, why) => {
    const response = await post(METRICS_API_PATHS.ingest, body);
    expect(response.statusCode).toBe(400);
    const { code, error } = response.json();
    expect(code).toBe('INVALID_MESSAGE');
    expect(error.why).toMatch(why);
    expect(error.how).toMatch(/metric_type/);
    const stored = await store
      .database!.db.selectFrom('metrics')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(Number(stored?.n)).toBe(0);
  });

  it.each([
    ['no body', undefined, /empty or not a JSON object/],
    ['a missing metric_type', { service: 'api', from: 0, to: 1 }, /metric_type/],
    ['an unknown interval', { service: 'api', metric_type: 'cpu', from: 0, to: 1, interval: '10m' }, /interval/],
    ['from after to', { service: 'api', metric_type: 'cpu', from: NOW, to: NOW - 1 }, /not before/],
    ['a range over 7 days', { service: 'api', metric_type: 'cpu', from: 0, to: NOW }, /at most 7 days/],
    ['a time that is not a time', { service: 'api', metric_type: 'cpu', from: 'noon', to: NOW }, /ISO 8601|epoch/],
  ])('rejects a query with %s with 400 and what/why/how', async (_name, body, why) => {
    const response = await post(METRICS_API_PATHS.query, body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toEqual({
      what: 'Query rejected',
      why: expect.stringMatching(why),
      how: expect.stringMatching(/interval/),
    });
  });
});

describe('GET /metrics/health, /metrics/services and /metrics/alerts', () => {
  it('reports health, per-service status from the latest values, and the alerts ingestion raised', async () => {
    expect((await server.http.inject({ method: 'GET', url: METRICS_API_PATHS.health })).json()).toMatchObject({
      status: 'healthy',
      store: 'sqlite',
    });
    await post(METRICS_API_PATHS.ingest, [
      { service: 'checkout', metric_type: 'latency', value: 100, timestamp: clock - 2000 },
      { service: 'checkout', metric_type: 'latency', value: 1500, timestamp: clock - 1000 },
    ]);
    const services = (await server.http.inject({ method: 'GET', url: METRICS_API_PATHS.services })).json();
    const checkout = services.services.find((s: { service: string }) => s.service === 'checkout');
    expect(checkout).toMatchObject({
      status: 'critical',
      metrics: { latency: { latest: 1500, max: 1500, min: 100, count: 2 } },
    });
    const alerts = (await server.http.inject({ method: 'GET', url: METRICS_API_PATHS.alerts })).json();
    expect(alerts.alerts[0]).toEqual({
      severity: 'critical',
      message: 'latency threshold exceeded for checkout',
      value: 1500,
      threshold: 1000,
      service: 'checkout',
      metric_type: 'latency',
      timestamp: new Date(clock - 1000).toISOString(),
      state: 'active',
    });
  });
});

describe('WebSocket /ws/metrics', () => {
  it('sends initial, then a metric and an alert message for an ingested sample, next to the /telemetry socket', async () => {
    const url = `${info.wsUrl.replace(/\/telemetry$/, '')}${METRICS_API_PATHS.socket}`;
    expect(url.startsWith('ws://127.0.0.1:')).toBe(true);
    const ws = new WebSocket(url);
    const messages: MetricsSocketMessage[] = [];
    const waiters: Array<() => void> = [];
    ws.on('message', (text) => {
      messages.push(JSON.parse(String(text)));
      waiters.forEach((wake) => wake());
    });
    const until = (predicate: () => boolean) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out; got ${JSON.stringify(messages.slice(-3))}`)),
          10_000
        );
        const check = () => {
          if (predicate()) {
            clearTimeout(timer);
            resolve();
          }
        };
        waiters.push(check);
        check();
      });
    await until(() => messages.length > 0);
    expect(messages[0].type).toBe('initial');
    expect(Array.isArray(messages[0].data)).toBe(true);
    expect((messages[0].data as unknown[]).length).toBeLessThanOrEqual(50);

    await post(METRICS_API_PATHS.ingest, {
      service: 'checkout',
      metric_type: 'error_rate',
      value: 12.5,
      timestamp: clock,
    });
    await until(() => messages.some((m) => m.type === 'alert'));
    expect(messages).toContainEqual({
      type: 'metric',
      data: { timestamp: new Date(clock).toISOString(), service: 'checkout', metric_type: 'error_rate', value: 12.5 },
    });
    expect(messages.find((m) => m.type === 'alert')).toEqual({
      type: 'alert',
      data: expect.objectContaining({
        severity: 'critical',
        message: 'error_rate threshold exceeded for checkout',
        value: 12.5,
        threshold: 10,
      }),
    });
    // The next client's initial carries what the first one saw live.
    const second = new WebSocket(url);
    const initial = await new Promise<MetricsSocketMessage>((resolve) =>
      second.once('message', (text) => resolve(JSON.parse(String(text))))
    );
    expect(initial.type).toBe('initial');
    expect(initial.data).toContainEqual(
      expect.objectContaining({ service: 'checkout', metric_type: 'error_rate', value: 12.5 })
    );
    ws.close();
    second.close();
  });
});
