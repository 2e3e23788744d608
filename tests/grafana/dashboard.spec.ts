/**
 * The dashboard the app ships (provisioned through the app's includes) renders our three panels
 * with live data in a real Grafana.
 */
import { expect, test } from '@grafana/plugin-e2e';
import { DASHBOARD_UID } from './provisioned';

const PANEL_TITLES = ['Positions', 'Orders', 'Activity'];

test('the MCI Telemetry dashboard renders the positions, orders and activity panels with data', async ({
  gotoDashboardPage,
}) => {
  const dashboardPage = await gotoDashboardPage({ uid: DASHBOARD_UID });
  for (const title of PANEL_TITLES) {
    const panel = dashboardPage.getPanelByTitle(title);
    await expect(panel.locator).toBeVisible();
    // A panel that failed to load shows Grafana's plugin error instead of our content.
    await expect(panel.locator).not.toContainText(/Panel plugin not found|Error loading/i);
  }
  // The simulator trades within seconds; the feeds fill from the streaming data source.
  await expect(dashboardPage.getPanelByTitle('Activity').locator).toContainText(/\d{2}:\d{2}:\d{2}/, {
    timeout: 30_000,
  });
});
