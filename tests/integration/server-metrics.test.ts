/**
 * `/metrics` through the CLI: Prometheus text that `promtool check metrics` accepts, every name of
 * the shared contract present, and an injected `cpu-spike` scenario visible in the engine gauges.
 */
import { spawnSync } from 'child_process';
import { startSimulator, type RunningSimulator } from '../support/simulator';

jest.setTimeout(60_000);

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ args: ['--speed', '20'] });
});

afterAll(async () => {
  await sim.stop();
});

const scrape = async () => (await fetch(`${sim.httpUrl}/metrics`)).text();

function sample(text: string, name: string, labels = ''): number | undefined {
  const escaped = `${name}${labels}`.replace(/[{}"=|]/g, (c) => `\\${c}`);
  const match = new RegExp(`^${escaped} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

const CONTRACT = [
  'mci_engine_cpu_ratio',
  'mci_engine_memory_ratio',
  'mci_engine_latency_seconds',
  'mci_engine_uptime_seconds',
  'mci_engine_last_heartbeat_timestamp_seconds',
  'mci_engine_status{status="healthy"}',
  'mci_engine_status{status="degraded"}',
  'mci_engine_status{status="critical"}',
  ...['auth', 'api', 'database', 'cache', 'queue'].flatMap((service) =>
    [
      'mci_service_latency_seconds',
      'mci_service_throughput_requests_per_second',
      'mci_service_error_ratio',
      'mci_service_cpu_ratio',
      'mci_service_memory_ratio',
    ].map((name) => `${name}{service="${service}"}`)
  ),
  'mci_alerts_active{severity="warning"}',
  'mci_alerts_active{severity="critical"}',
  'mci_account_equity',
  'mci_account_cash',
  'mci_account_day_pnl',
  'mci_account_total_pnl',
  'mci_account_day_pnl_ratio',
  'mci_account_total_pnl_ratio',
  'mci_positions_open',
  'mci_orders_open',
  'mci_ws_clients_connected',
  'mci_ws_messages_sent_total{channel="orders"}',
  'mci_ws_messages_dropped_total{channel="market"}',
  'mci_ws_slow_consumers_closed_total',
  'mci_alert_notifications_received_total',
];

it('passes promtool check metrics and exposes every contract series', async () => {
  const text = await scrape();
  const promtool = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  expect(promtool.error).toBeUndefined();
  expect({ status: promtool.status, output: promtool.stdout + promtool.stderr }).toEqual({ status: 0, output: '' });
  const missing = CONTRACT.filter((series) => {
    const brace = series.indexOf('{');
    return brace === -1
      ? sample(text, series) === undefined
      : sample(text, series.slice(0, brace), series.slice(brace)) === undefined;
  });
  expect(missing).toEqual([]);
  const ratio = sample(text, 'mci_engine_cpu_ratio')!;
  expect(ratio).toBeGreaterThanOrEqual(0);
  expect(ratio).toBeLessThanOrEqual(1);
  expect(Math.abs(sample(text, 'mci_engine_last_heartbeat_timestamp_seconds')! - Date.now() / 1000)).toBeLessThan(3600);
});

it('reflects an injected cpu-spike in the engine cpu ratio', async () => {
  const before = sample(await scrape(), 'mci_engine_cpu_ratio')!;
  expect(before).toBeLessThan(0.8);
  const response = await fetch(`${sim.httpUrl}/api/sim/scenarios`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'cpu-spike', offset: '0s', duration: '10m' }),
  });
  expect(response.status).toBe(201);
  let cpu = before;
  for (let attempt = 0; attempt < 200 && cpu <= 0.8; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    cpu = sample(await scrape(), 'mci_engine_cpu_ratio')!;
  }
  expect(cpu).toBeGreaterThan(0.8);
  const text = await scrape();
  const promtool = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  expect(promtool.status).toBe(0);
});
