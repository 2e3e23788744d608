import { Registry } from 'prom-client';
import { createServerMetrics } from './serverMetrics';

const sentTotal = async (registry: Registry, channel: string) =>
  (await registry.getSingleMetric('mci_ws_messages_sent_total')!.get()).values.find(
    (value) => value.labels.channel === channel
  )?.value;

describe('createServerMetrics', () => {
  it('shows data events counted with countSent at every read, each counted once', async () => {
    const registry = new Registry();
    const metrics = createServerMetrics(registry);
    metrics.countSent('orders', 1);
    metrics.countSent('orders', 2);
    metrics.countSent('market', 1);
    expect(await sentTotal(registry, 'orders')).toBe(3);
    expect(await sentTotal(registry, 'market')).toBe(1);
    metrics.countSent('orders', 1);
    expect(await registry.metrics()).toContain('mci_ws_messages_sent_total{channel="orders"} 4');
    expect(await sentTotal(registry, 'alerts')).toBe(0);
  });
});
