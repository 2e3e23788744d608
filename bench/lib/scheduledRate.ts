/**
 * The load a replay offered inside a measurement window: how many of the recording's events were
 * due in it, per second. A recording's rate is not steady (its first seconds carry two to three
 * times its average order flow, and later seconds still vary by ±40 %), so the offered load of a
 * window comes from the schedule, not from the recording's average rate.
 */
export interface Schedule {
  /** The recording's first time (on any channel): the replay's time zero. */
  first: number;
  /** Recorded times of the events counted (those on the clients' channels), in order. */
  times: readonly number[];
}

export interface ReplayClock {
  /** When the recording's first event is due (epoch ms). */
  start: number;
  speed: number;
}

/** Events per second due in [from, to) (epoch ms): an event recorded at t is due at start + (t − first) / speed. */
export function scheduledRate(schedule: Schedule, replay: ReplayClock, from: number, to: number): number {
  if (!(to > from)) {
    return Number.NaN;
  }
  let due = 0;
  for (const time of schedule.times) {
    const at = replay.start + (time - schedule.first) / replay.speed;
    if (at >= from && at < to) {
      due += 1;
    }
  }
  return due / ((to - from) / 1000);
}
