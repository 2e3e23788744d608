import pluginJson from './plugin.json';
import datasourcePluginJson from './datasource/plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

/** The nested plugins (data source, panels) this app bundles, read from the app's `includes`. */
export const NESTED_PLUGINS = pluginJson.includes.filter(
  (include) => include.type === 'datasource' || include.type === 'panel'
);

/** The dashboards this app ships (Grafana imports them from the app's configuration page). */
export const BUNDLED_DASHBOARDS = pluginJson.includes.filter((include) => include.type === 'dashboard');

/** The MCI data source's plugin id: the app's pages list the instances of this type. */
export const DATASOURCE_TYPE = datasourcePluginJson.id;

/** The app's pages, relative to PLUGIN_BASE_URL (plugin.json `includes` has one page each). */
export const PAGES = { overview: 'overview', status: 'status', drills: 'drills' } as const;

/** The dashboards the pages link to (the `uid` of each file in dashboards/; a test keeps them equal). */
export const DASHBOARD_UIDS = { telemetry: 'mci-telemetry', serviceHealth: 'mci-service-health' } as const;
