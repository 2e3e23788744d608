/**
 * The gateway's Prometheus series for the Redis bus it reads (docs/server.md, "Prometheus
 * `/metrics`"): what it had to skip. A skipped part is logged where it happens (RedisBus); this
 * makes the count visible to alerting and dashboards without a log search.
 */
import { Counter, type Registry } from 'prom-client';

/** What the counter reads: the bus's running total of skipped messages. */
export interface SkipCounting {
  readonly skippedMessages: number;
}

export function registerBusMetrics(registry: Registry, bus: SkipCounting): Counter {
  // The bus keeps the total; a scrape adds what was skipped since the last one.
  let reported = 0;
  return new Counter({
    name: 'mci_bus_messages_skipped_total',
    help: 'Parts of Redis bus messages the gateway could not read and skipped: the rest of a malformed live message, or one unreadable event. The streams fill the hole.',
    registers: [registry],
    collect() {
      const total = bus.skippedMessages;
      if (total > reported) {
        this.inc(total - reported);
        reported = total;
      }
    },
  });
}
