/**
 * The rate a tool counted inside a measurement window, from its per-second timeline (each point
 * holds what was counted from the previous point, or the run's start, to its `at`). Only the
 * seconds that lie wholly inside the window count, divided by the time they span: a rate over the
 * whole run would include connecting and settling, and read low.
 */
export interface TimelineCount {
  /** End of the interval, epoch ms. */
  at: number;
  messages: number;
}

/** Events/s over the timeline's intervals inside [from, to] (epoch ms); NaN when none lies inside. */
export function rateInWindow(startedAt: number, timeline: readonly TimelineCount[], from: number, to: number): number {
  let messages = 0;
  let first = Number.NaN;
  let last = Number.NaN;
  let previous = startedAt;
  for (const point of timeline) {
    if (previous >= from && point.at <= to) {
      messages += point.messages;
      first = Number.isNaN(first) ? previous : first;
      last = point.at;
    }
    previous = point.at;
  }
  return Number.isNaN(first) || last <= first ? Number.NaN : messages / ((last - first) / 1000);
}
