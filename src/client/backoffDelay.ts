/**
 * The wait before reconnect attempt `attempt` (1 = the first retry): the schedule's entry for that
 * attempt, the last entry once the schedule is exhausted (the client keeps retrying), spread by
 * ± `jitter` × the delay. `random` is in [0, 1): 0.5 gives the exact schedule.
 */
export function backoffDelay(
  attempt: number,
  scheduleMs: readonly number[],
  jitter: number,
  random: () => number
): number {
  const base = scheduleMs[Math.min(Math.max(attempt, 1), scheduleMs.length) - 1];
  return Math.max(0, Math.round(base * (1 + jitter * (2 * random() - 1))));
}
