/**
 * What the host server tells the page (`GET /host/config.json`): the plugins found in dist/, the
 * one data source instance (as Grafana's boot data describes it: no secrets, only which secure
 * fields are set) and the panels of the test dashboard. Shared by the server and the page.
 */
export type HostPluginType = 'app' | 'datasource' | 'panel';

export interface HostPlugin {
  id: string;
  type: HostPluginType;
  name: string;
  /** As Grafana serves it: `public/plugins/<id>/module.js`. */
  module: string;
  baseUrl: string;
}

export interface HostDataSource {
  uid: string;
  name: string;
  type: string;
  /** Grafana's proxy URL for the instance: `/api/datasources/proxy/uid/<uid>`. */
  url: string;
  jsonData: Record<string, unknown>;
  secureJsonFields: Record<string, boolean>;
}

export interface HostPanelConfig {
  id: number;
  pluginId: string;
  title: string;
  /** Queries for the data source, as a dashboard JSON would hold them (refId required). */
  targets: Array<{ refId: string } & Record<string, unknown>>;
  options?: Record<string, unknown>;
  fieldConfig?: { defaults?: Record<string, unknown>; overrides?: unknown[] };
  widthPx: number;
  heightPx: number;
}

export interface HostPageConfig {
  plugins: HostPlugin[];
  datasource: HostDataSource;
  panels: HostPanelConfig[];
  /** Dashboard variables offered by the template service. */
  variables: Record<string, string>;
}
