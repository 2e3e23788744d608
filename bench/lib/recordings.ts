/**
 * `mci-sim record` files for the cases that replay one, made once per bench run and shared:
 * cases asking for the same arguments get the same file. Also the recorded event rate of a file
 * and the schedule of its events (`bench/lib/scheduledRate.ts`).
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { record } from './procs';
import { evenlyPaced } from './evenPacing';
import type { Schedule } from './scheduledRate';

/** The paced recording's step: 100 market ticks per second. */
const PACED_STEP_MS = 10;

const made = new Map<string, Promise<string>>();

/** The path of a recording made with `args` in `dir` (recorded on first use). */
export function recording(dir: string, args: string[]): Promise<string> {
  const key = `${dir}\n${args.join(' ')}`;
  let file = made.get(key);
  if (file === undefined) {
    const out = join(dir, `recording-${made.size + 1}.ndjson`);
    file = record(out, args).then(() => out);
    made.set(key, file);
  }
  return file;
}

/**
 * A paced recording (`pacedRecordingArgs`) of `seconds` after its first `openingSeconds`, which are
 * dropped: as the strategies join the session, the first 10–20 s carry two to three times the
 * later order flow, a load neither side of a comparison sustains. The file starts at its first
 * kept event; every state channel recurs within 5 s, so the replay has its state.
 */
export function steadyRecording(dir: string, seconds: number, openingSeconds: number): Promise<string> {
  const full = recording(dir, pacedRecordingArgs(seconds + openingSeconds));
  if (openingSeconds === 0) {
    return full;
  }
  return derived(dir, `steady ${seconds} after ${openingSeconds}`, 'steady', full, (lines) => {
    const from = timeOf(lines[0]) + openingSeconds * 1000;
    return lines.filter((line) => timeOf(line) >= from);
  });
}

/**
 * `steadyRecording` with its events spread evenly over its length in 10 ms steps (`evenlyPaced`):
 * a load that stays the same from one moment of the replay to the next.
 */
export function evenRecording(dir: string, seconds: number, openingSeconds: number): Promise<string> {
  const steady = steadyRecording(dir, seconds, openingSeconds);
  return derived(dir, `even ${seconds} after ${openingSeconds}`, 'even', steady, (lines) =>
    evenlyPaced(lines, PACED_STEP_MS)
  );
}

/** A file made once per `dir` and `name` from the lines of `source` (its non-empty ones, in order). */
function derived(
  dir: string,
  name: string,
  suffix: string,
  source: Promise<string>,
  transform: (lines: string[]) => string[]
): Promise<string> {
  const key = `${dir}\n${name}`;
  let file = made.get(key);
  if (file === undefined) {
    const out = join(dir, `recording-${made.size + 1}-${suffix}.ndjson`);
    file = source.then((path) => {
      const lines = readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.length > 0);
      writeFileSync(out, `${transform(lines).join('\n')}\n`);
      return out;
    });
    made.set(key, file);
  }
  return file;
}

const timeOf = (line: string) => (JSON.parse(line) as { time: number }).time;

/** The recorded times of the events on `channels`, and the file's first time (its time zero). */
export function recordedSchedule(file: string, channels: readonly string[]): Schedule {
  const wanted = new Set(channels);
  const times: number[] = [];
  let first = Number.NaN;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.length === 0) {
      continue;
    }
    const { time, channel } = JSON.parse(line) as { time: number; channel: string };
    first = Number.isNaN(first) ? time : first;
    if (wanted.has(channel)) {
      times.push(time);
    }
  }
  return { first, times };
}

/** Recorded events per second (at speed 1) on `channels`, over the whole file. */
export function recordedRate(file: string, channels: readonly string[]): number {
  const wanted = new Set(channels);
  let count = 0;
  let first = Number.NaN;
  let last = Number.NaN;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.length === 0) {
      continue;
    }
    const { time, channel } = JSON.parse(line) as { time: number; channel: string };
    first = Number.isNaN(first) ? time : first;
    last = time;
    count += wanted.has(channel) ? 1 : 0;
  }
  return count / Math.max(1, (last - first) / 1000);
}

/**
 * A recording whose order flow is spread over 100 market ticks per second, so a second's events
 * leave in 10 ms steps instead of one burst (honest latency at speed 1). About 1,100 order and
 * activity events per second, 1,200 on all channels.
 */
export function pacedRecordingArgs(seconds: number): string[] {
  return ['--duration', `${seconds}s`, '--orders-per-second', '120', '--market-ticks-per-second', '100'];
}
