import { Registry } from 'prom-client';
import { registerBusMetrics } from './busMetrics';

async function scrape(registry: Registry): Promise<string | undefined> {
  return (await registry.metrics()).split('\n').find((line) => line.startsWith('mci_bus_messages_skipped_total '));
}

describe('registerBusMetrics', () => {
  it('exports the bus total of skipped messages as a counter that starts at 0 and rises with it', async () => {
    const registry = new Registry();
    const bus = { skippedMessages: 0 };
    registerBusMetrics(registry, bus);
    expect(await scrape(registry)).toBe('mci_bus_messages_skipped_total 0');
    bus.skippedMessages = 2;
    expect(await scrape(registry)).toBe('mci_bus_messages_skipped_total 2');
    expect(await scrape(registry)).toBe('mci_bus_messages_skipped_total 2');
    bus.skippedMessages = 3;
    expect(await scrape(registry)).toBe('mci_bus_messages_skipped_total 3');
  });

  it('has HELP and TYPE lines, so promtool accepts it', async () => {
    const registry = new Registry();
    registerBusMetrics(registry, { skippedMessages: 0 });
    const text = await registry.metrics();
    expect(text).toMatch(/^# HELP mci_bus_messages_skipped_total \S.+$/m);
    expect(text).toContain('# TYPE mci_bus_messages_skipped_total counter');
  });
});
