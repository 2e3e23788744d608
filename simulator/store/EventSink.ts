/**
 * The sink that fills the event history: every event of an event channel (orders, activity,
 * alerts, strategy) and state channels (account, health, services, market, positions) sampled at
 * most once per `stateSampleMs` each, so a day of state stays small whatever the publish rate.
 * Writes go through a BatchingWriter; a span it had to drop is stored as a gap.
 */
import { isStateChannel, type Channel } from '../../src/protocol';
import { BatchingWriter } from './BatchingWriter';
import type { NewEvent } from './EventStore';
import type { SinkEvent, StoreSink, StoreSinkContext } from './StoreSink';

/** A 24 h chart 1,000 px wide shows one point per 86 s; 5 s keeps detail and a day in tens of MB. */
export const DEFAULT_STATE_SAMPLE_MS = 5000;

export function createEventSink(context: StoreSinkContext): StoreSink {
  const { store, epoch, logger, now, retention, metrics } = context;
  const sampleMs = context.stateSampleMs ?? DEFAULT_STATE_SAMPLE_MS;
  const lastSample = new Map<Channel, number>();
  let epochRecorded = false;
  const writer = new BatchingWriter<NewEvent>({
    ...context.writerLimits,
    name: 'events',
    logger,
    now,
    metrics,
    timeOf: (event) => event.time,
    async writeBatch(batch) {
      if (!epochRecorded) {
        await store.events.recordEpoch(epoch, context.source, now());
        epochRecorded = true;
      }
      await store.events.append(batch);
    },
    writeGap: (gap) =>
      store.events.recordGap({
        epoch,
        fromTime: gap.fromTime,
        toTime: gap.toTime,
        eventsLost: gap.lost,
        reason: gap.reason,
      }),
  });

  const sampled = (event: SinkEvent): boolean => {
    if (!isStateChannel(event.channel)) {
      return true;
    }
    const last = lastSample.get(event.channel);
    if (last !== undefined && event.time - last < sampleMs && event.time >= last) {
      return false;
    }
    lastSample.set(event.channel, event.time);
    return true;
  };

  return {
    name: 'events',
    write(events) {
      const rows: NewEvent[] = [];
      for (const event of events) {
        if (sampled(event)) {
          // The published bytes as they are: decoded only where a store needs text (not SQLite's).
          rows.push({ epoch, channel: event.channel, seq: event.seq, time: event.time, payload: event.bytes });
        }
      }
      writer.push(rows);
    },
    flush: () => writer.flush(),
    close: () => writer.close(),
    health: () => writer.health(),
    async prune(at) {
      const deleted = await store.events.deleteBefore(at - retention.rawMs);
      metrics?.deleted.inc({ sink: 'events' }, deleted);
    },
  };
}
