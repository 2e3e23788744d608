/**
 * Imports every plugin module the way Grafana's loader does (`System.import` of the served
 * `module.js`) and checks it exports what Grafana expects for its type, with the meta attached.
 */
import {
  AppPlugin,
  DataSourcePlugin,
  type GrafanaPlugin,
  PanelPlugin,
  PluginType,
  type PluginMeta,
} from '@grafana/data';
import type { HostPlugin } from './hostConfig';
import { importPluginModule } from './systemjs';

export interface LoadedPlugin {
  config: HostPlugin;
  plugin?: GrafanaPlugin;
  /** Why the plugin did not load (what, and the loader's words). */
  error?: string;
}

const EXPECTED_CLASS: Record<HostPlugin['type'], { name: string; check: (value: unknown) => boolean }> = {
  app: { name: 'AppPlugin', check: (value) => value instanceof AppPlugin },
  datasource: { name: 'DataSourcePlugin', check: (value) => value instanceof DataSourcePlugin },
  panel: { name: 'PanelPlugin', check: (value) => value instanceof PanelPlugin },
};

async function readMeta(config: HostPlugin): Promise<PluginMeta> {
  const response = await fetch(`/${config.baseUrl}/plugin.json`);
  const json = (await response.json()) as PluginMeta;
  return { ...json, type: json.type as PluginType, module: config.module, baseUrl: config.baseUrl };
}

export async function loadPlugin(config: HostPlugin): Promise<LoadedPlugin> {
  try {
    const exports = await importPluginModule(`/${config.module}`);
    const expected = EXPECTED_CLASS[config.type];
    if (!expected.check(exports.plugin)) {
      return {
        config,
        error: `${config.module} does not export \`plugin\` as a ${expected.name} of the shared @grafana/data.`,
      };
    }
    const plugin = exports.plugin as GrafanaPlugin;
    const meta = await readMeta(config);
    plugin.meta = meta;
    // Only app plugins have init(); Grafana calls it with the meta after import.
    if (plugin instanceof AppPlugin) {
      plugin.init(meta);
    }
    return { config, plugin };
  } catch (error) {
    return {
      config,
      error: `${config.module} failed to load: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

export async function loadPlugins(configs: HostPlugin[]): Promise<LoadedPlugin[]> {
  return Promise.all(configs.map(loadPlugin));
}
