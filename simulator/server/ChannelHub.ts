/**
 * The server side of every channel: numbers each event (`seq`, +1 per channel), serialises it
 * ONCE for every client, keeps a bounded history for resume (DESIGN §3) and the latest state of
 * each state channel for snapshots and REST.
 */
import { CHANNEL_EVENTS, CHANNELS, isStateChannel, type Channel, type DataMessageOf } from '../../src/protocol';
import { FrameHistory } from './FrameHistory';

export type ChannelData<C extends Channel = Channel> = DataMessageOf<C>['data'];

/** One event, numbered and serialised, as every subscriber receives it. */
export interface Frame {
  channel: Channel;
  seq: number;
  /** When the event happened (engine time, epoch ms); the current time for snapshots. */
  time: number;
  /** The whole wire message `{"event":…,"data":…,"seq":N}` as UTF-8, encoded once for every client. */
  bytes: Buffer;
}

const encode = (message: object) => Buffer.from(JSON.stringify(message), 'utf8');

export type ResumeResult = { recovered: true; frames: Frame[] } | { recovered: false };

export class ChannelHub {
  private readonly seqs = new Map<Channel, number>();
  private readonly histories = new Map<Channel, FrameHistory<Frame>>();
  private readonly latestData = new Map<Channel, ChannelData>();
  private readonly latestTime = new Map<Channel, number>();
  private readonly snapshotTexts = new Map<Channel, { seq: number; time: number; bytes: Buffer }>();

  constructor(
    /** Server-start id sent in `connection:ack`; resume points from another epoch never match. */
    readonly epoch: string,
    historySize: number,
    /** Bytes of history kept per channel. */
    historyBytes: number = Number.MAX_SAFE_INTEGER
  ) {
    for (const channel of CHANNELS) {
      this.seqs.set(channel, 0);
      this.histories.set(channel, new FrameHistory<Frame>(historySize, historyBytes));
    }
  }

  /** Number, serialise and remember one event. */
  publish<C extends Channel>(channel: C, data: ChannelData<C>, time: number): Frame {
    const seq = this.seq(channel) + 1;
    this.seqs.set(channel, seq);
    const frame: Frame = { channel, seq, time, bytes: encode({ event: CHANNEL_EVENTS[channel], data, seq }) };
    this.histories.get(channel)!.push(frame);
    if (isStateChannel(channel)) {
      this.latestData.set(channel, data);
      this.latestTime.set(channel, time);
    }
    return frame;
  }

  /** The state before any event of a channel was published (from the engine's snapshot). */
  seedState<C extends Channel>(channel: C, data: ChannelData<C>): void {
    if (!this.latestData.has(channel)) {
      this.latestData.set(channel, data);
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
  snapshotFrame(channel: Channel): Frame | undefined {
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
        bytes: encode({ event: CHANNEL_EVENTS[channel], data, seq, snapshot: true }),
      };
      this.snapshotTexts.set(channel, cached);
    }
    return { channel, seq, time: cached.time, bytes: cached.bytes };
  }

  /** The kept events of a channel, oldest first (history for backfill). */
  history(channel: Channel): Frame[] {
    return this.histories.get(channel)!.toArray();
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
      return { recovered: true, frames: [] };
    }
    const frames = this.histories.get(channel)!.toArray();
    if (frames.length === 0 || frames[0].seq > point.seq + 1) {
      return { recovered: false };
    }
    return { recovered: true, frames: frames.filter((frame) => frame.seq > point.seq) };
  }
}
