/**
 * The app's ops pages and the panels' accessibility in the browser test bed: the built plugins in
 * Chromium against the real simulator started with credentials, the data source reaching it
 * through the host's proxy routes (telemetry key and control key injected server-side), and a real
 * Prometheus and Alertmanager posting alerts into the simulator's alert sink. One bed serves the
 * whole file; the checks run in order (the kill and restart before the drill, which needs a
 * fresh alert sink).
 *
 * The drill uses `cpu-spike` and a copy of the provisioned `MciCpuCritical` rule with `for: 0s`
 * (the provisioned rule waits a minute before it fires): the e2e checks the path from the page to
 * the sink, not the rule's pending period.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Page } from 'playwright-core';
import { parse, stringify } from 'yaml';
import { TEST_IDS as APP_IDS } from '../../src/components/testIds';
import { TEST_IDS as ACTIVITY_IDS } from '../../src/panels/activity/testIds';
import { TEST_IDS as ORDERS_IDS } from '../../src/panels/orders/testIds';
import { TEST_IDS as POSITIONS_IDS } from '../../src/panels/positions/testIds';
import { startAlertmanager, type RunningAlertmanager } from '../support/alertmanager';
import { PROVISIONING } from '../support/provisioning';
import { startPrometheus, type RunningPrometheus } from '../support/prometheus';
import { axeViolations, type KnownException, unexplained } from './support/axe';
import { DASHBOARD_PANELS, SIMULATOR_ARGS } from './support/dashboard';
import { waitFor, waitForFilled } from './support/panels';
import { type OpenedPage, startTestBed, type TestBed, type ThemeName } from './support/testBed';

const SETUP_TIMEOUT_MS = 120_000;
const TEST_TIMEOUT_MS = 90_000;
/** Test credentials (at least 8 characters, each different, as the simulator requires). */
const KEYS = {
  api: 'e2e-telemetry-key',
  control: 'e2e-control-key',
  sink: 'e2e-alert-sink-token',
  metrics: 'e2e-metrics-token',
} as const;
const ALERT = 'MciCpuCritical';
/** cpu-spike ramps CPU past 95 % within seconds; scrape, rule and webhook add a few more. */
const ALERT_TIMEOUT_MS = 60_000;
const STATE_TIMEOUT_MS = 30_000;

/**
 * Violations axe finds inside @grafana/ui components, which our markup cannot change. Each entry
 * names the rule, the element and the reason; nothing else is excused and no rule is off.
 */
const GRAFANA_UI_EXCEPTIONS: readonly KnownException[] = [];

let bed: TestBed;
let prometheus: RunningPrometheus | undefined;
let alertmanager: RunningAlertmanager | undefined;
let ruleDir: string | undefined;

/** The provisioned MciCpuCritical rule, firing at once instead of after its pending period. */
function fastRuleFile(): string {
  const rules = parse(readFileSync(join(PROVISIONING, 'prometheus', 'rules', 'mci-alerts.yml'), 'utf8')) as {
    groups: Array<{ name: string; rules: Array<{ alert?: string; for?: string }> }>;
  };
  const rule = rules.groups.flatMap((group) => group.rules).find((entry) => entry.alert === ALERT);
  if (!rule) {
    throw new Error(`The provisioned Prometheus rules have no ${ALERT}; the drill check needs it.`);
  }
  ruleDir = mkdtempSync(join(tmpdir(), 'mci-e2e-rules-'));
  const file = join(ruleDir, 'fast.yml');
  writeFileSync(file, stringify({ groups: [{ name: 'e2e-fast', rules: [{ ...rule, for: '0s' }] }] }));
  return file;
}

beforeAll(async () => {
  bed = await startTestBed(DASHBOARD_PANELS, {
    simulatorArgs: [
      ...SIMULATOR_ARGS,
      '--api-key',
      KEYS.api,
      '--control-key',
      KEYS.control,
      '--alert-sink-token',
      KEYS.sink,
      '--metrics-token',
      KEYS.metrics,
    ],
    jsonData: { authMode: 'apiKey' },
    secureJsonData: { apiKey: KEYS.api, controlKey: KEYS.control },
  });
  alertmanager = await startAlertmanager({
    webhookUrl: `${bed.simulator.httpUrl}/api/sim/alert-sink`,
    bearerToken: KEYS.sink,
  });
  prometheus = await startPrometheus({
    targets: [{ job: 'mci-simulator', target: `127.0.0.1:${bed.simulator.port}`, bearerToken: KEYS.metrics }],
    ruleFiles: [fastRuleFile()],
    alertmanagerUrl: alertmanager.url,
  });
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await prometheus?.stop();
  await alertmanager?.stop();
  await bed?.close();
  if (ruleDir) {
    rmSync(ruleDir, { recursive: true, force: true });
  }
}, SETUP_TIMEOUT_MS);

