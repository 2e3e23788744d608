/**
 * The client's `SequenceTracker` rules (src/client/SequenceTracker.ts) for one channel of one
 * load session, without allocating per event: the fast path calls `observe` for every data event.
 * `ChannelSequence.test.ts` checks that both give the same verdicts.
 */
import { isStateChannel, type Channel } from '../../src/protocol';

/** `observe` result: the event is new and in order (or nothing can be said). */
export const IN_ORDER = 0;
/** `observe` result: an event-channel event already delivered. */
export const DUPLICATE = -1;
// Any positive result: that many event-channel events never arrived before this one.

export class ChannelSequence {
  private readonly stateChannel: boolean;
  private epoch: string | undefined;
  private seq = 0;

  constructor(channel: Channel) {
    this.stateChannel = isStateChannel(channel);
  }

  /** Record an event: `IN_ORDER`, `DUPLICATE`, or how many events are missing before it. */
  observe(epoch: string | undefined, seq: number | undefined, snapshot: boolean): number {
    if (epoch === undefined || seq === undefined) {
      // A server without the seq/epoch extension: nothing to track.
      return IN_ORDER;
    }
    const sameEpoch = this.epoch === epoch;
    const previous = this.seq;
    if (sameEpoch && seq <= previous) {
      // A snapshot repeats the channel's current seq; only a repeated event-channel event is a duplicate.
      return snapshot || this.stateChannel ? IN_ORDER : DUPLICATE;
    }
    this.epoch = epoch;
    this.seq = seq;
    return sameEpoch && seq > previous + 1 && !snapshot && !this.stateChannel ? seq - previous - 1 : IN_ORDER;
  }

  /** Start at a known point (an event the client itself read). */
  set(epoch: string, seq: number): void {
    this.epoch = epoch;
    this.seq = seq;
  }
}
