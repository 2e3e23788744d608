/**
 * Latency: event timestamp → receipt at a load both sides sustain (the offered load and the
 * share each side delivered are in the note). Both sides play the same steady part of a recording
 * (order flow spread over 100 market ticks per second, without the session's opening wave) at
 * speed 1, each starting its schedule once it has parsed the file, so each event leaves when due
 * and its timestamp is its due wall-clock time: the simulator through `serve --replay`
 * (timestamps moved to its start), the baseline through the raw `ws` broadcaster (each event
 * stamped with its due time). A run's share is what it delivered over what its schedule put in
 * the window. Same receiver for both; runs interleave (simulator, raw, …).
 */
import { defineCase } from '../lib/benchCase';
import { receive } from '../lib/procs';
import { recordedRate, recordedSchedule, steadyRecording } from '../lib/recordings';
import { compare, round, type BenchRow } from '../lib/results';
import { scheduledRate, type Schedule } from '../lib/scheduledRate';
import { startReplay, type Side } from '../lib/servers';
import { interleave, median } from '../lib/verdict';

/** Orders and activity: the ~300–400-byte event messages. */
const CHANNELS = ['orders', 'activity'];
const STATS = ['p50Ms', 'p99Ms', 'maxMs'] as const;

interface LatencySize {
  recordingSeconds: number;
  /** Recorded seconds dropped first: the session's opening wave (bench/lib/recordings.ts). */
  openingSeconds: number;
  clients: number;
  warmupMs: number;
  windowMs: number;
  /** Measure past the window until this many events arrived (smoke runs; at most 20 s). */
  minEvents: number;
}

async function measure(side: Side, file: string, schedule: Schedule, size: LatencySize) {
  const server = await startReplay(side, { file, speed: 1, batchMs: 0, stampNow: true });
  try {
    const result = await receive({
      url: server.wsUrl,
      clients: size.clients,
      channels: CHANNELS,
      batchMs: 0,
      warmupMs: size.warmupMs,
      windowMs: size.windowMs,
      latency: true,
      minEvents: size.minEvents,
      maxWindowMs: 20_000,
    });
    const latency = result.latency!;
    // No sample is no measurement, not a latency of 0 (it must never meet a goal).
    const stat = (name: (typeof STATS)[number]) => (latency.count === 0 ? Number.NaN : latency[name]);
    const offered = scheduledRate(
      schedule,
      { start: server.replayStart, speed: 1 },
      result.windowFrom,
      result.windowTo
    );
    return { stat, count: latency.count, share: result.events / result.seconds / (offered * size.clients) };
  } finally {
    await server.stop();
  }
}

export const latencyCase = defineCase<LatencySize>({
  name: 'latency',
  command:
    'mci-sim record --orders-per-second 120 --market-ticks-per-second 100; serve --replay FILE --speed 1 vs the raw broadcaster at speed 1; clients on orders, activity',
  sizes: {
    smoke: { recordingSeconds: 20, openingSeconds: 0, clients: 4, warmupMs: 300, windowMs: 500, minEvents: 1 },
    // Each run plays 10–15 s of it on an idle machine (60 s leaves room for a slow receiver
    // start); a longer recording only costs parsing at each start.
    quick: { recordingSeconds: 60, openingSeconds: 20, clients: 50, warmupMs: 1000, windowMs: 3000, minEvents: 0 },
    full: { recordingSeconds: 60, openingSeconds: 20, clients: 50, warmupMs: 1000, windowMs: 8000, minEvents: 0 },
  },
  run: async (size, { runs, tmp }) => {
    const file = await steadyRecording(tmp, size.recordingSeconds, size.openingSeconds);
    const schedule = recordedSchedule(file, CHANNELS);
    const { a: sim, b: raw } = await interleave(
      runs,
      () => measure('simulator', file, schedule, size),
      () => measure('raw', file, schedule, size)
    );
    const shares = (list: Array<{ share: number }>) =>
      `${round(median(list.map((r) => r.share)), 2)} (${list.map((r) => round(r.share, 2)).join(', ')})`;
    // The label's figure: the recording's average rate; each run's share is against its window's schedule.
    const load = `≈${Math.round(recordedRate(file, CHANNELS)).toLocaleString('en-US')} events/s × ${size.clients} clients`;
    return STATS.map(
      (stat): BenchRow =>
        compare({
          benchmark: 'latency',
          metric: `${stat.replace('Ms', '')} event → client, ${load}`,
          unit: 'ms',
          ours: sim.map((r) => r.stat(stat)),
          baselineLabel: 'raw ws broadcast, same events and pace',
          base: raw.map((r) => r.stat(stat)),
          goal:
            stat === 'p99Ms'
              ? { on: 'value', goal: { op: '<=', target: 10 }, text: '≤ 10 ms at this load' }
              : undefined,
          note:
            stat === 'p99Ms'
              ? `share of the load its schedule offered in the window delivered, median (runs): simulator ${shares(sim)}, raw ${shares(raw)}; samples per run: simulator ${sim.map((r) => r.count).join(', ')}`
              : undefined,
        })
    );
  },
});
