/**
 * The hook every writer of the store plugs into. `mci-sim serve` hands each published event to
 * every sink (from `ChannelHub.onPublished`), and `mci-sim seed` hands each event of its virtual
 * day the same way, so anything a sink derives (the event history, service-metric aggregates,
 * per-profile tables) fills the same way live and seeded. To add a table family, write a factory
 * and add it to `STORE_SINK_FACTORIES` (storeSinks.ts).
 *
 * Contract: `write` is called on the event loop with events in publish order and must return at
 * once (queue, then write in batches: see BatchingWriter); `flush` resolves when everything
 * written so far is stored (or counted as lost); `close` flushes and stops timers. A sink never
 * throws from `write`: a failing store is reported through `health()` and the sink's own metric.
 */
import type { Logger } from 'pino';
import type { Channel, DataMessageOf } from '../../src/protocol';
import type { Store } from './Store';
import type { StoreMetrics } from './storeMetrics';

/** One numbered event as the server published it. */
export interface SinkEvent {
  channel: Channel;
  seq: number;
  /** When it happened (engine time), epoch ms. */
  time: number;
  /** The wire message as UTF-8. */
  bytes: Uint8Array;
  /** The data the wire message was encoded from. */
  data: DataMessageOf<Channel>['data'];
}

export type SinkHealth = { ok: true } | { ok: false; since: number; error: string };

export interface StoreSink {
  /** Short name for logs, metrics and /readyz (e.g. `events`). */
  readonly name: string;
  write(events: readonly SinkEvent[]): void;
  flush(): Promise<void>;
  close(): Promise<void>;
  health(): SinkHealth;
  /** Delete what is past the retention windows at `now`; called by the background cleaner. */
  prune(now: number): Promise<void>;
}

export interface RetentionConfig {
  /** Raw events and samples are kept this long (default 24 h). */
  rawMs: number;
  /** Aggregates are kept this long (default 7 d). */
  aggregateMs: number;
}

export interface StoreSinkContext {
  store: Store;
  /** The epoch the events belong to (a server start or a seed run). */
  epoch: string;
  logger: Logger;
  /** Wall clock, epoch ms. */
  now: () => number;
  retention: RetentionConfig;
  /** Who writes: a running server or a seed run. */
  source: 'serve' | 'seed';
  /** The store's Prometheus series (storeMetrics.ts), when the writer exports metrics. */
  metrics?: StoreMetrics;
  /** State channels are stored at most once per this many ms each (default 5 s). */
  stateSampleMs?: number;
  /** Overrides of the batching writers' limits (BatchingWriter.ts; tests make them small). */
  writerLimits?: WriterLimits;
}

export interface WriterLimits {
  maxBatch?: number;
  flushIntervalMs?: number;
  maxQueued?: number;
  retryIntervalMs?: number;
}

export type StoreSinkFactory = (context: StoreSinkContext) => StoreSink;