/** Opens an app page and waits for its container. */
async function openAppPage(page: 'status' | 'drills', theme: ThemeName = 'dark'): Promise<OpenedPage> {
  const opened = await bed.openPage({ theme, view: 'app', page });
  await opened.page.getByTestId(page === 'status' ? APP_IDS.status.container : APP_IDS.drills.container).waitFor();
  return opened;
}

const attr = (page: Page, testId: string, name: string) => page.getByTestId(testId).first().getAttribute(name);

async function expectAccessible(page: Page, include: string[]): Promise<void> {
  // Resting states only: a pointer left over a button from a click would be checked in its hover colours.
  await page.mouse.move(0, 0);
  // And after the colours settle: leaving a button starts its transition back from the hover
  // colours, and a check in the middle of it read a blend (#4174da) as the button's colour.
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
  const violations = unexplained(await axeViolations(page, include), GRAFANA_UI_EXCEPTIONS);
  expect(violations).toEqual([]);
}

describe('the Status page', () => {
  let status: OpenedPage;

  beforeAll(async () => {
    status = await openAppPage('status');
  }, SETUP_TIMEOUT_MS);

  it(
    'shows the data source streaming, with its epoch, a round trip and events arriving per channel',
    async () => {
      const ids = APP_IDS.status;
      await waitFor('the data source to stream', STATE_TIMEOUT_MS, async () =>
        (await attr(status.page, ids.dataSource, 'data-state')) === 'streaming' ? true : undefined
      );
      expect(await status.page.getByTestId(ids.epoch).innerText()).toMatch(/\S/);
      await waitFor('a round trip in ms', STATE_TIMEOUT_MS, async () =>
        /\d+(\.\d+)? (ms|s)$/.test(await status.page.getByTestId(ids.roundTrip).innerText()) ? true : undefined
      );
      const market = status.page.locator(`[data-testid="${ids.channel}"][data-channel="market"]`);
      await waitFor('market events per second above 0', STATE_TIMEOUT_MS, async () =>
        /market\s+[1-9.]/.test(await market.innerText()) || /market\s+0\.[1-9]/.test(await market.innerText())
          ? true
          : undefined
      );
      expect(status.errors).toEqual([]);
    },
    TEST_TIMEOUT_MS
  );

  it(
    'follows a simulator kill and restart: reconnecting while it is down, streaming with a new epoch after',
    async () => {
      const ids = APP_IDS.status;
      const epoch = await status.page.getByTestId(ids.epoch).innerText();
      await bed.stopSimulator();
      await waitFor('the status to leave streaming', STATE_TIMEOUT_MS, async () => {
        const state = await attr(status.page, ids.dataSource, 'data-state');
        return state === 'reconnecting' || state === 'disconnected' ? state : undefined;
      });
      expect(await status.page.getByTestId(ids.lastError).count()).toBe(1);
      await bed.restartSimulator();
      await waitFor('the status to stream again', STATE_TIMEOUT_MS, async () =>
        (await attr(status.page, ids.dataSource, 'data-state')) === 'streaming' ? true : undefined
      );
      await waitFor('the new epoch', STATE_TIMEOUT_MS, async () => {
        const now = await status.page.getByTestId(ids.epoch).innerText();
        return now !== epoch && /\S/.test(now) ? now : undefined;
      });
      expect(status.errors).toEqual([]);
    },
    TEST_TIMEOUT_MS
  );

  it.each(['dark', 'light'] as const)(
    'has no WCAG 2.1 AA violation in its own markup (%s theme)',
    async (theme) => {
      const opened = theme === 'dark' ? status : await openAppPage('status', theme);
      await opened.page.getByTestId(APP_IDS.status.channel).first().waitFor({ timeout: STATE_TIMEOUT_MS });
      await expectAccessible(opened.page, [`[data-testid="${APP_IDS.status.container}"]`]);
      if (opened !== status) {
        await opened.page.close();
      }
    },
    TEST_TIMEOUT_MS
  );
});

