/**
 * A recording's events spread evenly over its length, for measurements that step a load: the
 * engine's order flow swings (per 2.5 s, from about 830 to 1,770 events/s on the subscribed
 * channels after the opening), so in a paced recording a step's load depended on where in the
 * file it fell, by up to 2×, and a step at fewer clients could fail where a larger one had held.
 *
 * The same events in the same order with the same bytes apart from their times: the file's span is
 * cut into steps of `stepMs` (the paced recording's 10 ms market ticks), each holding the same
 * number of events (±1), and every epoch-ms time field of an event moves by as much as its
 * `time` did, so the times within one event keep their distances.
 */
import { mapTimes } from '../../simulator/replay/createReplayEngine';

interface RecordedLine {
  time: number;
  data: Record<string, unknown>;
}

/** `lines` (a recording's non-empty lines, in time order) evenly paced in steps of `stepMs`. */
export function evenlyPaced(lines: readonly string[], stepMs: number): string[] {
  if (lines.length < 2) {
    return [...lines];
  }
  const first = (JSON.parse(lines[0]) as RecordedLine).time;
  const last = (JSON.parse(lines[lines.length - 1]) as RecordedLine).time;
  const steps = Math.max(1, Math.floor((last - first) / stepMs));
  return lines.map((line, index) => {
    const event = JSON.parse(line) as RecordedLine;
    const time = first + Math.floor((index * steps) / lines.length) * stepMs;
    const shift = time - event.time;
    event.time = time;
    mapTimes(event.data, (t) => t + shift);
    return JSON.stringify(event);
  });
}
