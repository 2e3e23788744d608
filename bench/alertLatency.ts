/**
 * Alert latency, end to end: repeated drills per order-health scenario through the simulator's
 * control API, each timed from the call to the firing webhook in the alert sink (engine →
 * Prometheus scrape → rule → Alertmanager → webhook), printed as p50/p95 per scenario and alert
 * with the split at the alert's start (`startsAt`: detection before it, delivery after it).
 * Then the Prometheus CPU the fast intervals cost: the same Prometheus idle at 1 s scrape and
 * evaluation and at 5 s scrape / 15 s evaluation (the compose defaults), on the same simulator.
 *
 *   npm run bench:alerts                    10 drills per scenario
 *   npm run bench:alerts -- --drills 3      fewer
 *
 * Goal: p95 ≤ 5 s (docs/alerting.md). Numbers from a shared machine are noisy; each row says how
 * many drills it has. `npm run bench` runs this after the registered cases (not in `--smoke`: the
 * stack alone takes longer to start than a smoke case may run).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse, stringify } from 'yaml';
import { ORDER_RULES_FILE, startAlertStack, type AlertStack } from '../tests/support/alertStack';
import { startPrometheus, waitFor } from '../tests/support/prometheus';

interface DrillPlan {
  scenario: 'runaway-orders' | 'stale-market';
  /** The alerts the drill must fire, each timed. */
  alerts: string[];
  /** Alerts that must be quiet again before the next drill. */
  settle: string[];
}

export const DRILLS: DrillPlan[] = [
  {
    scenario: 'runaway-orders',
    alerts: ['MciOrderRateLimitExceeded', 'MciKillSwitchEngaged'],
    settle: ['MciOrderRateLimitExceeded', 'MciKillSwitchEngaged'],
  },
  { scenario: 'stale-market', alerts: ['MciMarketDataStale'], settle: ['MciMarketDataStale'] },
];

const FIRE_TIMEOUT_MS = 20_000;
/** The kill switch re-arms 15 s after the flood stops; the rate window is 5 s. */
const SETTLE_TIMEOUT_MS = 40_000;
/** Alertmanager sends the resolved notification within its group interval (1 s); wait a little more. */
const FLUSH_MS = 2_000;
const CPU_WINDOW_MS = 30_000;

export interface LatencyRow {
  scenario: string;
  alert: string;
  drills: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Median of drill start → the alert's startsAt (the rule's condition held). */
  detectP50Ms: number;
  /** Median of startsAt → webhook received. */
  deliverP50Ms: number;
}

export interface CpuRow {
  config: string;
  /** Prometheus CPU time per wall second, as a percentage of one core. */
  cpuPercent: number;
  seconds: number;
}

export interface AlertLatencyResult {
  latency: LatencyRow[];
  cpu: CpuRow[];
  goalP95Ms: number;
}

/** Nearest-rank percentile of a small sample. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function drill(stack: AlertStack, plan: DrillPlan, log: (message: string) => void) {
  const startedAt = await stack.startDrill(plan.scenario);
  const timings: Array<{ alert: string; totalMs: number; detectMs: number }> = [];
  try {
    for (const alert of plan.alerts) {
      const fired = await stack.waitForFiring(alert, startedAt, FIRE_TIMEOUT_MS);
      const startsAt = Date.parse(fired.alert.startsAt);
      timings.push({ alert, totalMs: fired.notification.receivedAt - startedAt, detectMs: startsAt - startedAt });
    }
  } finally {
    await stack.stopDrill(plan.scenario);
  }
  log(`${plan.scenario}: ${timings.map((t) => `${t.alert} ${t.totalMs} ms`).join(', ')}`);
  const selector = `ALERTS{alertname=~"${plan.settle.join('|')}"}`;
  await waitFor(
    `${plan.settle.join(', ')} to resolve`,
    async () => ((await stack.prometheus.query(selector)).length === 0 ? true : undefined),
    SETTLE_TIMEOUT_MS,
    500
  );
  await sleep(FLUSH_MS);
  return timings;
}

/** Prometheus's own CPU seconds, from its /metrics. */
async function prometheusCpuSeconds(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((item) => item.startsWith('process_cpu_seconds_total '));
  if (line === undefined) {
    throw new Error(`${url}/metrics has no process_cpu_seconds_total`);
  }
  return Number(line.split(' ')[1]);
}

async function cpuOver(url: string, windowMs: number): Promise<number> {
  const before = await prometheusCpuSeconds(url);
  const t0 = Date.now();
  await sleep(windowMs);
  const after = await prometheusCpuSeconds(url);
  return Math.round(((after - before) / ((Date.now() - t0) / 1000)) * 1000) / 10;
}

