/**
 * Fan-out: `mci-sim serve --replay` against the raw `ws` broadcaster (bench/lib/rawBroadcaster.ts)
 * playing the same recording to clients subscribed to every channel, measured two ways, each
 * side's runs interleaved with the other's:
 *
 * 1. server CPU per delivered event at a fixed offered load below both ceilings, unbatched and
 *    with 10 ms batches, on the steady part of a recording (the note says how much of the load
 *    offered in its window, by the server's schedule, each side delivered);
 * 2. the highest delivered rate at which p99 latency (event timestamp → receipt) stays under
 *    50 ms, found by stepping the number of clients up at speed 1 on one server per run.
 *
 * One receiver process (bench/lib/receiver.ts) counts for both sides, so both pay the same
 * client-side cost; on a small machine it shares the cores with the server it measures.
 */
import { mkdtempSync } from 'fs';
import { join } from 'path';
import { defineCase } from '../lib/benchCase';
import { cpuSeconds, receive } from '../lib/procs';
import { pacedRecordingArgs, recordedRate, recordedSchedule, recording, steadyRecording } from '../lib/recordings';
import { compare, round, type BenchRow } from '../lib/results';
import { scheduledRate, type Schedule } from '../lib/scheduledRate';
import { startReplay, type Side } from '../lib/servers';
import { interleave } from '../lib/verdict';

const CHANNELS = ['positions', 'orders', 'account', 'health', 'market', 'activity', 'services'];
/** The latency under which a stepped rate counts as sustained. */
const P99_LIMIT_MS = 50;
/** A step also fails when less than this share of the events its window's schedule offered arrived. */
const MIN_DELIVERED_SHARE = 0.9;
/**
 * A fixed-load pair counts only when both sides delivered the load their schedule offered in the
 * window within this share: less means a side hit its ceiling, more means a backlog arrived in it.
 */
const SUSTAINED = { min: 0.9, max: 1.1 };

interface FanoutSize {
  /**
   * Recorded seconds for the fixed-load runs (each plays about ten seconds of it at speed 0.5, but
   * a receiver starting slowly on a busy machine must not find it played out, which 40 s allows
   * when a start takes half a minute) and for the stepping (one server at speed 1 plays through every
   * step). Each server parses its whole recording at start-up, several CPU-seconds per minute
   * recorded, so each gets what it needs.
   */
  fixedRecordingSeconds: number;
  /** Recorded seconds dropped before the fixed-load recording: the session's opening wave. */
  openingSeconds: number;
  recordingSeconds: number;
  /**
   * Fixed load: clients and replay speed. Offered = the events the schedule put in the window on
   * the clients' channels, per second, × clients (about recorded rate × speed × clients).
   */
  clients: number;
  speed: number;
  /**
   * From the clients' subscriptions to the counting window. Seconds, not less: for about two
   * seconds after the clients connect, V8 is still optimising the simulator's per-event code
   * (publish, encode, history, store) on its worker threads, which counted 0.3–0.4 µs per delivered
   * event at 1 s and 0.1 µs (as the raw baseline's) from 3 s on (`bench/fanoutProfile.ts
   * --node-arg --no-concurrent-recompilation` moved it to the main thread; `--trace-opt` listed the
   * compiles). That is start-up, which this case leaves out, not the cost of a delivery.
   */
  warmupMs: number;
  windowMs: number;
  /** Stepping: client counts tried in order at speed 1 until a step fails. */
  steps: number[];
  stepWarmupMs: number;
  stepWindowMs: number;
  /** Measure past the window until this many events arrived (smoke runs; at most 20 s). */
  minEvents: number;
}

