import { Registry } from 'prom-client';
import { createTelemetryMetrics } from './createTelemetryMetrics';

async function value(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {}
): Promise<number | undefined> {
  const metric = (await registry.getMetricsAsJSON()).find((entry) => entry.name === name);
  const sample = (metric?.values ?? []).find((entry) =>
    Object.entries(labels).every(([key, expected]) => entry.labels[key] === expected)
  );
  return sample?.value;
}

const order = (id: string, status: 'new' | 'filled' | 'partially_filled') => ({
  id,
  symbol: 'TCS',
  side: 'buy' as const,
  type: 'limit' as const,
  qty: 10,
  filledQty: 0,
  price: 1,
  status,
  createdAt: 1,
});

const alert = (id: string, severity: 'warning' | 'critical', state: 'active' | 'resolved') => ({
  id,
  service: 'api' as const,
  metric: 'cpu' as const,
  severity,
  state,
  message: 'cpu high',
  value: 90,
  threshold: 80,
  raisedAt: 1,
});

describe('createTelemetryMetrics', () => {
  it('converts health to base units and flags the current status', async () => {
    const registry = new Registry();
    const metrics = createTelemetryMetrics(registry);
    metrics.observe({
      channel: 'health',
      data: {
        cpu: 97,
        memory: 50,
        latency: 1500,
        uptime: 60_000,
        lastHeartbeat: 1_700_000_000_000,
        status: 'critical',
      },
    });
    expect(await value(registry, 'mci_engine_cpu_ratio')).toBeCloseTo(0.97);
    expect(await value(registry, 'mci_engine_latency_seconds')).toBeCloseTo(1.5);
    expect(await value(registry, 'mci_engine_uptime_seconds')).toBe(60);
    expect(await value(registry, 'mci_engine_last_heartbeat_timestamp_seconds')).toBe(1_700_000_000);
    expect(await value(registry, 'mci_engine_status', { status: 'critical' })).toBe(1);
    expect(await value(registry, 'mci_engine_status', { status: 'healthy' })).toBe(0);
  });

  it('counts open orders from order updates and active alerts by severity', async () => {
    const registry = new Registry();
    const metrics = createTelemetryMetrics(registry);
    metrics.observe({ channel: 'orders', data: { type: 'new', order: order('a', 'new'), timestamp: 1 } });
    metrics.observe({ channel: 'orders', data: { type: 'new', order: order('b', 'new'), timestamp: 1 } });
    metrics.observe({
      channel: 'orders',
      data: { type: 'partial_fill', order: order('b', 'partially_filled'), timestamp: 2 },
    });
    metrics.observe({ channel: 'orders', data: { type: 'filled', order: order('a', 'filled'), timestamp: 3 } });
    expect(await value(registry, 'mci_orders_open')).toBe(1);
    metrics.observe({
      channel: 'alerts',
      data: { type: 'raised', alert: alert('x', 'critical', 'active'), timestamp: 1 },
    });
    metrics.observe({
      channel: 'alerts',
      data: { type: 'raised', alert: alert('y', 'warning', 'active'), timestamp: 1 },
    });
    metrics.observe({
      channel: 'alerts',
      data: { type: 'resolved', alert: alert('y', 'warning', 'resolved'), timestamp: 2 },
    });
    expect(await value(registry, 'mci_alerts_active', { severity: 'critical' })).toBe(1);
    expect(await value(registry, 'mci_alerts_active', { severity: 'warning' })).toBe(0);
  });

  it('takes a whole state from a snapshot, services in ratios and seconds', async () => {
    const registry = new Registry();
    const metrics = createTelemetryMetrics(registry);
    const values = { latency: 250, throughput: 420, error_rate: 7, cpu: 81, memory: 30 };
    metrics.observeSnapshot({
      services: {
        services: { auth: values, api: values, database: values, cache: values, queue: values },
        timestamp: 1,
      },
      orders: [order('a', 'new'), order('b', 'filled')],
      account: {
        equity: 1000,
        cash: 500,
        buyingPower: 1000,
        portfolioValue: 500,
        dayPL: 10,
        dayPLPercent: 1,
        totalPL: -20,
        totalPLPercent: -2,
      },
      alerts: [],
    });
    expect(await value(registry, 'mci_service_latency_seconds', { service: 'database' })).toBeCloseTo(0.25);
    expect(await value(registry, 'mci_service_error_ratio', { service: 'api' })).toBeCloseTo(0.07);
    expect(await value(registry, 'mci_service_throughput_requests_per_second', { service: 'queue' })).toBe(420);
    expect(await value(registry, 'mci_orders_open')).toBe(1);
    expect(await value(registry, 'mci_account_total_pnl_ratio')).toBeCloseTo(-0.02);
    expect(await value(registry, 'mci_alerts_active', { severity: 'warning' })).toBe(0);
  });
});
