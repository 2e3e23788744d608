/**
 * The event history in process memory, for `--store memory`: same behaviour as the SQL store,
 * gone at exit. Each channel keeps at most `maxEventsPerChannel` (the oldest go first), so a
 * throwaway run under load cannot grow without bound.
 */
import {
  compareHistoryOrder,
  type EventGap,
  type EventStore,
  type HistoryPage,
  type HistoryQuery,
  type NewEvent,
  type StoredEvent,
  payloadText,
} from './EventStore';

export const DEFAULT_MEMORY_EVENTS_PER_CHANNEL = 200_000;

/**
 * What one channel holds: its events in history order, and the seqs stored per epoch (what makes an
 * event the same one again). Seq numbers rather than a string key per event: no string is built,
 * hashed and kept for every stored event.
 */
interface ChannelEvents {
  readonly list: StoredEvent[];
  seqs: Map<string, Set<number>>;
}

export class MemoryEventStore implements EventStore {
  private readonly channels = new Map<string, ChannelEvents>();
  private gapList: EventGap[] = [];
  readonly epochs = new Map<string, { source: string; startedAt: number }>();

  constructor(private readonly maxEventsPerChannel = DEFAULT_MEMORY_EVENTS_PER_CHANNEL) {}

  async append(events: readonly NewEvent[]): Promise<void> {
    for (const event of events) {
      const channel = this.channelOf(event.channel);
      let seqs = channel.seqs.get(event.epoch);
      if (seqs === undefined) {
        seqs = new Set();
        channel.seqs.set(event.epoch, seqs);
      }
      if (seqs.has(event.seq)) {
        continue;
      }
      seqs.add(event.seq);
      const { list } = channel;
      const copy: StoredEvent = { ...event, payload: payloadText(event.payload) };
      if (list.length === 0 || compareHistoryOrder(list[list.length - 1], copy) <= 0) {
        list.push(copy);
      } else {
        list.splice(firstAfter(list, copy), 0, copy);
      }
      // Trim in bulk (an eighth over the bound), not one splice of a long array per event.
      if (list.length > this.maxEventsPerChannel + (this.maxEventsPerChannel >> 3)) {
        forget(channel, list.splice(0, list.length - this.maxEventsPerChannel));
      }
    }
  }

  private channelOf(name: string): ChannelEvents {
    let channel = this.channels.get(name);
    if (channel === undefined) {
      channel = { list: [], seqs: new Map() };
      this.channels.set(name, channel);
    }
    return channel;
  }

  async history(query: HistoryQuery): Promise<HistoryPage> {
    const list = this.channels.get(query.channel)?.list ?? [];
    const from = query.from ?? -Infinity;
    const to = query.to ?? Infinity;
    const start = query.after === undefined ? firstAtOrAfterTime(list, from) : firstAfter(list, query.after);
    const events: StoredEvent[] = [];
    for (let index = start; index < list.length && list[index].time <= to; index++) {
      if (list[index].time < from) {
        continue;
      }
      if (events.length === query.limit) {
        const last = events[events.length - 1];
        return { events, next: { time: last.time, epoch: last.epoch, seq: last.seq } };
      }
      events.push({ ...list[index] });
    }
    return { events };
  }

  async recordGap(gap: EventGap): Promise<void> {
    this.gapList.push({ ...gap });
    this.gapList.sort((a, b) => a.fromTime - b.fromTime);
  }

  async gaps(from: number, to: number): Promise<EventGap[]> {
    return this.gapList.filter((gap) => gap.toTime >= from && gap.fromTime <= to).map((gap) => ({ ...gap }));
  }

  async recordEpoch(epoch: string, source: 'serve' | 'seed', startedAt: number): Promise<void> {
    this.epochs.set(epoch, { source, startedAt });
  }

  async deleteBefore(time: number): Promise<number> {
    let deleted = 0;
    for (const channel of this.channels.values()) {
      // History order is time first, so the events before `time` are the list's head.
      const dropped = channel.list.splice(0, firstAtOrAfterTime(channel.list, time));
      forget(channel, dropped);
      deleted += dropped.length;
    }
    this.gapList = this.gapList.filter((gap) => gap.toTime >= time);
    return deleted;
  }
}

/** Events no longer held may be stored again. */
function forget(channel: ChannelEvents, dropped: readonly StoredEvent[]): void {
  for (const event of dropped) {
    const seqs = channel.seqs.get(event.epoch);
    seqs?.delete(event.seq);
    if (seqs?.size === 0) {
      channel.seqs.delete(event.epoch);
    }
  }
}

/** Index of the first event strictly after `cursor` in history order. */
function firstAfter(list: StoredEvent[], cursor: { time: number; epoch: string; seq: number }): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareHistoryOrder(list[middle], cursor) <= 0) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

function firstAtOrAfterTime(list: StoredEvent[], time: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle].time < time) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}
