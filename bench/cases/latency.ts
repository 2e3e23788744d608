/**
 * Latency: event time to receipt at ~2,000 events/s to 100 clients. The simulator runs live at
 * `--speed 1` (event timestamps are wall-clock times, the driver wakes when each is due) with a
 * steady order flow; the baseline is the raw `ws` broadcaster playing a recording made with the
 * same flow at speed 1, each event stamped with its due time. Same receiver for both.
 */
import { startSimulator } from '../../tests/support/simulator';
import { receive, startRaw } from '../lib/procs';
import { round, type BenchRow } from '../lib/results';

export interface LatencyPlan {
  /** A recording made with `--orders-per-second ordersPerSecond` (the baseline's events). */
  recording: string;
  ordersPerSecond: number;
  /** Market ticks per second: the engine places the order flow at each tick. */
  ticksPerSecond: number;
  clients: number;
  warmupMs: number;
  windowMs: number;
}

const CHANNELS = ['orders', 'activity', 'market', 'positions'];

export async function latency(plan: LatencyPlan): Promise<BenchRow[]> {
  const sim = await startSimulator({
    args: [
      '--orders-per-second',
      String(plan.ordersPerSecond),
      '--market-ticks-per-second',
      String(plan.ticksPerSecond),
      '--speed',
      '1',
    ],
  });
  const server = await receive({
    url: sim.wsUrl,
    clients: plan.clients,
    channels: CHANNELS,
    batchMs: 0,
    warmupMs: plan.warmupMs,
    windowMs: plan.windowMs,
    latency: true,
  }).finally(() => sim.stop());
  const raw = await startRaw({ file: plan.recording, speed: 1, batchMs: 0, stampNow: true });
  const base = await receive({
    url: raw.wsUrl,
    clients: plan.clients,
    channels: CHANNELS,
    batchMs: 0,
    warmupMs: plan.warmupMs,
    windowMs: plan.windowMs,
    latency: true,
  }).finally(() => raw.stop());
  const s = server.latency!;
  const b = base.latency!;
  const eventsPerSecond = server.events / server.seconds / plan.clients;
  return (['p50Ms', 'p99Ms', 'maxMs'] as const).map((stat) => ({
    benchmark: 'latency',
    metric: `${stat.replace('Ms', '')} event→client, ${Math.round(eventsPerSecond)} events/s × ${plan.clients} clients`,
    value: s[stat],
    unit: 'ms',
    baseline: 'raw ws broadcast, same pace',
    baselineValue: b[stat],
    ratio: b[stat] > 0 ? round(s[stat] / b[stat]) : null,
    goal: stat === 'p99Ms' ? '≤ 10 ms' : '',
    met: stat === 'p99Ms' ? s.p99Ms <= 10 : null,
    note:
      stat === 'p99Ms'
        ? `${s.count} samples (baseline ${b.count}, ${Math.round(base.events / base.seconds / plan.clients)} events/s)`
        : undefined,
  }));
}
