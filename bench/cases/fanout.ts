/**
 * Fan-out: `mci-sim serve --replay` against the raw `ws` broadcaster (bench/lib/rawBroadcaster.ts)
 * playing the same recording to clients subscribed to every channel, measured two ways, each
 * side's runs interleaved with the other's:
 *
 * 1. server CPU per delivered event at a fixed offered load below both ceilings, unbatched and
 *    with 10 ms batches, on the steady part of a recording (the note says how much of the load
 *    offered in its window, by the server's schedule, each side delivered);
 * 2. the highest delivered rate at which p99 latency (event timestamp → receipt) stays under
 *    50 ms, found by stepping the number of clients up at speed 1 on one server per run, then
 *    bisecting between the last step that held and the first that failed.
 *
 * The same receivers (bench/lib/receiver.ts) count for both sides, so both pay the same
 * client-side cost; on a small machine they share the cores with the server they measure. The
 * fixed load's 100 clients fit in one receiver; the stepping's are spread over one per core but
 * one.
 */
import { mkdtempSync } from 'fs';
import { availableParallelism } from 'os';
import { join } from 'path';
import { defineCase } from '../lib/benchCase';
import { cpuSeconds, receive } from '../lib/procs';
import { receiveSpread } from '../lib/receivers';
import { evenRecording, recordedRate, recordedSchedule, steadyRecording } from '../lib/recordings';
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
 * The stepping's clients are spread over one receiver per core but one, the core left to the
 * server: one receiver, a single thread, took a whole core from 362 clients on, so with more
 * cores than two it alone would set every ceiling. On two cores that is one receiver: two, sharing
 * both cores with the server, read no higher ceilings and made its p99 jumpier (`docs/load.md`).
 */
