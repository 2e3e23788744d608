/**
 * The canonical event stream as NDJSON: one line per event,
 * `{"time":…,"channel":"…","event":"…","data":{…}}`, keys always in that order, so the same seed
 * and scenario script give byte-identical files. Pure: the caller writes the lines.
 */
import { CHANNEL_EVENTS } from '../../src/protocol';
import type { Engine, EngineEvent } from './types';

/** One NDJSON line (without the newline). */
export function formatRecordLine(event: EngineEvent): string {
  return JSON.stringify({
    time: event.time,
    channel: event.channel,
    event: CHANNEL_EVENTS[event.channel],
    data: event.data,
  });
}

/** Virtual time the recorder advances per step: one market tick at the default cadence. */
export const RECORD_STEP_MS = 1000;

/**
 * Advance `engine` by `durationMs` in steps of `stepMs`, yielding each step's NDJSON text
 * (lines joined, each ending in a newline; empty when the step had no events).
 */
export function* recordChunks(
  engine: Engine,
  durationMs: number,
  stepMs = RECORD_STEP_MS
): Generator<string, void, void> {
  if (!(Number.isFinite(durationMs) && durationMs >= 0)) {
    throw new Error(`Invalid recording duration ${durationMs} ms: expected a finite number of milliseconds ≥ 0.`);
  }
  const end = engine.now() + durationMs;
  while (engine.now() < end) {
    const events = engine.advance(Math.min(stepMs, end - engine.now()));
    let text = '';
    for (const event of events) {
      text += `${formatRecordLine(event)}\n`;
    }
    yield text;
  }
}
