/**
 * Everything a running server (or a seed run) does to its store: hands each published event to
 * every sink (collected per turn of the event loop, so a burst of events is one `write` per sink),
 * runs the retention cleaner in the background, and reports the sinks' health for /readyz.
 */
import type { Channel } from '../../src/protocol';
import { createStoreSinks } from './storeSinks';
import type { SinkEvent, SinkHealth, StoreSink, StoreSinkContext } from './StoreSink';

export interface StoreWriterOptions {
  /** How often the retention cleaner runs (default 60 s); 0 turns it off. */
  cleanIntervalMs?: number;
  /** The sinks to feed (default: every registered one, storeSinks.ts). */
  sinks?: StoreSink[];
}

export interface StoreHealth {
  ok: boolean;
  location: string;
  sinks: Array<{ name: string } & SinkHealth>;
}

export interface StoreWriter {
  readonly sinks: readonly StoreSink[];
  /** Queue one published event (shape of ChannelHub's listener). */
  publish(event: { channel: Channel; seq: number; time: number; bytes: Uint8Array }, data: unknown): void;
  /** Hand queued events to the sinks and wait until they are stored. */
  flush(): Promise<void>;
  health(): StoreHealth;
  /** Run the retention cleaner once now. */
  prune(): Promise<void>;
  /** Stop the cleaner and flush every sink (the store itself stays open: its opener closes it). */
  close(): Promise<void>;
}

export const DEFAULT_CLEAN_INTERVAL_MS = 60_000;

export function createStoreWriter(context: StoreSinkContext, options: StoreWriterOptions = {}): StoreWriter {
  const sinks = options.sinks ?? createStoreSinks(context);
  let pending: SinkEvent[] = [];
  let scheduled = false;
  let pruning: Promise<void> | undefined;

  const drain = () => {
    scheduled = false;
    const events = pending;
    pending = [];
    for (const sink of sinks) {
      sink.write(events);
    }
  };

  const prune = async () => {
    for (const sink of sinks) {
      try {
        await sink.prune(context.now());
      } catch (error) {
        context.logger.error({ sink: sink.name, err: error }, 'store: retention cleanup failed; it runs again later');
      }
    }
  };

  const cleanIntervalMs = options.cleanIntervalMs ?? DEFAULT_CLEAN_INTERVAL_MS;
  const cleaner =
    cleanIntervalMs > 0
      ? setInterval(() => {
          pruning ??= prune().finally(() => (pruning = undefined));
        }, cleanIntervalMs)
      : undefined;
  cleaner?.unref();

  return {
    sinks,
    publish(event, data) {
      pending.push({ channel: event.channel, seq: event.seq, time: event.time, bytes: event.bytes, data } as SinkEvent);
      if (!scheduled) {
        scheduled = true;
        setImmediate(drain);
      }
    },
    async flush() {
      drain();
      await Promise.all(sinks.map((sink) => sink.flush()));
    },
    health() {
      const states = sinks.map((sink) => ({ name: sink.name, ...sink.health() }));
      return { ok: states.every((state) => state.ok), location: context.store.location, sinks: states };
    },
    prune,
    async close() {
      if (cleaner !== undefined) {
        clearInterval(cleaner);
      }
      await pruning;
      drain();
      await Promise.all(sinks.map((sink) => sink.close()));
    },
  };
}