const RECEIVER_PROCESSES = Math.max(1, availableParallelism() - 1);
/** After a failed step: up to `probes` windows of a few clients, a pause before each, until one is on schedule. */
const RECOVERY = {
  probes: 10,
  pauseMs: 1000,
  clients: 4,
  warmupMs: 300,
  windowMs: 1000,
  /** A probe's p99 that counts as on schedule: what a few clients see from a server that keeps up. */
  onScheduleP99Ms: 20,
};
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
   * From the clients' subscriptions to the counting window. Seconds, not less: after the clients
   * connect, V8 is still optimising the simulator's per-event code (publish, encode, history,
   * store, metrics) on its worker threads, and with 10 ms batches for longer than without, as each
   * per-event function is called less often: `bench/fanoutProfile.ts --batch-ms 10 --node-arg
   * --trace-opt --window-log FILE` counted 55 compiles taking 107 ms of worker time in a 5 s window
   * after 4 s of warm-up (0.38 µs per delivery), 4 taking 3 ms after 8 s and 10 taking 17 ms after
   * 12 s; the raw baseline's window after 4 s held 5 taking 14 ms. That is start-up, which this
   * case leaves out, not the cost of a delivery.
   */
  warmupMs: number;
  windowMs: number;
  /** Stepping: client counts tried in order at speed 1 until a step fails. */
  steps: number[];
  stepWarmupMs: number;
  stepWindowMs: number;
  /** Steps halving the gap between the last rung that held and the first that failed. */
  bisections: number;
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
 * Delivered events/s of the most clients that held p99 under the limit (0 when the first step
 * failed): the ladder's steps in order until one fails, then `bisections` more steps halving the
 * gap between the last that held and the first that failed. The ladder alone reads a ceiling to
 * its rung: with √2 rungs, two servers whose ceilings lie between the same two rungs read 1× or
 * 0.71× by chance, a ratio that flipped between runs.
 *
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
  /** `clients` for one window: whether they held p99 under the limit and took what their schedule offered. */
  const measure = async (clients: number, warmupMs: number, windowMs: number) => {
    const result = await receiveSpread(
      {
        url: server.wsUrl,
        clients,
        channels: CHANNELS,
        batchMs: 0,
        warmupMs,
        windowMs,
        latency: true,
        minEvents: size.minEvents,
        maxWindowMs: 20_000,
      },
      RECEIVER_PROCESSES
    );
    const delivered = result.events / result.seconds;
    // Against what this window's schedule offered, not the recording's average.
    const replay = { start: server.replayStart, speed: 1 };
    const offered = scheduledRate(schedule, replay, result.windowFrom, result.windowTo) * clients;
    const p99 = result.latency && result.latency.count > 0 ? result.latency.p99Ms : Number.POSITIVE_INFINITY;
    // The receiver ends its sockets with terminate() (1006); any other close came from the server.
    const closed = Object.entries(result.closes).filter(([code]) => code !== '1006').length;
    const held = p99 < P99_LIMIT_MS && delivered >= MIN_DELIVERED_SHARE * offered && closed === 0;
    return { held, delivered, p99 };
  };
  /**
   * After a failed step, the next one (if any) starts when a few clients see the server on its
   * schedule again: a server that fell behind sends its late events stamped with their due times,
   * and the next step would measure that lag. In the runs so far the first probe, a second after
   * the failure, found the server on schedule.
   */
  const recover = async () => {
    const started = Date.now();
    for (let probe = 1; probe <= RECOVERY.probes; probe++) {
      await new Promise((settled) => setTimeout(settled, RECOVERY.pauseMs));
      const check = await measure(RECOVERY.clients, RECOVERY.warmupMs, RECOVERY.windowMs);
      if (check.held && check.p99 < RECOVERY.onScheduleP99Ms) {
        tried.push(`(on schedule after ${round((Date.now() - started) / 1000, 1)} s)`);
        return;
      }
    }
    tried.push(`(still behind after ${round((Date.now() - started) / 1000, 1)} s)`);
  };
  let lastFailed = false;
  const step = async (clients: number) => {
    if (lastFailed) {
      await recover();
    }
    const result = await measure(clients, size.stepWarmupMs, size.stepWindowMs);
    tried.push(`${clients}c p99 ${round(result.p99, 1)}ms${result.held ? '' : ' ✗'}`);
    lastFailed = !result.held;
    return result;
  };
  let best = 0;
  try {
    let held = 0;
    let failed = 0;
    for (const clients of size.steps) {
      const result = await step(clients);
      if (!result.held) {
        failed = clients;
        break;
      }
      held = clients;
      best = result.delivered;
    }
    for (let i = 0; i < size.bisections && held > 0 && failed - held > 1; i++) {
      const clients = Math.round((held + failed) / 2);
      const result = await step(clients);
      if (result.held) {
        held = clients;
        best = result.delivered;
      } else {
        failed = clients;
      }
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
      bisections: 0,
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
      bisections: 2,
      minEvents: 0,
    },
    full: {
      fixedRecordingSeconds: 60,
      openingSeconds: 20,
      // Long enough for the ladder, its halvings and their probes, each with a receiver start.
      recordingSeconds: 180,
      clients: 100,
      speed: 0.5,
      warmupMs: 10_000,
      windowMs: 5000,
      // Up to 1,024: on the evenly paced recording both sides held p99 near 20–45 ms at 512
      // clients on a quiet machine, so a ladder ending there measured its top rung, not either
      // server's ceiling.
      steps: [4, 6, 8, 11, 16, 23, 32, 45, 64, 91, 128, 181, 256, 362, 512, 724, 1024],
      stepWarmupMs: 500,
      stepWindowMs: 2500,
      // Three halvings of a √2 rung: the ceiling to within about 5 %.
      bisections: 3,
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
    // Evenly paced: each step carries the same load wherever in the replay it falls.
    const file = await evenRecording(tmp, size.recordingSeconds, size.openingSeconds);
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
        metric: `highest delivered events/s with p99 < ${P99_LIMIT_MS} ms (${Math.round(rate)} events/s per client, clients stepped ${size.steps.join(', ')}, then ${size.bisections} halvings of the gap where p99 crossed)`,
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