async function cpuAtFixedLoad(side: Side, file: string, schedule: Schedule, size: FanoutSize, batchMs: number) {
  const server = await startReplay(side, {
    file,
    speed: size.speed,
    batchMs,
    stampNow: false,
    // A deep queue: a client falling behind is measured, not closed (4004).
    extraArgs: ['--max-queued-events', '1000000'],
  });
  try {
    // The server's CPU over exactly the receiver's counting window: not its start-up, nor the
    // clients connecting and taking their snapshots (which cost the two sides differently).
    let before = Number.NaN;
    let after = Number.NaN;
    const result = await receive(
      {
        url: server.wsUrl,
        clients: size.clients,
        channels: CHANNELS,
        batchMs,
        warmupMs: size.warmupMs,
        windowMs: size.windowMs,
        latency: false,
        minEvents: size.minEvents,
        maxWindowMs: 20_000,
      },
      (phase) => {
        if (phase === 'window-start') {
          before = cpuSeconds(server.pid);
        } else if (phase === 'window-end') {
          after = cpuSeconds(server.pid);
        }
      }
    );
    const cpu = after - before;
    const replay = { start: server.replayStart, speed: size.speed };
    return {
      usPerEvent: (cpu / Math.max(1, result.events)) * 1e6,
      perSecond: result.events / result.seconds,
      offered: scheduledRate(schedule, replay, result.windowFrom, result.windowTo) * size.clients,
    };
  } finally {
    await server.stop();
  }
}

/**
 * Delivered events/s of the last step that held p99 under the limit (0 when the first failed).
 * The simulator stores its history as `serve` does by default, in SQLite (here a fresh file in
 * `dataDir`): the memory store keeps every published event on the serving thread's heap (up to
 * 200,000 a channel), whose garbage collection then stalls the event loop more the longer the
 * server runs, so the later, higher steps would measure the throwaway store, not the send path.
 */
async function highestSustained(side: Side, file: string, schedule: Schedule, size: FanoutSize, dataDir: string) {
  const server = await startReplay(side, {
    file,
    speed: 1,
    batchMs: 0,
    stampNow: true,
    extraArgs:
      side === 'simulator'
        ? ['--store', `sqlite:${join(mkdtempSync(join(dataDir, 'stepping-')), 'telemetry.db')}`]
        : [],
  });
  const tried: string[] = [];
  let best = 0;
  try {
    for (const clients of size.steps) {
      const result = await receive({
        url: server.wsUrl,
        clients,
        channels: CHANNELS,
        batchMs: 0,
        warmupMs: size.stepWarmupMs,
        windowMs: size.stepWindowMs,
        latency: true,
        minEvents: size.minEvents,
        maxWindowMs: 20_000,
      });
      const delivered = result.events / result.seconds;
      // Against what this window's schedule offered, not the recording's average: its rate swings
      // from about 850 to 2,700 events/s per 5 s, so a step in a quiet stretch would fail anyway.
      const replay = { start: server.replayStart, speed: 1 };
      const offered = scheduledRate(schedule, replay, result.windowFrom, result.windowTo) * clients;
      const p99 = result.latency && result.latency.count > 0 ? result.latency.p99Ms : Number.POSITIVE_INFINITY;
      // The receiver ends its sockets with terminate() (1006); any other close came from the server.
      const closed = Object.entries(result.closes).filter(([code]) => code !== '1006').length;
      const held = p99 < P99_LIMIT_MS && delivered >= MIN_DELIVERED_SHARE * offered && closed === 0;
      tried.push(`${clients}c p99 ${round(p99, 1)}ms${held ? '' : ' ✗'}`);
      if (!held) {
        break;
      }
      best = delivered;
    }
  } finally {
    await server.stop();
  }
  return { best, tried };
}

