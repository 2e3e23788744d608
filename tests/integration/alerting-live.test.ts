/**
 * Live alerting path: the real simulator, a real Prometheus scraping its /metrics, and the PromQL
 * of the provisioned Grafana rules evaluated through Prometheus's HTTP API, as Grafana's alert
 * engine would. In `normal` no rule crosses its threshold; `cpu-spike` makes the cpu critical rule
 * cross. Prometheus also loads the generated rules file, whose MciCpuCritical alert goes pending.
 */
import { join } from 'path';
import { findRule, grafanaAlertRules, PROVISIONING, ruleQuery, type GrafanaRule } from '../support/provisioning';
import { startPrometheus, waitFor, type RunningPrometheus, type VectorSample } from '../support/prometheus';
import { startSimulator, type RunningSimulator } from '../support/simulator';

const RULES_FILE = join(PROVISIONING, 'prometheus', 'rules', 'mci-alerts.yml');
const CROSS_TIMEOUT_MS = 30_000;
/** The engine's health cadence (5 s) + the heartbeat limit (30 s) + scrapes: the stall shows within this. */
const STALE_TIMEOUT_MS = 50_000;

/**
 * Each alerting scenario and the provisioned rule it must make cross, for which service
 * (simulator/engine/scenarios.ts: each drives one service metric past one threshold).
 */
const SCENARIO_RULES: Array<[scenario: string, metric: string, severity: string, service: string]> = [
  ['volatile-market', 'cpu', 'warning', 'queue'],
  ['flash-crash', 'latency', 'critical', 'queue'],
  ['latency-storm', 'latency', 'critical', 'api'],
  ['error-burst', 'error_rate', 'critical', 'database'],
  ['memory-leak', 'memory', 'warning', 'api'],
  ['order-rejections', 'error_rate', 'warning', 'api'],
  ['engine-stall', 'throughput', 'critical', 'queue'],
];

/** The series of a rule's query that are beyond its threshold, as Grafana's threshold step decides. */
export async function breaching(prometheus: RunningPrometheus, rule: GrafanaRule): Promise<VectorSample[]> {
  const { expr, comparison, threshold } = ruleQuery(rule);
  const samples = await prometheus.query(expr);
  return samples.filter((sample) => (comparison === 'gt' ? sample.value > threshold : sample.value < threshold));
}

describe('provisioned alert rules against the live simulator through Prometheus', () => {
  let simulator: RunningSimulator;
  let prometheus: RunningPrometheus;

  async function control(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<number> {
    const response = await fetch(`${simulator.httpUrl}/api/sim/scenarios${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    await response.arrayBuffer();
    return response.status;
  }

  async function waitUntilQuiet(rule: GrafanaRule): Promise<void> {
    await waitFor(
      `rule ${rule.uid} to be quiet again`,
      async () => ((await breaching(prometheus, rule)).length === 0 ? true : undefined),
      CROSS_TIMEOUT_MS
    );
  }

  beforeAll(async () => {
    simulator = await startSimulator({ args: ['--seed', '42'] });
    prometheus = await startPrometheus({
      targets: [{ job: 'mci-simulator', target: `127.0.0.1:${simulator.port}` }],
      ruleFiles: [RULES_FILE],
    });
    // Two scrapes of every service series, so instant queries see them.
    await waitFor(
      'Prometheus to scrape the simulator',
      async () =>
        (await prometheus.query('count(count_over_time(mci_service_cpu_ratio[1m]) >= 2)'))[0]?.value === 5
          ? true
          : undefined,
      20_000
    );
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await simulator?.stop();
  }, 30_000);

  it('finds every metric the rules query on the simulator', async () => {
    for (const rule of grafanaAlertRules()) {
      const samples = await prometheus.query(ruleQuery(rule).expr);
      expect({ rule: rule.uid, series: samples.length > 0 }).toEqual({ rule: rule.uid, series: true });
    }
    const cpu = await prometheus.query(ruleQuery(findRule('cpu', 'critical')).expr);
    expect(cpu.map((sample) => sample.metric.service).sort()).toEqual([
      'api',
      'auth',
      'cache',
      'database',
      'engine',
      'queue',
    ]);
  });

  it('stays quiet in the normal scenario: no provisioned rule crosses its threshold', async () => {
    for (const rule of grafanaAlertRules()) {
      expect({ rule: rule.uid, breaching: await breaching(prometheus, rule) }).toEqual({
        rule: rule.uid,
        breaching: [],
      });
    }
  });

  it('the cpu critical rule crosses its threshold once cpu-spike runs, for api and the engine, and resolves', async () => {
    const rule = findRule('cpu', 'critical');
    expect(await control('POST', '', { name: 'cpu-spike', offset: '0s', duration: '2m' })).toBe(201);
    const crossed = await waitFor(
      'the cpu critical rule to cross for api and engine',
      async () => {
        const samples = await breaching(prometheus, rule);
        const services = samples.map((sample) => sample.metric.service).sort();
        return services.includes('api') && services.includes('engine') ? samples : undefined;
      },
      CROSS_TIMEOUT_MS
    );
    expect(crossed.every((sample) => sample.value > ruleQuery(rule).threshold)).toBe(true);
    // The Prometheus rules file says the same: MciCpuCritical is pending (its `for` has not elapsed).
    const pending = await waitFor(
      'MciCpuCritical to be pending in Prometheus',
      async () => {
        const alerts = await prometheus.query('ALERTS{alertname="MciCpuCritical", service="api"}');
        return alerts.length > 0 ? alerts : undefined;
      },
      10_000
    );
    expect(pending[0].metric).toMatchObject({ severity: 'critical', metric: 'cpu', job: 'mci-simulator' });
    expect(await control('DELETE', '/cpu-spike')).toBe(200);
    await waitUntilQuiet(rule);
  }, 60_000);

  it.each(SCENARIO_RULES)(
    '%s makes the %s %s rule cross for %s, and it resolves when the scenario stops',
    async (scenario, metric, severity, service) => {
      const rule = findRule(metric, severity);
      // A short leak, so memory-leak reaches its level within seconds.
      expect(
        await control('POST', '', { name: scenario, offset: '0s', duration: scenario === 'memory-leak' ? '10s' : '2m' })
      ).toBe(201);
      await waitFor(
        `${rule.uid} to cross for ${service} under ${scenario}`,
        async () =>
          (await breaching(prometheus, rule)).some((sample) => sample.metric.service === service) ? true : undefined,
        CROSS_TIMEOUT_MS
      );
      expect(await control('DELETE', `/${scenario}`)).toBe(200);
      await waitUntilQuiet(rule);
    },
    2 * CROSS_TIMEOUT_MS + 5_000
  );

  it(
    'the heartbeat rule crosses when the engine stalls for longer than 30 s',
    async () => {
      const rule = findRule('heartbeat', 'critical');
      expect(await breaching(prometheus, rule)).toEqual([]);
      expect(await control('POST', '', { name: 'engine-stall', offset: '0s', duration: '2m' })).toBe(201);
      const stale = await waitFor(
        'the heartbeat to be older than 30 s',
        async () => {
          const samples = await breaching(prometheus, rule);
          return samples.length > 0 ? samples : undefined;
        },
        STALE_TIMEOUT_MS,
        1000
      );
      expect(stale[0].value).toBeGreaterThan(30);
      expect(await control('DELETE', '/engine-stall')).toBe(200);
      await waitUntilQuiet(rule);
    },
    STALE_TIMEOUT_MS + CROSS_TIMEOUT_MS + 5_000
  );
});