describe('the Drills page', () => {
  let drills: OpenedPage;

  beforeAll(async () => {
    drills = await openAppPage('drills');
  }, SETUP_TIMEOUT_MS);

  it(
    'starts cpu-spike through the control route and shows the alert the sink received, with its latency',
    async () => {
      const ids = APP_IDS.drills;
      const { page } = drills;
      const option = page.getByRole('option', { name: 'cpu-spike', exact: true });
      await waitFor(
        'the scenarios the simulator offers',
        STATE_TIMEOUT_MS,
        async () => {
          if ((await page.getByTestId(ids.error).count()) > 0) {
            throw new Error(`The Drills page failed: ${await page.getByTestId(ids.error).innerText()}`);
          }
          await page.getByLabel('Scenario').click();
          return (await option.count()) > 0 ? true : undefined;
        },
        () => page.getByTestId(ids.container).innerText()
      );
      await option.click();
      await page.getByLabel(/Duration/).fill('2m');
      await page.getByTestId(ids.start).click();
      const drill = page.locator(`[data-testid="${ids.drill}"][data-scenario="cpu-spike"]`);
      await waitFor('the drill to run', STATE_TIMEOUT_MS, async () =>
        (await drill.getAttribute('data-state').catch(() => null)) === 'running' ? true : undefined
      );
      const alert = drill.locator(`[data-testid="${ids.alert}"][data-alert="${ALERT}"][data-status="firing"]`);
      await waitFor(
        `${ALERT} to reach the alert sink`,
        ALERT_TIMEOUT_MS,
        async () => ((await alert.count()) > 0 ? true : undefined),
        async () => `${await drill.innerText()}\nPrometheus: ${prometheus?.output().slice(-500)}`
      );
      expect(await alert.innerText()).toMatch(new RegExp(`^${ALERT} firing after \\d+(\\.\\d)? (ms|s)$`));
      // The sink holds what the page shows: read it with the control key, as the route does.
      const sink = (await (
        await fetch(`${bed.simulator.httpUrl}/api/sim/alert-sink`, {
          headers: { authorization: `Bearer ${KEYS.control}` },
        })
      ).json()) as { notifications: Array<{ body: { alerts: Array<{ labels: { alertname: string } }> } }> };
      expect(sink.notifications.flatMap((entry) => entry.body.alerts.map((a) => a.labels.alertname))).toContain(ALERT);
      expect(drills.errors).toEqual([]);
    },
    ALERT_TIMEOUT_MS + TEST_TIMEOUT_MS
  );

  it.each(['dark', 'light'] as const)(
    'has no WCAG 2.1 AA violation in its own markup (%s theme)',
    async (theme) => {
      const opened = theme === 'dark' ? drills : await openAppPage('drills', theme);
      await opened.page.getByTestId(APP_IDS.drills.drill).first().waitFor({ timeout: STATE_TIMEOUT_MS });
      await expectAccessible(opened.page, [`[data-testid="${APP_IDS.drills.container}"]`]);
      if (opened !== drills) {
        await opened.page.close();
      }
    },
    TEST_TIMEOUT_MS
  );

  it(
    'stops the drill from the page',
    async () => {
      const drill = drills.page.locator(`[data-testid="${APP_IDS.drills.drill}"][data-scenario="cpu-spike"]`);
      await drill.getByRole('button', { name: 'Stop cpu-spike' }).click();
      await waitFor('the drill to stop', STATE_TIMEOUT_MS, async () =>
        (await drill.getAttribute('data-state')) === 'stopped' ? true : undefined
      );
    },
    TEST_TIMEOUT_MS
  );
});

describe('the panels', () => {
  const PANEL_ROOTS = [POSITIONS_IDS.panel, ORDERS_IDS.panel, ACTIVITY_IDS.panel].map(
    (testId) => `[data-testid="${testId}"]`
  );

  it.each(['dark', 'light'] as const)(
    'have no WCAG 2.1 AA violation in their own markup, with data and drill-down links (%s theme)',
    async (theme) => {
      const opened = await bed.openPage({ theme });
      for (const panel of DASHBOARD_PANELS.slice(0, 3)) {
        await waitForFilled(opened.page, panel);
      }
      await opened.page.getByTestId(POSITIONS_IDS.ordersLink).first().waitFor({ timeout: STATE_TIMEOUT_MS });
      await expectAccessible(opened.page, PANEL_ROOTS);
      await opened.page.close();
    },
    TEST_TIMEOUT_MS
  );
});
