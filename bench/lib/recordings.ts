/**
 * `mci-sim record` files for the cases that replay one, made once per bench run and shared:
 * cases asking for the same arguments get the same file. Also the recorded event rate of a file.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { record } from './procs';

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

/** Recorded events per second (at speed 1) on `channels`. */
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
