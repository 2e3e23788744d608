/**
 * Fan-out: events delivered per second by `mci-sim serve --replay` to 100 clients vs a raw `ws`
 * broadcast of the same recorded events (same bytes, same pace), unbatched and with 10 ms
 * batches. The offered load is above what either can deliver on this machine, so both run at
 * their ceiling; the same receiver process counts for both.
 */
import { startSimulator } from '../../tests/support/simulator';
import { cpuSeconds, receive, startRaw, sleep } from '../lib/procs';
import { round, type BenchRow } from '../lib/results';

export interface FanoutPlan {
  recording: string;
  /** Replay speed: offered events/s = the recording's rate × speed (batched runs offer 2× more). */
  speed: number;
  /** Events per second in the recording at speed 1. */
  recordedRate: number;
  clients: number;
  warmupMs: number;
  windowMs: number;
}

const CHANNELS = ['positions', 'orders', 'account', 'health', 'market', 'activity', 'services'];

async function measure(
  start: () => Promise<{ wsUrl: string; pid: number; stop: () => Promise<unknown> }>,
  plan: FanoutPlan,
  batchMs: number
) {
  const server = await start();
  try {
    const receiving = receive({
      url: server.wsUrl,
      clients: plan.clients,
      channels: CHANNELS,
      batchMs,
      warmupMs: plan.warmupMs,
      windowMs: plan.windowMs,
      latency: false,
    });
    await sleep(plan.warmupMs);
    const cpuBefore = cpuSeconds(server.pid);
    const result = await receiving;
    const cpu = cpuSeconds(server.pid) - cpuBefore;
    return {
      perSecond: result.events / result.seconds,
      cpuPerMillion: (cpu / Math.max(1, result.events)) * 1e6,
      result,
    };
  } finally {
    await server.stop();
  }
}

export async function fanout(plan: FanoutPlan): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const batchMs of [0, 10]) {
    const speed = batchMs === 0 ? plan.speed : plan.speed * 2;
    const offered = plan.recordedRate * speed * plan.clients;
    const sim = await measure(
      async () => {
        const s = await startSimulator({
          args: [
            '--replay',
            plan.recording,
            '--speed',
            String(speed),
            // Saturated on purpose: a deep queue instead of closing the slow clients (4004).
            '--max-queued-events',
            '1000000',
          ],
        });
        // SIGKILL: a graceful close of 100 clients is not what is measured, and it costs seconds.
        return { wsUrl: s.wsUrl, pid: s.process.pid!, stop: () => s.stop('SIGKILL') };
      },
      plan,
      batchMs
    );
    const raw = await measure(() => startRaw({ file: plan.recording, speed, batchMs, stampNow: false }), plan, batchMs);
    const ratio = sim.perSecond / raw.perSecond;
    const mode = batchMs === 0 ? 'unbatched' : `batched ${batchMs} ms`;
    rows.push({
      benchmark: `fan-out, ${mode}`,
      metric: `events delivered/s to ${plan.clients} clients`,
      value: Math.round(sim.perSecond),
      unit: '/s',
      baseline: 'raw ws broadcast, same events',
      baselineValue: Math.round(raw.perSecond),
      ratio: round(ratio),
      goal: '≥ 0.8× raw',
      met: ratio >= 0.8,
      note: `offered ${Math.round(offered)}/s; server CPU ${round(sim.cpuPerMillion)} s per 10^6 delivered vs raw ${round(raw.cpuPerMillion)} s; frames ${sim.result.frames} vs ${raw.result.frames}; closes ${JSON.stringify(sim.result.closes)}`,
    });
  }
  return rows;
}
