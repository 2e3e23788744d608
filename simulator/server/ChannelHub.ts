/**
 * The server side of every channel: numbers each event (`seq`, +1 per channel), serialises it
 * ONCE for every client, keeps a bounded history for resume (docs/server.md) and the latest state of
 * each state channel for snapshots and REST.
 */
import { CHANNELS, encodeDataEvent, isStateChannel, type Channel, type DataMessageOf } from '../../src/protocol';
import { EventHistory } from './EventHistory';
import type { Bus } from '../bus/Bus';
import { framedText } from './wireBytes';

export type ChannelData<C extends Channel = Channel> = DataMessageOf<C>['data'];

/** One event, numbered and serialised, as every subscriber receives it. */
export interface PublishedEvent {
  channel: Channel;
  seq: number;
  /** When the event happened (engine time, epoch ms); the current time for snapshots. */
  time: number;
  /** The whole wire message `{"event":…,"data":…,"seq":N}` as UTF-8, encoded once for every client. */
  bytes: Buffer;
  /**
   * The same message as one WebSocket text frame, `bytes` being a view of its payload (so the two
   * share one allocation): set by the hub's own `publish`; a connection frames an event without
   * one itself, once for every connection.
   */
  frame?: Buffer;
}

/** Called with every event the hub numbers, in publish order, with the data it was encoded from. */
export type PublishedListener = (event: PublishedEvent, data: ChannelData) => void;

export type ResumeResult = { recovered: true; events: PublishedEvent[] } | { recovered: false };

/** The in-memory bus (one process): it numbers events itself. Gateways on Redis keep one as their copy. */
export class ChannelHub implements Bus {
  private readonly seqs = new Map<Channel, number>();
  private readonly histories = new Map<Channel, EventHistory>();
  private readonly latestData = new Map<Channel, ChannelData>();
  private readonly latestTime = new Map<Channel, number>();
  private readonly snapshotTexts = new Map<Channel, { seq: number; time: number; bytes: Buffer; frame: Buffer }>();
  private readonly listeners: PublishedListener[] = [];

  constructor(
    /** Server-start id sent in `connection:ack`; resume points from another epoch never match. */
    readonly epoch: string,
    historySize: number,
    /** Bytes of history kept per channel. */
    historyBytes: number = Number.MAX_SAFE_INTEGER
  ) {
    for (const channel of CHANNELS) {
      this.seqs.set(channel, 0);
      this.histories.set(channel, new EventHistory(historySize, historyBytes));
    }
  }

  /** Number, serialise and remember one event. */
  publish<C extends Channel>(channel: C, data: ChannelData<C>, time: number): PublishedEvent {
    const seq = this.seq(channel) + 1;
    const { frame, bytes } = framedText(encodeDataEvent(channel, data, seq));
    const event: PublishedEvent = { channel, seq, time, bytes, frame };
    this.record(event, data);
    return event;
  }

  /**
   * Remember an event numbered elsewhere (a gateway's copy of the Redis streams) and hand it to
   * the listeners. The kept history stays contiguous: an event that skips seqs (the stream was
   * trimmed or lost while this process was away) starts the channel's history afresh, so a resume
   * point before the hole is answered `recovered: false`, never with a silent gap.
   */
  record(event: PublishedEvent, data: ChannelData): void {
    const { channel, seq, time } = event;
    const history = this.histories.get(channel)!;
    if (seq !== this.seq(channel) + 1) {
      history.clear();
    }
    this.seqs.set(channel, seq);
    history.push(event);
    if (isStateChannel(channel)) {
      this.latestData.set(channel, data);
      this.latestTime.set(channel, time);
    }
    for (const listener of this.listeners) {
      listener(event, data);
    }
  }

  /** In one process every published event is already here: nothing to wait for. */
  async whenCaughtUp(channel: Channel, seq: number): Promise<boolean> {
    return this.seq(channel) >= seq;
  }

  /**
   * Every consumer of published events (the WebSocket gateway, and any other sink) listens here,
   * so there is one numbered stream and no second source of truth. Returns the unsubscribe.
   */
  onPublished(listener: PublishedListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) {
        this.listeners.splice(index, 1);
      }
    };
  }

  /** The state before any event of a channel was published (from the engine's snapshot). */
  seedState<C extends Channel>(channel: C, data: ChannelData<C>, time?: number): void {
    if (!this.latestData.has(channel)) {
      this.latestData.set(channel, data);
      if (time !== undefined) {
        this.latestTime.set(channel, time);
      }
    }
  }

  /** Start numbering a channel after `seq` (a gateway joining a run whose streams were trimmed). */
  startAfter(channel: Channel, seq: number): void {
    if (this.seq(channel) === 0) {
      this.seqs.set(channel, seq);
    }
  }

  seq(channel: Channel): number {
    return this.seqs.get(channel)!;
  }

  allSeqs(): Record<Channel, number> {
    return Object.fromEntries(CHANNELS.map((channel) => [channel, this.seq(channel)])) as Record<Channel, number>;
  }

  latest<C extends Channel>(channel: C): ChannelData<C> | undefined {
    return this.latestData.get(channel) as ChannelData<C> | undefined;
  }

  /** The current state of a state channel as a data event with the current `seq` and `snapshot: true`. */
  snapshotEvent(channel: Channel): PublishedEvent | undefined {
    const data = this.latestData.get(channel);
    if (data === undefined) {
      return undefined;
    }
    const seq = this.seq(channel);
    let cached = this.snapshotTexts.get(channel);
    if (cached === undefined || cached.seq !== seq) {
      cached = {
        seq,
        time: this.latestTime.get(channel) ?? 0,
        ...framedText(encodeDataEvent(channel, data, seq, true)),
      };
      this.snapshotTexts.set(channel, cached);
    }
    return { channel, seq, time: cached.time, bytes: cached.bytes, frame: cached.frame };
  }

  /** The kept events of a channel, oldest first (history for backfill; copies). */
  history(channel: Channel): PublishedEvent[] {
    return this.histories
      .get(channel)!
      .toArray()
      .map((kept) => ({ channel, ...kept }));
  }

  /**
   * The events after `seq` of a channel, when the history still holds all of them and the point
   * belongs to this epoch.
   */
  resume(channel: Channel, point: { epoch: string; seq: number }): ResumeResult {
    const current = this.seq(channel);
    if (point.epoch !== this.epoch || point.seq > current) {
      return { recovered: false };
    }
    if (point.seq === current) {
      return { recovered: true, events: [] };
    }
    const kept = this.histories.get(channel)!.after(point.seq);
    if (kept === undefined) {
      return { recovered: false };
    }
    return { recovered: true, events: kept.map((event) => ({ channel, ...event })) };
  }
}
