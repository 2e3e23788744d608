/**
 * The events of one burst (an engine step: every event due at one moment) held by each connection
 * until the burst ends, then written in one piece per connection: the frames of the burst's events
 * joined once for every connection with the same events, so a client that keeps up costs one
 * socket write per burst and no allocation per event. Corking each socket for the burst gave one
 * system call too, but the socket's stream kept an entry per frame per client until it uncorked.
 */

/** A connection's held events as the burst sees them. */
export interface BurstMember {
  /** The burst is over: write what it holds. */
  burstEnded(): void;
}

export class Burst {
  private depth = 0;
  /** Members that hold events, in `members[0..count)`; the list keeps its capacity between bursts. */
  private readonly members: Array<BurstMember | undefined> = [];
  private count = 0;
  private runs = 0;

  /** True while `run` runs: events delivered now are held for the end of the burst. */
  get collecting(): boolean {
    return this.depth > 0;
  }

  /**
   * Which burst this is, for members to know whether they joined it already: a member whose end
   * was skipped (another member threw) joins the next burst and writes then.
   */
  get id(): number {
    return this.runs;
  }

  /** `member` holds events of this burst. */
  join(member: BurstMember): void {
    this.members[this.count] = member;
    this.count += 1;
  }

  /** Run `publish` as one burst (a burst inside a burst is part of it). */
  run(publish: () => void): void {
    if (this.depth === 0) {
      this.runs += 1;
    }
    this.depth += 1;
    try {
      publish();
    } finally {
      this.depth -= 1;
      if (this.depth === 0) {
        this.end();
      }
    }
  }

  /** Every member writes, even when one of them throws; the first error is thrown after. */
  private end(): void {
    let failed = false;
    let failure: unknown;
    for (let i = 0; i < this.count; i += 1) {
      const member = this.members[i]!;
      this.members[i] = undefined;
      try {
        member.burstEnded();
      } catch (error) {
        if (!failed) {
          failed = true;
          failure = error;
        }
      }
    }
    this.count = 0;
    if (failed) {
      throw failure;
    }
  }
}
