/**
 * The alerting path end to end, with real processes: a stale-market drill started through the
 * simulator's control API is scraped by Prometheus, fires the MciMarketDataStale rule, goes
 * through Alertmanager and arrives as a webhook in the simulator's alert sink, with the link to
 * the dashboard filtered on the stale symbol; a runaway-orders drill arrives as the rate-limit
 * alert and then the kill switch. The time it takes is printed, not asserted
 * (`npm run bench:alerts` measures it over repeated drills).
 */
import { startAlertStack, type AlertStack } from '../support/alertStack';
import { waitFor } from '../support/prometheus';

/** Bounds, not goals: the goal (5 s) is the benchmark's business; these only keep the test finite. */
const FIRE_TIMEOUT_MS = 25_000;

describe('alert latency path: engine → Prometheus → Alertmanager → alert sink', () => {
  let stack: AlertStack;

  beforeAll(async () => {
    stack = await startAlertStack();
    // The rule group has evaluated at least once with data: every symbol's tick age is known.
    await waitFor(
      'Prometheus to scrape the tick ages',
      async () =>
        ((await stack.prometheus.query('count(mci_market_tick_age_seconds)'))[0]?.value ?? 0) > 0 || undefined,
      15_000
    );
  }, 45_000);

  afterAll(async () => {
    await stack?.stop();
  }, 20_000);

  it('a stale-market drill reaches the alert sink as a firing MciMarketDataStale with a dashboard link for the symbol', async () => {
    const symbols = (await (await fetch(`${stack.simulator.httpUrl}/api/telemetry/market`)).json()) as Array<{
      symbol: string;
    }>;
    const stale = symbols.slice(0, Math.ceil(symbols.length / 4)).map((item) => item.symbol);
    const startedAt = await stack.startDrill('stale-market', '1m');
    const { notification, alert } = await stack.waitForFiring('MciMarketDataStale', startedAt, FIRE_TIMEOUT_MS);
    console.log(
      `stale-market drill → webhook in ${notification.receivedAt - startedAt} ms (one drill; noisy on a shared machine)`
    );
    expect(stale).toContain(alert.labels.symbol);
    expect(alert.labels).toMatchObject({ severity: 'critical', metric: 'market_stale', job: 'mci-simulator' });
    expect(alert.annotations.dashboard).toBe(
      `/d/mci-telemetry/mci-telemetry?orgId=1&var-symbol=${encodeURIComponent(alert.labels.symbol)}`
    );
    expect(alert.annotations.__dashboardUid__).toBe('mci-telemetry');
    await stack.stopDrill('stale-market');
  }, 40_000);

  it('a runaway-orders drill reaches the alert sink as the rate-limit alert, then the kill switch', async () => {
    const startedAt = await stack.startDrill('runaway-orders', '1m');
    const rate = await stack.waitForFiring('MciOrderRateLimitExceeded', startedAt, FIRE_TIMEOUT_MS);
    const killSwitch = await stack.waitForFiring('MciKillSwitchEngaged', startedAt, FIRE_TIMEOUT_MS);
    console.log(
      `runaway-orders drill → rate limit webhook in ${rate.notification.receivedAt - startedAt} ms, kill switch in ${killSwitch.notification.receivedAt - startedAt} ms`
    );
    expect(rate.alert.labels).toMatchObject({ severity: 'critical', metric: 'order_rate' });
    expect(killSwitch.alert.labels).toMatchObject({ severity: 'critical', metric: 'trading_halted', state: 'halted' });
    expect(killSwitch.alert.annotations).toMatchObject({ __dashboardUid__: 'mci-telemetry', __panelId__: '155' });
    await stack.stopDrill('runaway-orders');
  }, 40_000);
});