/** The order-health rules without their group's 1 s interval, so the global evaluation interval applies. */
function rulesAtGlobalInterval(dir: string): string {
  const rules = parse(readFileSync(ORDER_RULES_FILE, 'utf8')) as { groups: Array<Record<string, unknown>> };
  const path = join(dir, 'mci-orders.yml');
  writeFileSync(path, stringify({ groups: rules.groups.map(({ interval: _interval, ...group }) => group) }));
  return path;
}

export async function runAlertLatency(options: {
  drills: number;
  cpuWindowMs?: number;
  log: (message: string) => void;
}): Promise<AlertLatencyResult> {
  const { log } = options;
  const cpuWindowMs = options.cpuWindowMs ?? CPU_WINDOW_MS;
  const stack = await startAlertStack();
  const latency: LatencyRow[] = [];
  const cpu: CpuRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'mci-alert-bench-'));
  try {
    await waitFor(
      'the first scrape of the simulator',
      async () => ((await stack.prometheus.query('count(mci_market_tick_age_seconds)')).length > 0 ? true : undefined),
      15_000
    );
    log(`measuring Prometheus CPU at 1 s scrape and evaluation for ${cpuWindowMs / 1000} s…`);
    cpu.push({
      config: 'scrape 1 s, evaluation 1 s',
      cpuPercent: await cpuOver(stack.prometheus.url, cpuWindowMs),
      seconds: cpuWindowMs / 1000,
    });
    for (const plan of DRILLS) {
      const runs: Array<Awaited<ReturnType<typeof drill>>> = [];
      for (let i = 0; i < options.drills; i++) {
        runs.push(await drill(stack, plan, log));
      }
      for (const alert of plan.alerts) {
        const own = runs.map((timings) => timings.find((t) => t.alert === alert)!);
        const totals = own.map((t) => t.totalMs);
        latency.push({
          scenario: plan.scenario,
          alert,
          drills: own.length,
          p50Ms: percentile(totals, 50),
          p95Ms: percentile(totals, 95),
          maxMs: Math.max(...totals),
          detectP50Ms: percentile(
            own.map((t) => t.detectMs),
            50
          ),
          deliverP50Ms: percentile(
            own.map((t) => t.totalMs - t.detectMs),
            50
          ),
        });
      }
    }
    log(`measuring Prometheus CPU at 5 s scrape, 15 s evaluation for ${cpuWindowMs / 1000} s…`);
    const slow = await startPrometheus({
      targets: [{ job: 'mci-simulator', target: `127.0.0.1:${stack.simulator.port}` }],
      ruleFiles: [rulesAtGlobalInterval(dir)],
      scrapeIntervalMs: 5000,
      evaluationIntervalMs: 15_000,
    });
    try {
      // The fast Prometheus stops first, so the two do not share the measurement window.
      await stack.prometheus.stop();
      cpu.push({
        config: 'scrape 5 s, evaluation 15 s',
        cpuPercent: await cpuOver(slow.url, cpuWindowMs),
        seconds: cpuWindowMs / 1000,
      });
    } finally {
      await slow.stop();
    }
  } finally {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return { latency, cpu, goalP95Ms: 5000 };
}

export function formatAlertLatency(result: AlertLatencyResult): string {
  const lines = [
    'alert latency: drill start (control API call) → firing webhook in the alert sink',
    'scenario        alert                       drills   p50 ms   p95 ms   max ms   detect p50   deliver p50   goal p95 ≤ 5000',
  ];
  for (const row of result.latency) {
    lines.push(
      [
        row.scenario.padEnd(15),
        row.alert.padEnd(27),
        String(row.drills).padStart(6),
        String(row.p50Ms).padStart(8),
        String(row.p95Ms).padStart(8),
        String(row.maxMs).padStart(8),
        String(row.detectP50Ms).padStart(12),
        String(row.deliverP50Ms).padStart(13),
        row.p95Ms <= result.goalP95Ms ? '   met' : '   missed',
      ].join(' ')
    );
  }
  lines.push('', 'Prometheus CPU (idle simulator, % of one core)');
  for (const row of result.cpu) {
    lines.push(`${row.config.padEnd(30)} ${String(row.cpuPercent).padStart(6)} %   over ${row.seconds} s`);
  }
  return lines.join('\n');
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const index = args.indexOf('--drills');
  const drills = index >= 0 ? Number(args[index + 1]) : 10;
  if (!Number.isInteger(drills) || drills < 1 || drills > 100) {
    console.error(`bench:alerts: --drills ${args[index + 1]}: needs a whole number from 1 to 100.`);
    process.exit(1);
  }
  runAlertLatency({ drills, log: (message) => process.stderr.write(`bench:alerts: ${message}\n`) })
    .then((result) => console.log(formatAlertLatency(result)))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