export const fanoutCase = defineCase<FanoutSize>({
  name: 'fanout',
  command:
    'mci-sim record --orders-per-second 120 --market-ticks-per-second 100; mci-sim serve --replay FILE (stepping: --store sqlite:<tmp>) vs bench/lib/rawBroadcaster.ts; clients in bench/lib/receiver.ts on every channel',
  sizes: {
    smoke: {
      fixedRecordingSeconds: 20,
      openingSeconds: 0,
      recordingSeconds: 20,
      clients: 4,
      speed: 0.5,
      warmupMs: 200,
      windowMs: 300,
      steps: [2],
      stepWarmupMs: 200,
      stepWindowMs: 300,
      minEvents: 1,
    },
    quick: {
      fixedRecordingSeconds: 60,
      openingSeconds: 20,
      recordingSeconds: 60,
      clients: 100,
      speed: 0.5,
      warmupMs: 4000,
      windowMs: 2000,
      steps: [4, 8, 16, 32, 64, 128, 256, 512],
      stepWarmupMs: 500,
      stepWindowMs: 1500,
      minEvents: 0,
    },
    full: {
      fixedRecordingSeconds: 60,
      openingSeconds: 20,
      recordingSeconds: 120,
      clients: 100,
      speed: 0.5,
      warmupMs: 4000,
      windowMs: 5000,
      // Up to 512: at 256 clients both sides still held p99 near 20 ms on a quiet machine, so a
      // ladder ending there measured its top rung, not either server's ceiling.
      steps: [4, 6, 8, 11, 16, 23, 32, 45, 64, 91, 128, 181, 256, 362, 512],
      stepWarmupMs: 500,
      stepWindowMs: 2500,
      minEvents: 0,
    },
  },
  run: async (size, { runs, tmp, log }) => {
    const fixedFile = await steadyRecording(tmp, size.fixedRecordingSeconds, size.openingSeconds);
    const schedule = recordedSchedule(fixedFile, CHANNELS);
    // The label's figure: the recording's average; each run's share is against its own window's schedule.
    const offered = Math.round(recordedRate(fixedFile, CHANNELS) * size.speed * size.clients);
    const rows: BenchRow[] = [];
    for (const batchMs of [0, 10]) {
      const mode = batchMs === 0 ? 'unbatched' : `batched ${batchMs} ms`;
      log(`fan-out ${mode}, fixed load`);
      const { a: sim, b: raw } = await interleave(
        runs,
        () => cpuAtFixedLoad('simulator', fixedFile, schedule, size, batchMs),
        () => cpuAtFixedLoad('raw', fixedFile, schedule, size, batchMs)
      );
      type Run = { perSecond: number; offered: number };
      const share = (r: Run) => r.perSecond / r.offered;
      const shares = (list: Run[]) => list.map((r) => round(share(r), 2));
      const offers = (list: Run[]) => list.map((r) => Math.round(r.offered).toLocaleString('en-US'));
      const sustained = (share: number) => share >= SUSTAINED.min && share <= SUSTAINED.max;
      rows.push(
        compare({
          benchmark: `fan-out, ${mode}`,
          metric: `server CPU µs per delivered event, ≈${offered.toLocaleString('en-US')} events/s offered to ${size.clients} clients`,
          unit: 'µs',
          ours: sim.map((r) => round(r.usPerEvent)),
          baselineLabel: 'raw ws broadcast, same events, same subscriptions',
          base: raw.map((r) => round(r.usPerEvent)),
          goal: { on: 'ratio', goal: { op: '<=', target: 1.25 }, text: 'ratio ≤ 1.25 (≥ 0.8× raw efficiency)' },
          invalidPairs: sim.map((r, i) => !sustained(share(r)) || !sustained(share(raw[i]))),
          note: `share of the load its schedule offered in the window delivered per run: simulator ${shares(sim).join(', ')}; raw ${shares(raw).join(', ')} (offered events/s: simulator ${offers(sim).join(', ')}; raw ${offers(raw).join(', ')}). A pair counts only when both are within ${SUSTAINED.min}–${SUSTAINED.max} (below: a ceiling; above: a backlog); other pairs have no ratio`,
        })
      );
    }
    log('fan-out, stepping to the p99 limit');
    const file = await recording(tmp, pacedRecordingArgs(size.recordingSeconds));
    const rate = recordedRate(file, CHANNELS);
    const stepSchedule = recordedSchedule(file, CHANNELS);
    const { a: sim, b: raw } = await interleave(
      runs,
      () => highestSustained('simulator', file, stepSchedule, size, tmp),
      () => highestSustained('raw', file, stepSchedule, size, tmp)
    );
    rows.push(
      compare({
        benchmark: 'fan-out, unbatched',
        metric: `highest delivered events/s with p99 < ${P99_LIMIT_MS} ms (${Math.round(rate)} events/s per client, clients stepped ${size.steps.join(', ')})`,
        unit: '/s',
        ours: sim.map((r) => Math.round(r.best)),
        baselineLabel: 'raw ws broadcast, same steps',
        base: raw.map((r) => Math.round(r.best)),
        goal: { on: 'ratio', goal: { op: '>=', target: 0.8 }, text: 'ratio ≥ 0.8' },
        note: `steps per run: simulator ${sim.map((r) => r.tried.join(' → ')).join(' | ')}; raw ${raw.map((r) => r.tried.join(' → ')).join(' | ')}`,
      })
    );
    return rows;
  },
});
