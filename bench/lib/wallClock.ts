/**
 * The wall clock, in fractional ms, for timing an event against the `timestamp` another process
 * stamped with its own wall clock (`Date.now()`). `performance.timeOrigin + performance.now()`
 * is precise but is the wall clock read once, at process start, plus a monotonic clock: when the
 * machine's wall clock is stepped later (a virtual machine's clock corrected after a pause, an NTP
 * step), the two part, and every event then looks early or late by the step (an early one was
 * recorded as 0 ms, so a run could report p99 = 0). So each reading is checked against
 * `Date.now()` (whole ms), read first: the precise time is at least that, so the anchor only ever
 * moves up to it (converging on the true offset as readings fall at different points of a
 * millisecond), and is re-anchored on it when the two disagree by more than a millisecond beyond
 * that truncation (a step either way). `steps` counts the re-anchorings.
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
      // The wall clock first: the time at the monotonic reading is then at least `wall`.
      const wall = dateNow();
      const monotonic = monotonicNow();
      const precise = base + monotonic;
      if (precise < wall - TOLERANCE_MS || precise >= wall + 1 + TOLERANCE_MS) {
        steps += 1;
        base = wall - monotonic;
      } else if (precise < wall) {
        base = wall - monotonic;
      }
      return base + monotonic;
    },
    get steps() {
      return steps;
    },
  };
}
