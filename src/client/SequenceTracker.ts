/**
 * Where the client is on each channel: the server epoch and the last `seq` seen (docs/protocol.md,
 * extensions). It gives the `resume` points of a resubscription and says when an event channel's
 * sequence jumped (events were missed) or repeated (an event seen already).
 */
import { isStateChannel, type Channel, type ResumePoint } from '../protocol';

export type SequenceVerdict =
  | { kind: 'in-order' }
  /** An event-channel event already delivered (same epoch, seq not above the last). */
  | { kind: 'duplicate' }
  /** Event-channel events `fromSeq..toSeq` never arrived. */
  | { kind: 'gap'; fromSeq: number; toSeq: number };

export class SequenceTracker {
  private readonly points = new Map<Channel, ResumePoint>();

  /** Record an event; state channels never report gaps (a slow client is given only the latest). */
  observe(channel: Channel, epoch: string | undefined, seq: number | undefined, snapshot: boolean): SequenceVerdict {
    if (epoch === undefined || seq === undefined) {
      // A server without the seq/epoch extension: nothing to track.
      return { kind: 'in-order' };
    }
    const previous = this.points.get(channel);
    const sameEpoch = previous?.epoch === epoch;
    if (sameEpoch && seq <= previous.seq) {
      // A snapshot repeats the channel's current seq; only a repeated event-channel event is a duplicate.
      return snapshot || isStateChannel(channel) ? { kind: 'in-order' } : { kind: 'duplicate' };
    }
    this.points.set(channel, { epoch, seq });
    if (sameEpoch && seq > previous.seq + 1 && !snapshot && !isStateChannel(channel)) {
      return { kind: 'gap', fromSeq: previous.seq + 1, toSeq: seq - 1 };
    }
    return { kind: 'in-order' };
  }

  /** The resume points of these channels (those that have one). */
  resumePoints(channels: Channel[]): Partial<Record<Channel, ResumePoint>> {
    const points: Partial<Record<Channel, ResumePoint>> = {};
    for (const channel of channels) {
      const point = this.points.get(channel);
      if (point !== undefined) {
        points[channel] = point;
      }
    }
    return points;
  }

  /** Start a channel at a known point (a restarted server replaying its epoch from `seq` 0). */
  set(channel: Channel, point: ResumePoint): void {
    this.points.set(channel, point);
  }

  /** A channel the client left: its next subscription starts afresh, without resume. */
  forget(channel: Channel): void {
    this.points.delete(channel);
  }
}
