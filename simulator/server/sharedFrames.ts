/**
 * What every connection shares for one published event or one set of events: the event's frame
 * and queue item, a window's batch frame and a step's joined frames, each made once by the first
 * connection that needs it and reused by the others with the same channels (a slow client's queue
 * then costs a slot per waiting frame, and a window costs one join for all such clients).
 */
import { isStateChannel } from '../../src/protocol';
import type { PublishedEvent } from './ChannelHub';
import type { OutboundItem } from './OutboundQueue';
import { batchBytes, textFrame } from './wireBytes';

/** The event's frame: the hub's, or made once from its bytes and shared by every connection. */
export function frameOf(event: PublishedEvent): Buffer {
  if (event.frame !== undefined) {
    return event.frame;
  }
  const item = itemOf(event);
  item.frame ??= textFrame(item.bytes);
  return item.frame;
}

/** One frozen one-element list per channel, so an item does not allocate its own. */
const singleChannels = new Map<string, readonly string[]>();

function channelList(channel: string): readonly string[] {
  let list = singleChannels.get(channel);
  if (list === undefined) {
    list = Object.freeze([channel]);
    singleChannels.set(channel, list);
  }
  return list;
}

/**
 * One queue item per published event, shared by every connection that queues it: a stalled
 * client's queue then costs a slot per waiting frame, not a slot and an item of its own. Made
 * only when some connection must queue the event (or frame it itself), not for every event.
 */
const sharedItems = new WeakMap<PublishedEvent, OutboundItem>();

export function itemOf(event: PublishedEvent): OutboundItem {
  let item = sharedItems.get(event);
  if (item === undefined) {
    item = {
      bytes: event.bytes,
      frame: event.frame,
      channels: channelList(event.channel),
      stateChannel: isStateChannel(event.channel) ? event.channel : undefined,
    };
    sharedItems.set(event, item);
  }
  return item;
}

/**
 * Connections with the same channels receive the same published events in the same tick, so
 * their windows (and bursts) hold the same events: the first to write joins the bytes, the others
 * reuse them (one join per window for all such clients, not one per client). Kept by the first
 * event, a few variants each (clients on other channels get other events after the same first
 * one); the events are copied once, when a variant is made, since the caller's list is reused.
 */
class SharedByEvents<T> {
  private readonly byFirst = new WeakMap<PublishedEvent, Array<{ events: readonly PublishedEvent[]; value: T }>>();

  get(events: readonly PublishedEvent[], count: number, make: (events: PublishedEvent[]) => T): T {
    let variants = this.byFirst.get(events[0]);
    if (variants === undefined) {
      variants = [];
      this.byFirst.set(events[0], variants);
    }
    for (const variant of variants) {
      if (sameEvents(variant.events, events, count)) {
        return variant.value;
      }
    }
    const copy = events.slice(0, count);
    const value = make(copy);
    if (variants.length >= MAX_SHARED_VARIANTS) {
      variants.shift();
    }
    variants.push({ events: copy, value });
    return value;
  }
}

/** Distinct channel sets that share one first event, kept per event (more are joined anew). */
const MAX_SHARED_VARIANTS = 8;

function sameEvents(kept: readonly PublishedEvent[], events: readonly PublishedEvent[], count: number): boolean {
  if (kept.length !== count) {
    return false;
  }
  for (let i = 0; i < count; i += 1) {
    if (kept[i] !== events[i]) {
      return false;
    }
  }
  return true;
}

const sharedBatches = new SharedByEvents<OutboundItem>();

/** The batch frame of `events[0..count)` (all of them when `count` is left out), shared as above. */
export function batchOf(events: readonly PublishedEvent[], count = events.length): OutboundItem {
  return sharedBatches.get(events, count, (copy) => {
    const channels = copy.map((event) => event.channel);
    return {
      bytes: batchBytes(copy.map((event) => event.bytes)),
      channels,
      // Counted once here, not by each client that is written this batch.
      counts: countsOf(channels),
    };
  });
}

/** Several events' WebSocket frames back to back, written as one piece, and their count per channel. */
export interface JoinedFrames {
  frames: Buffer;
  counts: ReadonlyArray<readonly [string, number]>;
}

const sharedJoins = new SharedByEvents<JoinedFrames>();

/** The frames of `events[0..count)` joined, shared as above. */
export function joinedFrames(events: readonly PublishedEvent[], count: number): JoinedFrames {
  return sharedJoins.get(events, count, (copy) => ({
    frames: Buffer.concat(copy.map(frameOf)),
    counts: countsOf(copy.map((event) => event.channel)),
  }));
}

/** Events per channel, in the order each channel first appears. */
export function countsOf(channels: readonly string[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  channels.forEach((channel) => counts.set(channel, (counts.get(channel) ?? 0) + 1));
  return [...counts];
}
