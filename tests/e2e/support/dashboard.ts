/**
 * The test dashboard: one data source instance pointed at the simulator and the panels the e2e
 * checks look at, with the queries a user would save in Grafana.
 */
import type { HostPanelConfig } from '../../host/src/hostConfig';
import type { RunningSimulator } from '../../support/simulator';

export const DATASOURCE_UID = 'mci-e2e';
export const DATASOURCE_NAME = 'MCI Telemetry (e2e)';

/**
 * Simulator flags for the e2e run: a fixed seed, and a steady synthetic order flow so orders,
 * positions and activity move within seconds (the strategies alone take minutes to trade).
 */
export const SIMULATOR_ARGS = ['--seed', '7', '--orders-per-second', '1'];

/** The data source's settings as its config editor saves them. */
export function datasourceJsonData(simulator: RunningSimulator): Record<string, unknown> {
  return { wsUrl: simulator.wsUrl, restUrl: simulator.httpUrl };
}

const WIDTH_PX = 1200;
const HEIGHT_PX = 340;

export const PANEL_IDS = { positions: 1, orders: 2, activity: 3, alerts: 4 } as const;

export const DASHBOARD_PANELS: HostPanelConfig[] = [
  {
    id: PANEL_IDS.positions,
    pluginId: 'mci-positions-panel',
    title: 'Positions',
    targets: [{ refId: 'A', channel: 'positions' }],
    widthPx: WIDTH_PX,
    heightPx: HEIGHT_PX,
  },
  {
    id: PANEL_IDS.orders,
    pluginId: 'mci-orders-panel',
    title: 'Orders',
    targets: [{ refId: 'A', channel: 'orders' }],
    widthPx: WIDTH_PX,
    heightPx: HEIGHT_PX,
  },
  {
    id: PANEL_IDS.activity,
    pluginId: 'mci-activity-panel',
    title: 'Activity',
    targets: [{ refId: 'A', channel: 'activity' }],
    widthPx: WIDTH_PX,
    heightPx: HEIGHT_PX,
  },
  {
    id: PANEL_IDS.alerts,
    pluginId: 'mci-activity-panel',
    title: 'Alerts',
    targets: [{ refId: 'A', channel: 'alerts' }],
    widthPx: WIDTH_PX,
    heightPx: HEIGHT_PX,
  },
];

/** The panels whose screenshots illustrate each plugin's README (folder name under src/panels/). */
export const SCREENSHOT_PANELS = {
  positions: PANEL_IDS.positions,
  orders: PANEL_IDS.orders,
  activity: PANEL_IDS.activity,
} as const;
