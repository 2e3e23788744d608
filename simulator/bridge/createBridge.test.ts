import pino from 'pino';
import { Subject } from 'rxjs';
import type { TelemetryObservation } from '../metrics/createTelemetryMetrics';
import { createBridge, type Bridge, type BridgeSource } from './createBridge';

const STATES = ['disconnected', 'connecting', 'connected', 'subscribed', 'streaming', 'reconnecting'] as const;

function fakeSource() {
  const state$ = new Subject<string>();
  const events$ = new Subject<TelemetryObservation>();
  const source: BridgeSource & { closed: number } = {
    states: STATES,
    liveStates: ['subscribed', 'streaming'],
    reconnectingState: 'reconnecting',
    state$,
    events$,
    closed: 0,
    close() {
      source.closed += 1;
    },
  };
  return { source, state$, events$ };
}

async function scrape(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(url)).text();
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(mci_[a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match) {
      values.set(match[1], Number(match[2]));
    }
  }
  return values;
}

describe('createBridge', () => {
  let bridge: Bridge | undefined;
  afterEach(async () => {
    await bridge?.close();
    bridge = undefined;
  });

  it('says in a gauge and a log line when the backend does not report its trading state, and exports it when it does', async () => {
    const { source, events$ } = fakeSource();
    const lines: Array<{ level: number; msg: string }> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    bridge = createBridge({ host: '127.0.0.1', port: 0 }, { source, logger, processMetrics: false });
    const { metricsUrl } = await bridge.listen();
    const health = { cpu: 1, memory: 1, latency: 1, uptime: 1, lastHeartbeat: 1, status: 'healthy' as const };
    events$.next({ channel: 'health', data: health });
    let values = await scrape(metricsUrl);
    expect(values.get('mci_trading_state_reported')).toBe(0);
    expect([...values.keys()].filter((name) => name.startsWith('mci_trading_state{'))).toEqual([]);
    expect(lines.filter((line) => line.level === 40).map((line) => line.msg)).toEqual([
      expect.stringContaining('does not report its trading state'),
    ]);
    events$.next({
      channel: 'health',
      data: { ...health, trading: { state: 'halted', since: 1, orderRateLimit: 20 } },
    });
    values = await scrape(metricsUrl);
    expect(values.get('mci_trading_state_reported')).toBe(1);
    expect(values.get('mci_trading_state{state="halted"}')).toBe(1);
    expect(values.get('mci_trading_order_rate_limit_messages_per_second')).toBe(20);
  });

  it('exports the telemetry of health and services events in Prometheus units', async () => {
    const { source, events$ } = fakeSource();
    bridge = createBridge(
      { host: '127.0.0.1', port: 0 },
      { source, logger: pino({ level: 'silent' }), processMetrics: false }
    );
    const { metricsUrl } = await bridge.listen();
    events$.next({
      channel: 'health',
      data: {
        cpu: 97,
        memory: 40,
        latency: 1200,
        uptime: 60_000,
        lastHeartbeat: 1_700_000_000_000,
        status: 'critical',
      },
    });
    const values = { latency: 250, throughput: 400, error_rate: 2, cpu: 96, memory: 50 };
    events$.next({
      channel: 'services',
      data: { services: { auth: values, api: values, database: values, cache: values, queue: values }, timestamp: 1 },
    });
    const metrics = await scrape(metricsUrl);
    expect(metrics.get('mci_engine_cpu_ratio')).toBe(0.97);
    expect(metrics.get('mci_engine_latency_seconds')).toBe(1.2);
    expect(metrics.get('mci_engine_last_heartbeat_timestamp_seconds')).toBe(1_700_000_000);
    expect(metrics.get('mci_engine_status{status="critical"}')).toBe(1);
    expect(metrics.get('mci_service_cpu_ratio{service="api"}')).toBe(0.96);
    expect(metrics.get('mci_service_error_ratio{service="queue"}')).toBe(0.02);
  });

  it('exports its connection state and counts reconnects; ready only while events flow', async () => {
    const { source, state$ } = fakeSource();
    bridge = createBridge(
      { host: '127.0.0.1', port: 0 },
      { source, logger: pino({ level: 'silent' }), processMetrics: false }
    );
    const { metricsUrl } = await bridge.listen();
    const readyz = metricsUrl.replace('/metrics', '/readyz');
    let metrics = await scrape(metricsUrl);
    expect(STATES.map((state) => metrics.get(`mci_bridge_connection_state{state="${state}"}`))).toEqual([
      0, 0, 0, 0, 0, 0,
    ]);
    expect((await fetch(readyz)).status).toBe(503);

    ['connecting', 'connected', 'subscribed', 'streaming'].forEach((state) => state$.next(state));
    metrics = await scrape(metricsUrl);
    expect(metrics.get('mci_bridge_connection_state{state="streaming"}')).toBe(1);
    expect(metrics.get('mci_bridge_connection_state{state="connecting"}')).toBe(0);
    expect(metrics.get('mci_bridge_reconnects_total')).toBe(0);
    expect((await fetch(readyz)).status).toBe(200);

    state$.next('reconnecting');
    metrics = await scrape(metricsUrl);
    expect(metrics.get('mci_bridge_connection_state{state="reconnecting"}')).toBe(1);
    expect(metrics.get('mci_bridge_connection_state{state="streaming"}')).toBe(0);
    expect(metrics.get('mci_bridge_reconnects_total')).toBe(1);
    expect(await (await fetch(readyz)).json()).toEqual({ status: 'not ready', connection: 'reconnecting' });

    // Repeated reports of the same state are one reconnect, not many.
    state$.next('reconnecting');
    ['connecting', 'reconnecting'].forEach((state) => state$.next(state));
    expect((await scrape(metricsUrl)).get('mci_bridge_reconnects_total')).toBe(2);
  });

  it('answers 404 with the routes it serves, and 405 to anything but GET', async () => {
    const { source } = fakeSource();
    bridge = createBridge(
      { host: '127.0.0.1', port: 0 },
      { source, logger: pino({ level: 'silent' }), processMetrics: false }
    );
    const { metricsUrl } = await bridge.listen();
    const missing = await fetch(metricsUrl.replace('/metrics', '/nope'));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('/metrics, /healthz and /readyz');
    expect((await fetch(metricsUrl, { method: 'POST' })).status).toBe(405);
  });

  it('close() unsubscribes from the connection, closes it and stops listening', async () => {
    const { source, state$, events$ } = fakeSource();
    bridge = createBridge(
      { host: '127.0.0.1', port: 0 },
      { source, logger: pino({ level: 'silent' }), processMetrics: false }
    );
    const { metricsUrl } = await bridge.listen();
    expect(state$.observed && events$.observed).toBe(true);
    await bridge.close();
    bridge = undefined;
    expect(state$.observed || events$.observed).toBe(false);
    expect(source.closed).toBe(1);
    await expect(fetch(metricsUrl)).rejects.toThrow();
  });
});
