/**
 * Fill a store with a day (or any span) of history at once: run the deterministic engine on its
 * virtual clock over the span that ends at `end`, number and serialise its events exactly as a
 * server would (a ChannelHub under the seed's own epoch), and hand them to every store sink, so
 * the event history and every table derived from events fill as if a server had run all along.
 * Pure of process concerns: `commands/seed.ts` reads flags and draws the progress bar.
 */
import { randomBytes } from 'crypto';
import type { Logger } from 'pino';
import type { Engine, EngineConfig } from '../engine/types';
import type { Store } from '../store/Store';
import type { RetentionConfig } from '../store/StoreSink';
import { createStoreWriter } from '../store/StoreWriter';
import { ChannelHub } from './ChannelHub';

export interface SeedOptions {
  store: Store;
  createEngine: (config: EngineConfig) => Engine;
  engine: Omit<EngineConfig, 'startTime'>;
  /** Virtual span to fill, ending at `end`. */
  durationMs: number;
  /** Epoch ms the span ends at (the caller passes the wall clock: "the 24 hours that end now"). */
  end: number;
  logger: Logger;
  retention: RetentionConfig;
  stateSampleMs?: number;
  /** Virtual time advanced per step; the writer is flushed after each (default 10 min). */
  stepMs?: number;
  /** Called after each step with the virtual ms done so far. */
  onProgress?: (doneMs: number, events: number) => void;
}

export interface SeedResult {
  epoch: string;
  events: number;
  from: number;
  to: number;
}

const DEFAULT_STEP_MS = 10 * 60_000;
/** More than a step's events (about 6,000 in 10 virtual minutes of default activity). */
const SEED_MAX_BATCH = 50_000;

export async function seedHistory(options: SeedOptions): Promise<SeedResult> {
  const from = options.end - options.durationMs;
  const epoch = `seed-${from.toString(36)}-${randomBytes(4).toString('hex')}`;
  const engine = options.createEngine({ ...options.engine, startTime: from });
  // No resume history is needed: nobody subscribes to a seed run.
  const hub = new ChannelHub(epoch, 0, 0);
  const writer = createStoreWriter(
    {
      store: options.store,
      epoch,
      logger: options.logger,
      now: () => options.end,
      retention: options.retention,
      source: 'seed',
      stateSampleMs: options.stateSampleMs,
      // Nothing else runs on this event loop during a seed, so one transaction per step beats
      // the server's small batches that keep its loop free.
      writerLimits: { maxBatch: SEED_MAX_BATCH },
    },
    { cleanIntervalMs: 0 }
  );
  hub.onPublished((event, data) => writer.publish(event, data));
  const stepMs = options.stepMs ?? DEFAULT_STEP_MS;
  let events = 0;
  try {
    for (let done = 0; done < options.durationMs; ) {
      const step = Math.min(stepMs, options.durationMs - done);
      for (const event of engine.advance(step)) {
        hub.publish(event.channel, event.data, event.time);
        events++;
      }
      done += step;
      await writer.flush();
      const health = writer.health();
      if (!health.ok) {
        const failing = health.sinks.find((sink) => !sink.ok);
        throw new Error(
          `seed: the store ${health.location} failed (${failing !== undefined && !failing.ok ? failing.error : 'unknown'}); ` +
            'check that it is reachable and has room, then run the seed again'
        );
      }
      options.onProgress?.(done, events);
    }
  } finally {
    await writer.close();
  }
  return { epoch, events, from, to: options.end };
}
