import { Registry } from 'prom-client';
import { createTelemetryMetrics } from './createTelemetryMetrics';

async function value(registry: Registry, name: string, labels: Record<string, string> = {}) {
  const metric = (await registry.getMetricsAsJSON()).find((entry) => entry.name === name);
  return (metric?.values ?? []).find((entry) =>
    Object.entries(labels).every(([key, expected]) => entry.labels[key] === expected)
  )?.value;
}

const order = (id: string, symbol = 'TCS') => ({
  id,
  symbol,
  side: 'buy' as const,
  type: 'limit' as const,
  qty: 1,
  filledQty: 0,
  price: 1,
  status: 'new' as const,
  createdAt: 1,
});

const health = {
  cpu: 10,
  memory: 10,
  latency: 10,
  uptime: 1,
  lastHeartbeat: 1,
  status: 'healthy' as const,
};

describe('order-health metrics', () => {
  it('counts order messages, rejections and fills per symbol from order updates', async () => {
    const registry = new Registry();
    const metrics = createTelemetryMetrics(registry);
    const updates = [
      ['new', 'TCS'],
      ['new', 'TCS'],
      ['rejected', 'TCS'],
      ['new', 'INFY'],
      ['partial_fill', 'INFY'],
      ['filled', 'INFY'],
      ['cancelled', 'INFY'],
    ] as const;
    updates.forEach(([type, symbol], i) =>
      metrics.observe({ channel: 'orders', data: { type, order: order(`o${i}`, symbol), timestamp: 1 } })
    );
    expect(await value(registry, 'mci_order_messages_total', { symbol: 'TCS' })).toBe(2);
    expect(await value(registry, 'mci_order_rejections_total', { symbol: 'TCS' })).toBe(1);
    expect(await value(registry, 'mci_order_fills_total', { symbol: 'TCS' })).toBe(0);
    expect(await value(registry, 'mci_order_messages_total', { symbol: 'INFY' })).toBe(1);
    expect(await value(registry, 'mci_order_fills_total', { symbol: 'INFY' })).toBe(2);
  });

  it('keeps counting across scrapes: each scrape adds only what came since the last one', async () => {
    const registry = new Registry();
    const metrics = createTelemetryMetrics(registry);
    const place = (i: number) =>
      metrics.observe({ channel: 'orders', data: { type: 'new', order: order(`p${i}`), timestamp: 1 } });
    [1, 2].forEach(place);
    expect(await value(registry, 'mci_order_messages_total', { symbol: 'TCS' })).toBe(2);
    expect(await value(registry, 'mci_order_messages_total', { symbol: 'TCS' })).toBe(2);
    [3, 4, 5].forEach(place);
    expect(await value(registry, 'mci_order_messages_total', { symbol: 'TCS' })).toBe(5);
    expect(await registry.metrics()).toContain('mci_order_messages_total{symbol="TCS"} 5');
  });

  it('measures each symbol tick age at scrape time from when its quote timestamp last moved', async () => {
    let clock = 10_000;
    const registry = new Registry();
    const metrics = createTelemetryMetrics(registry, { now: () => clock });
    const quote = (timestamp: number) => ({ price: 1, change: 0, changePercent: 0, volume: 1, timestamp });
    metrics.observe({ channel: 'market', data: { symbols: { TCS: quote(1), INFY: quote(1) }, timestamp: 1 } });
    clock += 1000;
    metrics.observe({ channel: 'market', data: { symbols: { TCS: quote(2), INFY: quote(1) }, timestamp: 2 } });
    clock += 2500;
    expect(await value(registry, 'mci_market_tick_age_seconds', { symbol: 'TCS' })).toBe(2.5);
    expect(await value(registry, 'mci_market_tick_age_seconds', { symbol: 'INFY' })).toBe(3.5);
    // Counters exist from the first sight of a symbol, so rate() sees its first order.
    expect(await value(registry, 'mci_order_messages_total', { symbol: 'INFY' })).toBe(0);
  });

  it('falls back to the event timestamp for quotes without their own', async () => {
    let clock = 0;
    const registry = new Registry();
    const metrics = createTelemetryMetrics(registry, { now: () => clock });
    const quote = { price: 1, change: 0, changePercent: 0, volume: 1 };
    metrics.observe({ channel: 'market', data: { symbols: { TCS: quote }, timestamp: 1 } });
    clock = 4000;
    metrics.observe({ channel: 'market', data: { symbols: { TCS: quote }, timestamp: 2 } });
    clock = 5000;
    expect(await value(registry, 'mci_market_tick_age_seconds', { symbol: 'TCS' })).toBe(1);
  });

  it('exports the trading state and rate limit when health carries them, and says when it does not', async () => {
    const registry = new Registry();
    const told: boolean[] = [];
    const metrics = createTelemetryMetrics(registry, { onTradingStateReported: (reported) => told.push(reported) });
    metrics.observe({ channel: 'health', data: health });
    expect(await value(registry, 'mci_trading_state_reported')).toBe(0);
    expect(await value(registry, 'mci_trading_state', { state: 'halted' })).toBeUndefined();
    metrics.observe({
      channel: 'health',
      data: { ...health, trading: { state: 'halted', since: 1, orderRateLimit: 20, reason: 'kill switch' } },
    });
    expect(await value(registry, 'mci_trading_state_reported')).toBe(1);
    expect(await value(registry, 'mci_trading_state', { state: 'halted' })).toBe(1);
    expect(await value(registry, 'mci_trading_state', { state: 'active' })).toBe(0);
    expect(await value(registry, 'mci_trading_order_rate_limit_messages_per_second')).toBe(20);
    metrics.observe({ channel: 'health', data: health });
    expect(told).toEqual([false, true, false]);
  });
});
