import { Registry } from 'prom-client';
import { createBridgeMetrics } from './bridgeMetrics';

describe('createBridgeMetrics', () => {
  it('counts skipped messages by channel and source, naming a frame without a channel "none"', async () => {
    const registry = new Registry();
    const metrics = createBridgeMetrics(registry, ['disconnected', 'reconnecting'], 'reconnecting');
    metrics.skipped('health', 'websocket');
    metrics.skipped('health', 'websocket');
    metrics.skipped('positions', 'rest');
    metrics.skipped(undefined, 'websocket');
    const counter = (await registry.getMetricsAsJSON()).find(
      (metric) => metric.name === 'mci_bridge_skipped_messages_total'
    );
    expect(counter?.values.map(({ labels, value }) => [labels.channel, labels.source, value])).toEqual([
      ['health', 'websocket', 2],
      ['positions', 'rest', 1],
      ['none', 'websocket', 1],
    ]);
  });
});
