/**
 * The store's Prometheus series (docs/storage.md), labelled by sink: whether the last write
 * worked, events written, dropped while the store was down, write errors, and the queue waiting.
 * One set per registry; every sink of a server shares it.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

export interface StoreMetrics {
  up: Gauge<'sink'>;
  written: Counter<'sink'>;
  dropped: Counter<'sink'>;
  writeErrors: Counter<'sink'>;
  queued: Gauge<'sink'>;
  deleted: Counter<'sink'>;
}

const cache = new WeakMap<Registry, StoreMetrics>();

export function storeMetrics(registry: Registry): StoreMetrics {
  const existing = cache.get(registry);
  if (existing !== undefined) {
    return existing;
  }
  const registers = [registry];
  const metrics: StoreMetrics = {
    up: new Gauge({
      name: 'mci_store_up',
      help: '1 while the store accepts writes, 0 while they fail (disk full, database unreachable).',
      labelNames: ['sink'],
      registers,
    }),
    written: new Counter({
      name: 'mci_store_events_written_total',
      help: 'Events (or samples) written to the store.',
      labelNames: ['sink'],
      registers,
    }),
    dropped: new Counter({
      name: 'mci_store_events_dropped_total',
      help: 'Events not stored because the store failed for longer than the write queue holds; each span is marked as a gap.',
      labelNames: ['sink'],
      registers,
    }),
    writeErrors: new Counter({
      name: 'mci_store_write_errors_total',
      help: 'Failed store writes (each is retried).',
      labelNames: ['sink'],
      registers,
    }),
    queued: new Gauge({
      name: 'mci_store_queue_length',
      help: 'Events waiting to be written.',
      labelNames: ['sink'],
      registers,
    }),
    deleted: new Counter({
      name: 'mci_store_retention_deleted_total',
      help: 'Rows deleted by the retention cleaner.',
      labelNames: ['sink'],
      registers,
    }),
  };
  cache.set(registry, metrics);
  return metrics;
}
