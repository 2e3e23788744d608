/**
 * One load process: opens `clients` sessions along a linear ramp, replaces `churn` of them per
 * second, reports an interval every second and, after `duration` (ramp included, as k6 counts
 * it), closes everything and returns the measurements. Several of these run as workers
 * (`runWorkers`) to use every core.
 */
import { hostname } from 'os';
import { LoadSession, type CreateClient } from './LoadSession';
import { LoadStats, type IntervalStats } from './LoadStats';
import type { LoadOptions } from './loadOptions';
import type { LoadSource, Measurements } from './report';

export type LoadPlan = Pick<
  LoadOptions,
  | 'url'
  | 'urls'
  | 'apiKey'
  | 'clients'
  | 'rampMs'
  | 'durationMs'
  | 'channels'
  | 'churnPerSecond'
  | 'batchMs'
  | 'validate'
>;

export interface Tick {
  elapsedMs: number;
  interval: IntervalStats;
  stats: LoadStats;
}

export interface RunLoadDeps {
  createClient: CreateClient;
  onTick?: (tick: Tick) => void;
  /** Ends the run early (Ctrl-C): the measurements so far are still returned. */
  signal?: AbortSignal;
  random?: () => number;
}

const CHURN_STEP_MS = 100;

export function sourceOf(plan: LoadPlan, workers: number, startedAt: number, endedAt: number): LoadSource {
  return {
    host: hostname(),
    url: plan.url,
    clients: plan.clients,
    workers,
    channels: plan.channels,
    batchMs: plan.batchMs,
    validate: plan.validate,
    churnPerSecond: plan.churnPerSecond,
    rampMs: plan.rampMs,
    durationMs: plan.durationMs,
    startedAt,
    endedAt,
  };
}

export function runLoad(plan: LoadPlan, deps: RunLoadDeps): Promise<{ stats: LoadStats; measurements: Measurements }> {
  const stats = new LoadStats();
  const random = deps.random ?? Math.random;
  const sessions: LoadSession[] = [];
  const timers: NodeJS.Timeout[] = [];
  const startedAt = Date.now();
  const urls = plan.urls ?? [plan.url];
  let opened = 0;
  const open = () =>
    sessions.push(
      new LoadSession({
        url: urls[opened++ % urls.length],
        urls,
        apiKey: plan.apiKey,
        channels: plan.channels,
        batchMs: plan.batchMs,
        validate: plan.validate,
        stats,
        createClient: deps.createClient,
      })
    );

  for (let i = 0; i < plan.clients; i += 1) {
    const at = plan.clients === 1 ? 0 : Math.floor((i * plan.rampMs) / plan.clients);
    if (at === 0) {
      open();
    } else {
      timers.push(setTimeout(open, at));
    }
  }

  let churnDue = 0;
  const churn = setInterval(() => {
    churnDue += (plan.churnPerSecond * CHURN_STEP_MS) / 1000;
    while (churnDue >= 1 && sessions.length > 0) {
      churnDue -= 1;
      const index = Math.floor(random() * sessions.length);
      sessions[index].close();
      sessions.splice(index, 1);
      stats.totals.churned += 1;
      open();
    }
  }, CHURN_STEP_MS);

  const ticker = setInterval(() => {
    const at = Date.now();
    deps.onTick?.({ elapsedMs: at - startedAt, interval: stats.takeInterval(at), stats });
  }, 1000);

  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(end);
      deps.signal?.removeEventListener('abort', finish);
      timers.forEach(clearTimeout);
      clearInterval(churn);
      clearInterval(ticker);
      const endedAt = Date.now();
      sessions.forEach((session) => session.close());
      resolve({ stats, measurements: stats.measurements([sourceOf(plan, 1, startedAt, endedAt)], startedAt, endedAt) });
    };
    const end = setTimeout(finish, plan.durationMs);
    if (deps.signal?.aborted) {
      finish();
    } else {
      deps.signal?.addEventListener('abort', finish, { once: true });
    }
  });
}
