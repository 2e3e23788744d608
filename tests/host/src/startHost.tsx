/**
 * Brings the page up as Grafana does for a dashboard: registries and shared modules first, then
 * the runtime services, then every plugin from dist/ through SystemJS, then the data source
 * instance from `plugin.DataSourceClass`, then the panels.
 */
import React from 'react';
import { createRoot } from 'react-dom/client';
import {
  type DataSourceApi,
  type DataSourceInstanceSettings,
  DataSourcePlugin,
  type DataSourcePluginMeta,
  type PanelData,
} from '@grafana/data';
import { config } from '@grafana/runtime';
import { HostApp, type HostView } from './HostApp';
import type { HostPageConfig } from './hostConfig';
import { type LoadedPlugin, loadPlugins } from './loadPlugins';
import { fillRegistries } from './registries';
import { installServices } from './services';
import { SHARED_MODULES } from './sharedModules';
import { registerSharedModules } from './systemjs';

/** What a test (or a person at the console) can reach: `window.mciHost`. */
export interface HostApi {
  plugins: LoadedPlugin[];
  datasource?: DataSourceApi;
  settings: DataSourceInstanceSettings;
  /** The latest PanelData each panel was given, by panel id (what the panel rendered from). */
  panelData: Record<number, PanelData>;
}

declare global {
  interface Window {
    mciHost?: HostApi;
  }
}

function instanceSettings(pageConfig: HostPageConfig, plugins: LoadedPlugin[]): DataSourceInstanceSettings {
  const loaded = plugins.find((entry) => entry.config.id === pageConfig.datasource.type)?.plugin;
  return {
    id: 1,
    uid: pageConfig.datasource.uid,
    type: pageConfig.datasource.type,
    name: pageConfig.datasource.name,
    url: pageConfig.datasource.url,
    jsonData: pageConfig.datasource.jsonData,
    access: 'proxy',
    readOnly: false,
    isDefault: true,
    meta: (loaded?.meta ?? { id: pageConfig.datasource.type }) as DataSourcePluginMeta,
  };
}

function createDataSource(plugins: LoadedPlugin[], settings: DataSourceInstanceSettings): DataSourceApi | undefined {
  const plugin = plugins.find((entry) => entry.config.id === settings.type)?.plugin;
  if (!(plugin instanceof DataSourcePlugin)) {
    return undefined;
  }
  // As Grafana's DatasourceSrv.loadDatasource does.
  const instance: DataSourceApi = new plugin.DataSourceClass(settings);
  instance.components = plugin.components;
  instance.meta = settings.meta;
  return instance;
}

export async function startHost(): Promise<void> {
  const search = new URLSearchParams(window.location.search);
  const requested = search.get('view');
  const view: HostView = requested === 'datasource' || requested === 'app' ? requested : 'dashboard';
  fillRegistries();
  registerSharedModules(SHARED_MODULES);
  const pageConfig = (await (await fetch('/host/config.json')).json()) as HostPageConfig;

  let datasource: DataSourceApi | undefined;
  const placeholderSettings = instanceSettings(pageConfig, []);
  installServices({
    variables: pageConfig.variables,
    settings: placeholderSettings,
    instance: async () => {
      if (!datasource) {
        throw new Error(`The data source plugin ${pageConfig.datasource.type} did not load; see the host status.`);
      }
      return datasource;
    },
  });

  const plugins = await loadPlugins(pageConfig.plugins);
  const settings = instanceSettings(pageConfig, plugins);
  Object.assign(placeholderSettings, settings);
  datasource = createDataSource(plugins, settings);
  window.mciHost = { plugins, datasource, settings, panelData: {} };

  const container = document.getElementById('root');
  if (!container) {
    throw new Error('index.html has no #root element.');
  }
  createRoot(container).render(
    <HostApp
      view={view}
      appPage={search.get('page') ?? 'overview'}
      pageConfig={pageConfig}
      plugins={plugins}
      datasource={datasource}
      settings={settings}
      theme={config.theme2}
    />
  );
}
