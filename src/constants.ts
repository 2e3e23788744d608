import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

/** The nested plugins (data source, panels) this app bundles, read from the app's `includes`. */
export const NESTED_PLUGINS = pluginJson.includes.filter(
  (include) => include.type === 'datasource' || include.type === 'panel'
);

/** The dashboards this app ships (Grafana imports them from the app's configuration page). */
export const BUNDLED_DASHBOARDS = pluginJson.includes.filter((include) => include.type === 'dashboard');
