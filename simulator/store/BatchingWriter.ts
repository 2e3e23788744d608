/**
 * Writes queued items to the store in batches (one transaction each), flushed when a batch is
 * full or every `flushIntervalMs`, one batch at a time with the event loop free in between, so
 * publishing never waits for the database. When a write fails (disk full, connection lost) the
 * writer reports unhealthy, keeps the queue up to `maxQueued` items (dropping the oldest beyond,
 * counted), retries every `retryIntervalMs`, and once a write works again records the dropped
 * span as a gap. `push` never throws.
 */
import type { Logger } from 'pino';
import type { SinkHealth } from './StoreSink';
import type { StoreMetrics } from './storeMetrics';

export interface DroppedSpan {
  fromTime: number;
  toTime: number;
  lost: number;
  reason: string;
}

export interface BatchingWriterOptions<T> {
  name: string;
  writeBatch: (batch: T[]) => Promise<void>;
  /** Records a span of dropped items once the store works again. */
  writeGap: (gap: DroppedSpan) => Promise<void>;
  timeOf: (item: T) => number;
  logger: Logger;
  now: () => number;
  metrics?: StoreMetrics;
  maxBatch?: number;
  flushIntervalMs?: number;
  maxQueued?: number;
  retryIntervalMs?: number;
}

export const WRITER_DEFAULTS = {
  /** One transaction; on SQLite the writer thread runs it and the main thread copies ~2 ms of rows to it. */
  maxBatch: 2000,
  flushIntervalMs: 200,
  /** About 20 s at 10,000 events/s before the oldest queued events are dropped. */
  maxQueued: 200_000,
  retryIntervalMs: 2000,
} as const;

export class BatchingWriter<T> {
  private queue: T[] = [];
  private head = 0;
  /** Items at the queue's head being written now: overflow never drops them (they may be stored). */
  private inFlight = 0;
  private writing: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failure: { since: number; error: string } | undefined;
  private dropped: DroppedSpan | undefined;
  private retryAt = 0;
  private closed = false;
  private readonly options: Required<Omit<BatchingWriterOptions<T>, 'metrics'>> & { metrics?: StoreMetrics };

  constructor(options: BatchingWriterOptions<T>) {
    this.options = { ...WRITER_DEFAULTS, ...options };
    this.options.metrics?.up.set({ sink: options.name }, 1);
  }

  get queued(): number {
    return this.queue.length - this.head;
  }

  health(): SinkHealth {
    return this.failure === undefined ? { ok: true } : { ok: false, ...this.failure };
  }

  push(items: readonly T[]): void {
    if (this.closed || items.length === 0) {
      return;
    }
    for (const item of items) {
      this.queue.push(item);
    }
    this.dropOverflow();
    if (this.queued >= this.options.maxBatch && this.failure === undefined) {
      this.kick();
    } else {
      this.schedule(this.options.flushIntervalMs);
    }
  }

  /** Write everything queued; resolves when it is stored, or at the first failure (reported by `health`). */
  async flush(): Promise<void> {
    while (this.writing !== undefined) {
      await this.writing;
    }
    this.retryAt = 0;
    await this.run();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.flush();
  }

  private schedule(delayMs: number): void {
    if (this.timer === undefined && !this.closed) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.kick();
      }, delayMs);
      this.timer.unref?.();
    }
  }

  private kick(): void {
    if (this.writing === undefined) {
      void this.run();
    }
  }

  /** Write batches until the queue is empty or a write fails. */
  private run(): Promise<void> {
    const { metrics, name } = this.options;
    this.writing = (async () => {
      while (this.queued > 0 || this.dropped !== undefined) {
        if (this.options.now() < this.retryAt) {
          this.schedule(this.retryAt - this.options.now());
          return;
        }
        const batch = this.queue.slice(this.head, this.head + this.options.maxBatch);
        // Items pushed while a write is awaited may overflow: they are dropped behind the batch
        // and counted into a new span, never into the one being written.
        const gap = this.dropped;
        this.dropped = undefined;
        this.inFlight = batch.length;
        let gapWritten = false;
        try {
          if (gap !== undefined) {
            await this.options.writeGap(gap);
            gapWritten = true;
            this.options.logger.warn({ sink: name, gap }, 'store: marked the span it could not write');
          }
          if (batch.length > 0) {
            await this.options.writeBatch(batch);
          }
        } catch (error) {
          this.inFlight = 0;
          if (gap !== undefined && !gapWritten) {
            this.dropped = mergeSpans(gap, this.dropped);
          }
          this.fail(error);
          return;
        }
        this.inFlight = 0;
        this.head += batch.length;
        this.compact();
        metrics?.written.inc({ sink: name }, batch.length);
        metrics?.queued.set({ sink: name }, this.queued);
        if (this.failure !== undefined) {
          this.options.logger.info(
            { sink: name, downMs: this.options.now() - this.failure.since },
            'store: writing again'
          );
          this.failure = undefined;
          metrics?.up.set({ sink: name }, 1);
        }
        // Let the event loop run between batches (the memory store writes on this thread).
        await new Promise((resolve) => setImmediate(resolve));
      }
    })().finally(() => {
      this.writing = undefined;
    });
    return this.writing;
  }

  private fail(error: unknown): void {
    const { metrics, name, logger, now } = this.options;
    const message = error instanceof Error ? error.message : String(error);
    metrics?.writeErrors.inc({ sink: name });
    metrics?.up.set({ sink: name }, 0);
    if (this.failure === undefined) {
      this.failure = { since: now(), error: message };
      logger.error(
        { sink: name, err: error, queued: this.queued },
        'store: write failed; serving live data goes on, writes are retried and a gap is marked for what is dropped'
      );
    } else {
      this.failure.error = message;
    }
    this.retryAt = now() + this.options.retryIntervalMs;
    this.schedule(this.options.retryIntervalMs);
  }

  /** While the store is down the queue is bounded: the oldest items go, as one dropped span. */
  private dropOverflow(): void {
    const excess = Math.min(this.queued - this.options.maxQueued, this.queued - this.inFlight);
    if (excess <= 0) {
      return;
    }
    const { timeOf, metrics, name } = this.options;
    const gone = this.queue.splice(this.head + this.inFlight, excess);
    const span: DroppedSpan = {
      fromTime: timeOf(gone[0]),
      toTime: timeOf(gone[gone.length - 1]),
      lost: excess,
      reason: `store unavailable: ${this.failure?.error ?? 'writes fell behind'}`,
    };
    this.dropped = this.dropped === undefined ? span : mergeSpans(this.dropped, span);
    metrics?.dropped.inc({ sink: name }, excess);
  }

  private compact(): void {
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}

/** One span covering both; the reason of `other`, the newer. */
function mergeSpans(span: DroppedSpan, other: DroppedSpan | undefined): DroppedSpan {
  if (other === undefined) {
    return span;
  }
  return {
    fromTime: Math.min(span.fromTime, other.fromTime),
    toTime: Math.max(span.toTime, other.toTime),
    lost: span.lost + other.lost,
    reason: other.reason,
  };
}
