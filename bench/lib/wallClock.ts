/**
 * The wall clock, in fractional ms, for timing an event against the `timestamp` another process
 * stamped with its own wall clock (`Date.now()`). `performance.timeOrigin + performance.now()`
 * is precise but is the wall clock read once, at process start, plus a monotonic clock: when the
 * machine's wall clock is stepped later (a virtual machine's clock corrected after a pause, an NTP
 * step), the two part, and every event then looks early or late by the step (an early one was
 * recorded as 0 ms, so a run could report p99 = 0). So each reading is checked against
 * `Date.now()` (whole ms): the precise clock is kept while it agrees with it within a millisecond,
 * and re-anchored on it when it does not. `steps` counts the re-anchorings.
 */
export interface WallClock {
  now(): number;
  readonly steps: number;
}

/** Disagreement beyond `Date.now()`'s own truncation that counts as a step (ms). */
const TOLERANCE_MS = 1;

export function createWallClock(
  dateNow: () => number = Date.now,
  monotonicNow: () => number = () => performance.now(),
  /** The wall time at monotonic 0 (`performance.timeOrigin` for the real clocks). */
  origin: number = performance.timeOrigin
): WallClock {
  let base = origin;
  let steps = 0;
  return {
    now() {
      const precise = base + monotonicNow();
      const wall = dateNow();
      // `Date.now()` is the wall time truncated to the ms: agreeing, the precise time is in
      // [wall, wall + 1), give or take the tolerance.
      if (precise > wall - TOLERANCE_MS && precise < wall + 1 + TOLERANCE_MS) {
        return precise;
      }
      steps += 1;
      // The middle of the ms `Date.now()` names: off by half a ms at most.
      base = wall + 0.5 - monotonicNow();
      return wall + 0.5;
    },
    get steps() {
      return steps;
    },
  };
}
