import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

/** The nested plugins this app bundles, read from the app's `includes` (one home for the ids). */
export const NESTED_PLUGINS = pluginJson.includes.filter((include) => include.type !== 'page');
