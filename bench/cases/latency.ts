/**
 * Latency: event time to receipt at ~2,000 events/s to 100 clients. Both sides play the same
 * recording (made with the order flow spread over 100 market ticks per second) at speed 1, so
 * each event leaves when due and its timestamp is its due wall-clock time: the simulator through
 * `serve --replay` (timestamps moved to its start), the baseline through the raw `ws`
 * broadcaster (each event stamped with its due time). Same receiver for both.
 */
import { startSimulator } from '../../tests/support/simulator';
import { receive, startRaw } from '../lib/procs';
import { round, type BenchRow } from '../lib/results';

export interface LatencyPlan {
  recording: string;
  clients: number;
  warmupMs: number;
  windowMs: number;
}

/** Orders and activity: the ~300–400-byte event messages of the figures. */
const CHANNELS = ['orders', 'activity'];

export async function latency(plan: LatencyPlan): Promise<BenchRow[]> {
  const sim = await startSimulator({ args: ['--replay', plan.recording, '--speed', '1'] });
  const measure = {
    clients: plan.clients,
    channels: CHANNELS,
    batchMs: 0,
    warmupMs: plan.warmupMs,
    windowMs: plan.windowMs,
    latency: true,
  };
  const server = await receive({ url: sim.wsUrl, ...measure }).finally(() => sim.stop('SIGKILL'));
  const raw = await startRaw({ file: plan.recording, speed: 1, batchMs: 0, stampNow: true });
  const base = await receive({ url: raw.wsUrl, ...measure }).finally(() => raw.stop());
  const s = server.latency!;
  const b = base.latency!;
  const perClient = (events: number, seconds: number) => Math.round(events / seconds / plan.clients);
  return (['p50Ms', 'p99Ms', 'maxMs'] as const).map((stat) => ({
    benchmark: 'latency',
    metric: `${stat.replace('Ms', '')} event→client, ${perClient(server.events, server.seconds)} events/s × ${plan.clients} clients`,
    value: s[stat],
    unit: 'ms',
    baseline: 'raw ws broadcast, same events and pace',
    baselineValue: b[stat],
    ratio: b[stat] > 0 ? round(s[stat] / b[stat]) : null,
    goal: stat === 'p99Ms' ? '≤ 10 ms' : '',
    met: stat === 'p99Ms' ? s.p99Ms <= 10 : null,
    note:
      stat === 'p99Ms'
        ? `${s.count} samples; baseline ${b.count} samples at ${perClient(base.events, base.seconds)} events/s per client`
        : undefined,
  }));
}
