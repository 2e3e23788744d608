/**
 * The bridge end to end: `mci-sim bridge` connects to the real simulator (with an API key),
 * exposes the same Prometheus metrics, a real Prometheus scrapes the bridge, and the PromQL of
 * the provisioned Grafana cpu critical rule crosses once cpu-spike runs. The bridge reconnects
 * when the server restarts and exports its connection state.
 */
import { findRule, grafanaAlertRules, ruleQuery } from '../support/provisioning';
import { startPrometheus, waitFor, type RunningPrometheus } from '../support/prometheus';
import { startBridge, type RunningBridge } from '../support/bridge';
import { startSimulator, type RunningSimulator } from '../support/simulator';

const API_KEY = 'bridge-test-key-0123456789';
/** Scenarios are control calls: the telemetry key the bridge uses cannot start them. */
const CONTROL_KEY = 'bridge-test-control-key-01';
const SIMULATOR_ARGS = ['--api-key', API_KEY, '--control-key', CONTROL_KEY];
const CROSS_TIMEOUT_MS = 30_000;
/** Reconnect backoff starts at 1 s; the restarted server needs a few seconds to be ready. */
const RECONNECT_TIMEOUT_MS = 30_000;

async function metrics(bridge: RunningBridge): Promise<Map<string, number>> {
  const text = await (await fetch(`${bridge.httpUrl}/metrics`)).text();
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(mci_[a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match) {
      values.set(match[1], Number(match[2]));
    }
  }
  return values;
}

describe('mci-sim bridge against the live simulator', () => {
  let simulator: RunningSimulator;
  let bridge: RunningBridge;
  let prometheus: RunningPrometheus;

  beforeAll(async () => {
    simulator = await startSimulator({ args: SIMULATOR_ARGS });
    // The key comes from the environment, as the docs recommend (not on the command line).
    bridge = await startBridge(['--url', simulator.wsUrl], { MCI_BRIDGE_API_KEY: API_KEY });
    await waitFor(
      'the bridge to be ready',
      async () => ((await fetch(`${bridge.httpUrl}/readyz`)).status === 200 ? true : undefined),
      20_000
    );
    prometheus = await startPrometheus({ targets: [{ job: 'mci-bridge', target: `127.0.0.1:${bridge.port}` }] });
    await waitFor(
      'Prometheus to scrape the bridge twice',
      async () =>
        (await prometheus.query('count(count_over_time(mci_service_cpu_ratio[1m]) >= 2)'))[0]?.value === 5
          ? true
          : undefined,
      30_000
    );
  }, 90_000);

  afterAll(async () => {
    await prometheus?.stop();
    await bridge?.stop();
    await simulator?.stop();
  }, 30_000);

  it('exposes the same telemetry metrics as the simulator, plus its connection state', async () => {
    const ownText = await (
      await fetch(`${simulator.httpUrl}/metrics`, { headers: { authorization: `Bearer ${API_KEY}` } })
    ).text();
    const simulatorNames = new Set(
      [...ownText.matchAll(/^# TYPE (mci_(?:engine|service|account|positions|orders|alerts)_?\S*) /gm)].map(
        (match) => match[1]
      )
    );
    const bridgeText = await (await fetch(`${bridge.httpUrl}/metrics`)).text();
    const bridgeNames = new Set([...bridgeText.matchAll(/^# TYPE (mci_\S+) /gm)].map((match) => match[1]));
    expect(simulatorNames.size).toBeGreaterThan(10);
    expect([...simulatorNames].filter((name) => !bridgeNames.has(name))).toEqual([]);
    const values = await metrics(bridge);
    expect(values.get('mci_bridge_connection_state{state="streaming"}')).toBe(1);
    expect(values.get('mci_bridge_reconnects_total')).toBe(0);
    expect(values.get('mci_engine_last_heartbeat_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 60);
  });

  it('every provisioned rule finds its series through the bridge, and none crosses in normal', async () => {
    for (const rule of grafanaAlertRules()) {
      const { expr, comparison, threshold } = ruleQuery(rule);
      const samples = await prometheus.query(expr);
      expect({ rule: rule.uid, series: samples.length > 0 }).toEqual({ rule: rule.uid, series: true });
      const crossing = samples.filter((sample) =>
        comparison === 'gt' ? sample.value > threshold : sample.value < threshold
      );
      expect({ rule: rule.uid, crossing }).toEqual({ rule: rule.uid, crossing: [] });
    }
  });

  it('the cpu critical rule crosses through the bridge once cpu-spike runs on the server', async () => {
    const { expr, threshold } = ruleQuery(findRule('cpu', 'critical'));
    const response = await fetch(`${simulator.httpUrl}/api/sim/scenarios`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${CONTROL_KEY}` },
      body: JSON.stringify({ scenario: 'cpu-spike@0s/2m' }),
    });
    expect(response.status).toBe(201);
    const crossing = await waitFor(
      'the cpu critical rule to cross for api and engine via the bridge',
      async () => {
        const samples = (await prometheus.query(expr)).filter((sample) => sample.value > threshold);
        const services = samples.map((sample) => sample.metric.service);
        return services.includes('api') && services.includes('engine') ? samples : undefined;
      },
      CROSS_TIMEOUT_MS
    );
    expect(crossing.every((sample) => sample.metric.job === 'mci-bridge')).toBe(true);
  }, 60_000);

  it('reconnects when the server restarts, counting the reconnect and exporting the state meanwhile', async () => {
    const port = simulator.port;
    await simulator.stop();
    await waitFor(
      'the bridge to report it is reconnecting',
      async () =>
        (await metrics(bridge)).get('mci_bridge_connection_state{state="reconnecting"}') === 1 ? true : undefined,
      10_000
    );
    expect((await fetch(`${bridge.httpUrl}/readyz`)).status).toBe(503);
    expect((await metrics(bridge)).get('mci_bridge_reconnects_total')).toBeGreaterThanOrEqual(1);

    simulator = await startSimulator({ args: SIMULATOR_ARGS, port });
    await waitFor(
      'the bridge to stream again',
      async () => ((await fetch(`${bridge.httpUrl}/readyz`)).status === 200 ? true : undefined),
      RECONNECT_TIMEOUT_MS
    );
    const values = await metrics(bridge);
    expect(
      values.get('mci_bridge_connection_state{state="streaming"}') ??
        values.get('mci_bridge_connection_state{state="subscribed"}')
    ).toBe(1);
    expect(values.get('mci_bridge_connection_state{state="reconnecting"}')).toBe(0);
  }, 60_000);
});
