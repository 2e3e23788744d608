/**
 * Client-side bench input: realistic events from the simulator engine (orders, activity, market,
 * account, positions, health, services), turned into the client's ChannelItems and replayed
 * cyclically with fresh `seq` and moving timestamps.
 *
 * `makeItemStream` reuses the pool's payload objects (cheap: for CPU cases, where the input is
 * not what is measured). `makeParsedItemStream` parses each event from its JSON text, as the
 * client does with every WebSocket frame, so each item owns fresh objects (for memory cases: a
 * reused pool would hide what a buffer keeps alive).
 */
import type { ChannelItem } from '../../src/client';
import { CHANNEL_EVENTS, type Channel, type DataMessage } from '../../src/protocol';
import { createEngine } from '../../simulator/engine';

const START = 1_736_135_100_000;

export interface EventPool {
  events: Array<{ channel: Channel; data: Record<string, unknown>; time: number }>;
  spanMs: number;
}

export function eventPool(seconds = 60, ordersPerSecond = 200): EventPool {
  const engine = createEngine({ seed: 3, startTime: START, rates: { ordersPerSecond } });
  const events = engine.advance(seconds * 1000).map((event) => ({
    channel: event.channel,
    data: event.data as unknown as Record<string, unknown>,
    time: event.time,
  }));
  return { events, spanMs: seconds * 1000 };
}

function eventItem(channel: Channel, data: Record<string, unknown>, seq: number, receivedAt: number): ChannelItem {
  const message = { event: CHANNEL_EVENTS[channel], data, seq } as unknown as DataMessage;
  return { kind: 'event', channel, message, seq, snapshot: false, receivedAt };
}

/** The `index`-th item of the endless stream: pool events in order, each cycle shifted in time. */
export function makeItemStream(pool: EventPool): (index: number) => ChannelItem {
  const seqs = new Map<Channel, number>();
  return (index) => {
    const cycle = Math.floor(index / pool.events.length);
    const event = pool.events[index % pool.events.length];
    const seq = (seqs.get(event.channel) ?? 0) + 1;
    seqs.set(event.channel, seq);
    const shift = cycle * pool.spanMs;
    const data = shift === 0 ? event.data : { ...event.data, timestamp: (event.data.timestamp as number) + shift };
    return eventItem(event.channel, data, seq, event.time + shift);
  };
}

/** As `makeItemStream`, but every item's payload is a fresh `JSON.parse` of the event's text. */
export function makeParsedItemStream(pool: EventPool): (index: number) => ChannelItem {
  const texts = pool.events.map((event) => JSON.stringify(event.data));
  const seqs = new Map<Channel, number>();
  return (index) => {
    const cycle = Math.floor(index / pool.events.length);
    const event = pool.events[index % pool.events.length];
    const seq = (seqs.get(event.channel) ?? 0) + 1;
    seqs.set(event.channel, seq);
    const shift = cycle * pool.spanMs;
    const data = JSON.parse(texts[index % texts.length]) as Record<string, unknown>;
    if (typeof data.timestamp === 'number') {
      data.timestamp += shift;
    }
    return eventItem(event.channel, data, seq, event.time + shift);
  };
}
