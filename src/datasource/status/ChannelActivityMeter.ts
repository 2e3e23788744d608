/**
 * Events per second and the time of the last event, per channel, over a sliding window. Events are
 * counted in one-second buckets, so memory stays a few numbers per channel whatever the rate.
 * Pure: times are passed in.
 */
import type { Channel } from '../../protocol';

const BUCKET_MS = 1000;

export interface ChannelActivity {
  channel: Channel;
  /** Events per second over the last window (0 when none). */
  eventsPerSecond: number;
  /** Epoch ms of the newest event seen, undefined before the first. */
  lastEventAt?: number;
}

interface Meter {
  /** Start time of each bucket, newest last. */
  starts: number[];
  counts: number[];
  lastEventAt?: number;
}

export class ChannelActivityMeter {
  private readonly meters = new Map<Channel, Meter>();

  /** `windowMs` is rounded up to whole seconds (at least one). */
  constructor(
    private readonly channels: readonly Channel[],
    private readonly windowMs: number
  ) {
    for (const channel of channels) {
      this.meters.set(channel, { starts: [], counts: [] });
    }
  }

  private get buckets(): number {
    return Math.max(1, Math.ceil(this.windowMs / BUCKET_MS));
  }

  /** Counts `count` events of `channel` at `at`; channels the meter does not watch are ignored. */
  record(channel: Channel, at: number, count = 1): void {
    const meter = this.meters.get(channel);
    if (!meter || count <= 0) {
      return;
    }
    const start = Math.floor(at / BUCKET_MS) * BUCKET_MS;
    const last = meter.starts.length - 1;
    if (last >= 0 && meter.starts[last] === start) {
      meter.counts[last] += count;
    } else {
      meter.starts.push(start);
      meter.counts.push(count);
      if (meter.starts.length > this.buckets + 1) {
        meter.starts.shift();
        meter.counts.shift();
      }
    }
    meter.lastEventAt = Math.max(meter.lastEventAt ?? at, at);
  }

  /** Each watched channel's rate over the window ending at `now`, in the order given. */
  read(now: number): ChannelActivity[] {
    const span = this.buckets * BUCKET_MS;
    return this.channels.map((channel) => {
      const meter = this.meters.get(channel)!;
      let events = 0;
      for (let index = 0; index < meter.starts.length; index++) {
        if (meter.starts[index] > now - span && meter.starts[index] <= now) {
          events += meter.counts[index];
        }
      }
      const activity: ChannelActivity = { channel, eventsPerSecond: events / (span / BUCKET_MS) };
      if (meter.lastEventAt !== undefined) {
        activity.lastEventAt = meter.lastEventAt;
      }
      return activity;
    });
  }
}
