/**
 * Helpers shared by the engine's tests (not part of the engine): run an engine second by second,
 * pick one channel's events, and the start time the tests share.
 */
import type { Engine, EngineEvent } from '../types';

/** Monday 2025-01-06 09:15 IST. */
export const TEST_START = 1_736_135_100_000;

/** Advance in one-second steps (one market tick at the default cadence) and collect the events. */
export function runSeconds(engine: Engine, seconds: number): EngineEvent[] {
  const out: EngineEvent[] = [];
  for (let i = 0; i < seconds; i++) {
    for (const event of engine.advance(1000)) {
      out.push(event);
    }
  }
  return out;
}

export function ofChannel<C extends EngineEvent['channel']>(
  events: readonly EngineEvent[],
  channel: C
): Array<Extract<EngineEvent, { channel: C }>> {
  return events.filter((e): e is Extract<EngineEvent, { channel: C }> => e.channel === channel);
}
