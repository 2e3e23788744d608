/**
 * The provisioning files, read as Grafana would read them: every file parses, every reference
 * (data source uid, contact point, panel type, dashboard path, environment variable) resolves,
 * the app's includes match the dashboards, the thresholds are spec 004's, and the committed
 * generated files are what the generator produces now. Also the compose file and the simulator
 * image, structurally (no Docker engine runs here).
 */
import { existsSync, readFileSync, readdirSync } from 'fs';
import { basename, dirname, join, relative, resolve } from 'path';
import { Registry } from 'prom-client';
import { renderAlertingFiles } from '../../scripts/alerting/renderAlertingFiles';
import { createBridgeMetrics } from '../../simulator/bridge/bridgeMetrics';
import { createTelemetryMetrics } from '../../simulator/metrics/createTelemetryMetrics';
import { createServerMetrics } from '../../simulator/server/serverMetrics';
import { CHANNELS } from '../../src/protocol';
import {
  PROVISIONING,
  ROOT,
  filesUnder,
  findRule,
  grafanaAlertRules,
  readJson,
  readYaml,
  ruleQuery,
  type GrafanaAlerting,
} from '../support/provisioning';

interface PluginJson {
  id: string;
  type: string;
  includes?: Array<{ type: string; name: string; path: string }>;
  dependencies: { grafanaDependency: string };
}
interface DataSourceRef {
  type?: string;
  uid?: string;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: DataSourceRef | null;
  targets?: Array<{ refId: string; datasource?: DataSourceRef }>;
  panels?: Panel[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: Array<{ name: string; type: string; datasource?: DataSourceRef }> };
  annotations: { list: Array<{ datasource?: DataSourceRef }> };
}
interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[]; interval: string; retries: number };
}

const SRC = join(ROOT, 'src');
const app = readJson<PluginJson>(join(SRC, 'plugin.json'));
const nestedPlugins = (app.includes ?? [])
  .filter((include) => include.path.endsWith('plugin.json'))
  .map((include) => readJson<PluginJson>(join(SRC, include.path)));
const pluginIds = [app.id, ...nestedPlugins.map((plugin) => plugin.id)];
const ourPanelTypes = nestedPlugins.filter((plugin) => plugin.type === 'panel').map((plugin) => plugin.id);
const ourDataSourceTypes = nestedPlugins.filter((plugin) => plugin.type === 'datasource').map((plugin) => plugin.id);

/** Grafana's own panels: those with a published schema in @grafana/schema, plus the two without one. */
const SCHEMA_PANELS = join(ROOT, 'node_modules', '@grafana', 'schema', 'dist', 'esm', 'raw', 'composable');
const builtInPanelTypes = [
  ...readdirSync(SCHEMA_PANELS).filter((name) => existsSync(join(SCHEMA_PANELS, name, 'panelcfg'))),
  'alertlist',
  'row',
];
/** Data source uids Grafana provides itself. */
const BUILT_IN_DATASOURCE_UIDS = ['-- Grafana --', '-- Mixed --', '-- Dashboard --', 'grafana'];

const datasources = readYaml<{
  apiVersion: number;
  datasources: Array<{ name: string; uid: string; type: string; url: string; jsonData?: Record<string, unknown> }>;
}>(join(PROVISIONING, 'datasources', 'mci.yaml')).datasources;
const provisionedUids = datasources.map((datasource) => datasource.uid);

const compose = readYaml<{ services: Record<string, ComposeService> }>(join(ROOT, 'docker-compose.yaml'));
const dashboardFiles = readdirSync(join(SRC, 'dashboards')).filter((name) => name.endsWith('.json'));
const dashboards = dashboardFiles.map((name) => ({ name, json: readJson<Dashboard>(join(SRC, 'dashboards', name)) }));

/** Every metric name the simulator or the bridge exports, from the code that registers them. */
function exportedMetricNames(): string[] {
  const registry = new Registry();
  createTelemetryMetrics(registry);
  createServerMetrics(registry);
  createBridgeMetrics(registry, ['streaming'], 'reconnecting');
  return registry.getMetricsAsArray().map((metric) => metric.name);
}

/** The `mci_*` metric names a PromQL expression reads. */
function metricNamesIn(expr: string): string[] {
  return [...expr.matchAll(/\b(mci_[a-z_]+)\b/g)].map((match) => match[1]);
}

function allPanels(panels: Panel[]): Panel[] {
  return panels.flatMap((panel) => [panel, ...allPanels(panel.panels ?? [])]);
}

function durationSeconds(text: string): number {
  const match = /^(\d+)(s|m|h)$/.exec(text);
  if (!match) {
    throw new Error(`"${text}" is not a duration`);
  }
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as 's' | 'm' | 'h'];
}

describe('provisioning files', () => {
  const files = filesUnder(PROVISIONING).map((path) => relative(ROOT, path));

  // Alertmanager's notification templates are Go templates, not YAML (alerting-links.test.ts renders them).
  it.each(files.filter((file) => !file.endsWith('.tmpl')))('%s parses as strict YAML', (file) => {
    expect(() => readYaml(join(ROOT, file))).not.toThrow();
  });

  it.each(files.filter((file) => /^provisioning\/(datasources|dashboards|plugins|alerting)\//.test(file)))(
    '%s is Grafana provisioning apiVersion 1',
    (file) => {
      expect(readYaml<{ apiVersion: number }>(join(ROOT, file)).apiVersion).toBe(1);
    }
  );

  it('provisions data sources with unique, fixed uids of known types', () => {
    expect(new Set(provisionedUids).size).toBe(provisionedUids.length);
    for (const datasource of datasources) {
      expect(datasource.uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
      expect(['prometheus', ...ourDataSourceTypes]).toContain(datasource.type);
    }
    expect(datasources.map((datasource) => datasource.type).sort()).toEqual(['mci-telemetry-datasource', 'prometheus']);
  });

  it('gives the MCI data source its WebSocket and REST URLs and keeps the API key in secureJsonData', () => {
    const mci = readYaml<{ datasources: Array<Record<string, unknown>> }>(
      join(PROVISIONING, 'datasources', 'mci.yaml')
    ).datasources.find((datasource) => datasource.type === 'mci-telemetry-datasource')!;
    // authMode apiKey: the data source fetches a one-time ticket through the proxy route, which
    // injects the key; the key itself is never in jsonData (the browser sees jsonData).
    expect(mci.jsonData).toEqual(
      expect.objectContaining({ wsUrl: expect.any(String), restUrl: expect.any(String), authMode: 'apiKey' })
    );
    expect(mci.secureJsonData).toEqual({ apiKey: '$MCI_API_KEY', controlKey: '$MCI_CONTROL_KEY' });
    expect(Object.keys(mci.jsonData as object)).not.toContain('apiKey');
    expect(JSON.stringify(mci.jsonData)).not.toContain('MCI_API_KEY');
  });

  it('enables the app by its plugin id', () => {
    const plugins = readYaml<{ apps: Array<{ type: string; disabled: boolean }> }>(
      join(PROVISIONING, 'plugins', 'mci-telemetry-app.yaml')
    );
    expect(plugins.apps).toEqual([expect.objectContaining({ type: app.id, disabled: false })]);
  });

  it('points the dashboard provider at the dashboards the app ships, as mounted by docker-compose', () => {
    const providers = readYaml<{ providers: Array<{ type: string; options: { path: string } }> }>(
      join(PROVISIONING, 'dashboards', 'mci.yaml')
    ).providers;
    expect(providers).toHaveLength(1);
    const pluginMount = compose.services.grafana.volumes!.find((volume) => volume.startsWith('./dist:'))!;
    const pluginDir = pluginMount.split(':')[1];
    expect(pluginDir).toBe(`/var/lib/grafana/plugins/${app.id}`);
    // The build copies src/**/*.json into dist/, so the provider reads dist/dashboards/ = src/dashboards/.
    expect(relative(pluginDir, providers[0].options.path)).toBe('dashboards');
  });
});

describe('dashboards', () => {
  it('are listed in the app includes, exactly', () => {
    const included = (app.includes ?? [])
      .filter((include) => include.type === 'dashboard')
      .map((include) => include.path);
    expect(included.sort()).toEqual(dashboardFiles.map((name) => `dashboards/${name}`).sort());
  });

  it('include "MCI Telemetry" and "Service health" with unique uids', () => {
    expect(dashboards.map((dashboard) => dashboard.json.title).sort()).toEqual([
      'MCI Telemetry',
      'Service health',
      'Trading performance',
    ]);
    const uids = dashboards.map((dashboard) => dashboard.json.uid);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it.each(dashboards.map((dashboard) => [dashboard.name, dashboard.json] as const))(
    '%s: every data source reference resolves to a provisioned uid',
    (_, dashboard) => {
      const refs: Array<{ where: string; ref: DataSourceRef }> = [];
      for (const panel of allPanels(dashboard.panels)) {
        if (panel.datasource) {
          refs.push({ where: `panel ${panel.title}`, ref: panel.datasource });
        }
        for (const target of panel.targets ?? []) {
          if (target.datasource) {
            refs.push({ where: `panel ${panel.title} target ${target.refId}`, ref: target.datasource });
          }
        }
      }
      dashboard.templating.list.forEach(
        (variable) => variable.datasource && refs.push({ where: `variable ${variable.name}`, ref: variable.datasource })
      );
      dashboard.annotations.list.forEach(
        (annotation) => annotation.datasource && refs.push({ where: 'annotation', ref: annotation.datasource })
      );
      expect(refs.length).toBeGreaterThan(0);
      const unresolved = refs.filter(
        ({ ref }) => !provisionedUids.includes(ref.uid ?? '') && !BUILT_IN_DATASOURCE_UIDS.includes(ref.uid ?? '')
      );
      expect(unresolved).toEqual([]);
      // A reference's type must agree with the provisioned data source of that uid.
      for (const { where, ref } of refs.filter(({ ref }) => provisionedUids.includes(ref.uid ?? ''))) {
        expect({ where, type: ref.type }).toEqual({
          where,
          type: datasources.find((datasource) => datasource.uid === ref.uid)!.type,
        });
      }
    }
  );

  it.each(dashboards.map((dashboard) => [dashboard.name, dashboard.json] as const))(
    '%s: every panel type exists (built in or ours), ids are unique and panels fit the 24-column grid',
    (_, dashboard) => {
      const panels = allPanels(dashboard.panels);
      const unknown = panels.filter((panel) => ![...builtInPanelTypes, ...ourPanelTypes].includes(panel.type));
      expect(unknown.map((panel) => `${panel.title}: ${panel.type}`)).toEqual([]);
      expect(new Set(panels.map((panel) => panel.id)).size).toBe(panels.length);
      for (const panel of panels) {
        expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      }
    }
  );

  it.each(dashboards.map((dashboard) => [dashboard.name, dashboard.json] as const))(
    '%s: MCI queries name protocol channels and PromQL reads only exported metrics',
    (_, dashboard) => {
      const exported = exportedMetricNames();
      for (const panel of allPanels(dashboard.panels)) {
        for (const target of (panel.targets ?? []) as Array<{
          refId: string;
          datasource?: DataSourceRef;
          channel?: string;
          expr?: string;
        }>) {
          const where = `${panel.title} ${target.refId}`;
          if (target.datasource?.uid === 'mci-telemetry') {
            expect({ where, channel: (CHANNELS as readonly string[]).includes(target.channel ?? '') }).toEqual({
              where,
              channel: true,
            });
          }
          if (target.expr !== undefined) {
            expect({ where, unknown: metricNamesIn(target.expr).filter((name) => !exported.includes(name)) }).toEqual({
              where,
              unknown: [],
            });
          }
        }
      }
    }
  );

  it('"MCI Telemetry" shows spec 000\'s six areas with our panels for positions, orders and activity', () => {
    const dashboard = dashboards.find((item) => item.json.uid === 'mci-telemetry')!.json;
    const panels = allPanels(dashboard.panels);
    const channelsOf = (type: string) =>
      panels
        .filter((panel) => panel.type === type)
        .flatMap((panel) => (panel.targets ?? []).map((target) => (target as { channel?: string }).channel));
    expect(channelsOf('mci-positions-panel')).toEqual(['positions']);
    expect(channelsOf('mci-orders-panel')).toEqual(['orders']);
    expect(channelsOf('mci-activity-panel')).toEqual(['activity']);
    expect(channelsOf('stat')).toContain('account');
    expect(channelsOf('gauge')).toEqual(['health', 'health']);
    expect(channelsOf('timeseries')).toEqual(expect.arrayContaining(['health', 'market']));
    const symbol = dashboard.templating.list.find((variable) => variable.name === 'symbol');
    expect(symbol).toMatchObject({ type: 'query', datasource: { uid: 'mci-telemetry' } });
    expect(panels.find((panel) => (panel as { repeat?: string }).repeat === 'symbol')?.type).toBe('timeseries');
  });

  it('"MCI Telemetry" takes the drill-down filters from the URL: var-symbol (All) and var-order (empty)', () => {
    const dashboard = dashboards.find((item) => item.json.uid === 'mci-telemetry')!.json;
    const variable = (name: string) =>
      dashboard.templating.list.find((entry) => entry.name === name) as Record<string, unknown> | undefined;
    expect(variable('symbol')).toMatchObject({ includeAll: true, allValue: '*', current: { value: ['$__all'] } });
    expect(variable('order')).toMatchObject({ type: 'textbox', query: '', current: { value: '' } });
    for (const type of ['mci-orders-panel', 'mci-activity-panel']) {
      const targets = allPanels(dashboard.panels)
        .filter((panel) => panel.type === type)
        .flatMap((panel) => panel.targets ?? []);
      expect(targets).toEqual([expect.objectContaining({ symbols: ['$symbol'], orders: ['$order'] })]);
    }
  });

  it('"Service health" has spec 004\'s stat cards, lines, area, bar, heatmap and alert list', () => {
    const dashboard = dashboards.find((item) => item.json.uid === 'mci-service-health')!.json;
    const types = allPanels(dashboard.panels).map((panel) => panel.type);
    for (const type of ['stat', 'timeseries', 'bargauge', 'heatmap', 'alertlist']) {
      expect(types).toContain(type);
    }
  });

  it('"Service health" shows 24 hours of stored p50/p95/p99 next to the live panels', () => {
    const dashboard = dashboards.find((item) => item.json.uid === 'mci-service-health')!.json;
    const stored = allPanels(dashboard.panels).filter((panel) =>
      (panel.targets ?? []).some((target) => (target as { queryType?: string }).queryType === 'metricAggregates')
    );
    expect(stored.map((panel) => (panel.targets![0] as { metricType?: string }).metricType).sort()).toEqual([
      'cpu',
      'error_rate',
      'latency',
      'throughput',
    ]);
    for (const panel of stored) {
      expect({ title: panel.title, timeFrom: (panel as { timeFrom?: string }).timeFrom }).toEqual({
        title: panel.title,
        timeFrom: '24h',
      });
    }
  });

  it('"Trading performance" shows P&L, success rate, drawdown and slippage per profile, and the closed trades', () => {
    const dashboard = dashboards.find((item) => item.json.uid === 'mci-trading-performance')!.json;
    const targets = allPanels(dashboard.panels).flatMap(
      (panel) => (panel.targets ?? []) as Array<{ queryType?: string; fields?: string[]; profileId?: number }>
    );
    const fields = targets.filter((t) => t.queryType === 'profileMetrics').flatMap((t) => t.fields ?? []);
    for (const name of ['pnl', 'success_rate', 'max_drawdown', 'avg_slippage']) {
      expect(fields).toContain(name);
    }
    expect(new Set(targets.map((t) => t.profileId))).toEqual(new Set([0, 1, 2, 3]));
    expect(targets.some((t) => t.queryType === 'trades')).toBe(true);
  });
});

describe('alerting', () => {
  const alerting = readYaml<GrafanaAlerting>(join(PROVISIONING, 'alerting', 'rules.yaml'));
  const rules = grafanaAlertRules();

  it('is what `npm run generate:alerting` produces from the engine thresholds (no hand edits, no drift)', () => {
    for (const [path, text] of Object.entries(renderAlertingFiles())) {
      expect({ path, text: readFileSync(join(ROOT, path), 'utf8') }).toEqual({ path, text });
    }
  });

  it('references only provisioned data sources and expressions, and conditions on existing steps', () => {
    for (const rule of rules) {
      const refIds = rule.data.map((item) => item.refId);
      expect(refIds).toContain(rule.condition);
      for (const item of rule.data) {
        expect([...provisionedUids, '__expr__']).toContain(item.datasourceUid);
        expect(item.model.refId).toBe(item.refId);
        if (item.model.datasource) {
          expect(item.model.datasource.uid).toBe(item.datasourceUid);
        }
        if (item.model.expression !== undefined) {
          expect(refIds).toContain(item.model.expression);
        }
      }
      const prometheus = rule.data.filter((item) => item.datasourceUid !== '__expr__');
      expect(
        prometheus.map((item) => datasources.find((datasource) => datasource.uid === item.datasourceUid)!.type)
      ).toEqual(['prometheus']);
    }
  });

  it('has unique uids and titles, valid states, severities and pending periods', () => {
    // Health rules on Grafana's 10 s tick; the order-health ones every second (docs/alerting.md).
    expect(alerting.groups.map((group) => [group.name, group.interval])).toEqual([
      ['mci-health', '10s'],
      ['mci-orders', '1s'],
    ]);
    // A folder of its own: dashboards provision theirs by uid after alerting provisions by title.
    const dashboardFolder = readYaml<{ providers: Array<{ folder: string }> }>(
      join(PROVISIONING, 'dashboards', 'mci.yaml')
    ).providers[0].folder;
    expect(alerting.groups.map((group) => group.folder)).not.toContain(dashboardFolder);
    const interval = durationSeconds(alerting.groups[0].interval);
    expect(interval % 10).toBe(0);
    expect(new Set(rules.map((rule) => rule.uid)).size).toBe(rules.length);
    expect(new Set(rules.map((rule) => rule.title)).size).toBe(rules.length);
    for (const rule of rules) {
      expect(rule.uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
      expect(['Alerting', 'NoData', 'OK']).toContain(rule.noDataState);
      expect(['Alerting', 'Error', 'OK', 'KeepLast']).toContain(rule.execErrState);
      expect(['warning', 'critical']).toContain(rule.labels.severity);
      expect(durationSeconds(rule.for) % interval).toBe(0);
      expect(rule.annotations.summary).toBeTruthy();
      // The value is in the annotation, read from the reduce step.
      expect(rule.annotations.description).toMatch(/\$values\.B\.Value/);
    }
  });

  // Spec 004's table, in Prometheus base units (docs/server.md).
  const SPEC_004: Array<[metric: string, comparison: string, warning: number, critical: number]> = [
    ['latency', 'gt', 0.5, 1],
    ['error_rate', 'gt', 0.05, 0.1],
    ['cpu', 'gt', 0.8, 0.95],
    ['memory', 'gt', 0.8, 0.95],
    ['throughput', 'lt', 100, 50],
  ];
  const prometheusRules = readYaml<{
    groups: Array<{ rules: Array<{ alert: string; expr: string; for: string; labels: Record<string, string> }> }>;
  }>(join(PROVISIONING, 'prometheus', 'rules', 'mci-alerts.yml')).groups.flatMap((group) => group.rules);

  it.each(SPEC_004)(
    '%s: Grafana and Prometheus rules use spec 004 thresholds (%s %d / %d)',
    (metric, comparison, warning, critical) => {
      for (const [severity, limit] of [
        ['warning', warning],
        ['critical', critical],
      ] as const) {
        const grafana = ruleQuery(findRule(metric, severity));
        expect({ severity, comparison: grafana.comparison, threshold: grafana.threshold }).toEqual({
          severity,
          comparison,
          threshold: limit,
        });
        const prometheus = prometheusRules.find(
          (rule) => rule.labels.metric === metric && rule.labels.severity === severity
        )!;
        expect(prometheus.expr).toBe(
          `${grafana.expr.includes(' or ') ? `(${grafana.expr})` : grafana.expr} ${comparison === 'gt' ? '>' : '<'} ${limit}`
        );
        expect(prometheus.for).toBe(findRule(metric, severity).for);
      }
    }
  );

  it('queries only metrics the simulator and the bridge export', () => {
    const exported = exportedMetricNames();
    for (const rule of rules) {
      const { expr } = ruleQuery(rule);
      expect({ rule: rule.uid, unknown: metricNamesIn(expr).filter((name) => !exported.includes(name)) }).toEqual({
        rule: rule.uid,
        unknown: [],
      });
      expect(metricNamesIn(expr).length + (expr.startsWith('up{') ? 1 : 0)).toBeGreaterThan(0);
    }
  });

  it('alerts on a heartbeat older than 30 s and on the simulator or bridge being down', () => {
    expect(ruleQuery(findRule('heartbeat', 'critical'))).toEqual({
      expr: 'time() - mci_engine_last_heartbeat_timestamp_seconds',
      comparison: 'gt',
      threshold: 30,
    });
    const down = ruleQuery(findRule('up', 'critical'));
    expect(down).toMatchObject({ comparison: 'lt', threshold: 1 });
    const jobs = readYaml<{ scrape_configs: Array<{ job_name: string }> }>(
      join(PROVISIONING, 'prometheus', 'prometheus.yml')
    ).scrape_configs.map((config) => config.job_name);
    expect(down.expr).toMatch(new RegExp(`job=~"[^"]*\\b${jobs[0]}\\b`));
    expect(down.expr).toContain('mci-bridge');
  });

  it('routes every notification to a provisioned contact point', () => {
    const contactPoints = readYaml<{
      contactPoints: Array<{ name: string; receivers: Array<{ type: string; settings: { url: string } }> }>;
    }>(join(PROVISIONING, 'alerting', 'contact-points.yaml')).contactPoints;
    const names = contactPoints.map((point) => point.name);
    type Route = { receiver?: string; routes?: Route[] };
    const policies = readYaml<{ policies: Route[] }>(join(PROVISIONING, 'alerting', 'policies.yaml')).policies;
    const receivers = (routes: Route[]): string[] =>
      routes.flatMap((route) => [route.receiver ?? names[0], ...receivers(route.routes ?? [])]);
    expect(receivers(policies).every((receiver) => names.includes(receiver))).toBe(true);
    const webhook = contactPoints[0].receivers[0];
    expect(webhook.type).toBe('webhook');
    const url = new URL(webhook.settings.url);
    expect(url.pathname).toBe('/api/sim/alert-sink');
    expect(Object.keys(compose.services)).toContain(url.hostname);
    expect(compose.services[url.hostname].command).toEqual(expect.arrayContaining(['--port', url.port]));
  });
});

describe('docker-compose.yaml', () => {
  const { grafana, simulator, prometheus } = compose.services;

  it("runs Grafana pinned to a release that satisfies the app's grafanaDependency (GRAFANA_VERSION may pick another)", () => {
    const match = /^grafana\/grafana:\$\{GRAFANA_VERSION:-(\d+)\.(\d+)\.(\d+)\}$/.exec(grafana.image ?? '');
    expect(match).not.toBeNull();
    const minimum = /^>=(\d+)\.(\d+)\.(\d+)$/.exec(app.dependencies.grafanaDependency);
    expect(minimum).not.toBeNull();
    const version = (groups: RegExpExecArray) => Number(groups[1]) * 1e6 + Number(groups[2]) * 1e3 + Number(groups[3]);
    expect(version(match!)).toBeGreaterThanOrEqual(version(minimum!));
    expect(Number(match![1])).toBeGreaterThanOrEqual(12);
  });

  it('allows every plugin id of the app to load unsigned', () => {
    const allowed = (grafana.environment?.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS ?? '').split(',');
    expect(allowed.sort()).toEqual([...pluginIds].sort());
  });

  it('mounts the built plugin and the provisioning directory into Grafana', () => {
    expect(grafana.volumes).toEqual(
      expect.arrayContaining([
        `./dist:/var/lib/grafana/plugins/${app.id}:ro`,
        './provisioning:/etc/grafana/provisioning:ro',
      ])
    );
  });

  it('sets every environment variable the data source provisioning reads', () => {
    const text = readFileSync(join(PROVISIONING, 'datasources', 'mci.yaml'), 'utf8').replace(/^\s*#.*$/gm, '');
    const used = [...new Set([...text.matchAll(/\$\{?([A-Z_][A-Z0-9_]*)\}?/g)].map((match) => match[1]))];
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => grafana.environment?.[name] === undefined)).toEqual([]);
    const services = Object.keys(compose.services);
    expect(services).toContain(new URL(grafana.environment!.MCI_REST_URL).hostname);
    expect(services).toContain(new URL(grafana.environment!.MCI_PROMETHEUS_URL).hostname);
    expect(simulator.ports).toContain(`${new URL(grafana.environment!.MCI_WS_URL).port}:8080`);
  });

  it('gives every service a health check and starts Grafana after healthy dependencies', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect({ name, test: service.healthcheck?.test?.[0] }).toEqual({ name, test: 'CMD' });
    }
    for (const service of Object.values(compose.services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(Object.keys(compose.services)).toContain(dependency);
        expect(condition).toBe('service_healthy');
      }
    }
    expect(Object.keys(grafana.depends_on ?? {}).sort()).toEqual(['prometheus', 'simulator']);
  });

  it('gives the simulator one credential per purpose and each client only the one it needs', () => {
    const env = simulator.environment!;
    const secrets = ['MCI_SIM_API_KEY', 'MCI_SIM_CONTROL_KEY', 'MCI_SIM_ALERT_SINK_TOKEN', 'MCI_SIM_METRICS_TOKEN'].map(
      (name) => env[name]
    );
    expect(secrets.every((value) => typeof value === 'string' && value.length >= 8)).toBe(true);
    expect(new Set(secrets).size).toBe(secrets.length);
    expect(simulator.command).not.toContain('--no-auth');
    expect(simulator.command!.filter((arg) => arg.includes('metrics-port'))).toEqual([]);

    // Grafana: the data source's two keys and the contact point's token, the same values.
    expect(grafana.environment).toMatchObject({
      MCI_API_KEY: env.MCI_SIM_API_KEY,
      MCI_CONTROL_KEY: env.MCI_SIM_CONTROL_KEY,
      MCI_ALERT_SINK_TOKEN: env.MCI_SIM_ALERT_SINK_TOKEN,
    });
    expect(Object.values(grafana.environment!)).not.toContain(env.MCI_SIM_METRICS_TOKEN);
    const webhook = readYaml<{ contactPoints: Array<{ receivers: Array<{ settings: Record<string, string> }> }> }>(
      join(PROVISIONING, 'alerting', 'contact-points.yaml')
    ).contactPoints[0].receivers[0].settings;
    expect(webhook).toMatchObject({
      authorization_scheme: 'Bearer',
      authorization_credentials: '$MCI_ALERT_SINK_TOKEN',
    });

    // Prometheus: the metrics token only, which reads /metrics and nothing else.
    const scrape = readYaml<{ scrape_configs: Array<{ authorization?: { type: string; credentials: string } }> }>(
      join(PROVISIONING, 'prometheus', 'prometheus.yml')
    ).scrape_configs[0];
    expect(scrape.authorization).toEqual({ type: 'Bearer', credentials: env.MCI_SIM_METRICS_TOKEN });
    expect(Object.keys(prometheus.environment ?? {})).toEqual([]);
  });

  it('has Prometheus load the provisioned config and rules, scraping the simulator service', () => {
    const config = readYaml<{
      rule_files: string[];
      scrape_configs: Array<{ static_configs: Array<{ targets: string[] }> }>;
    }>(join(PROVISIONING, 'prometheus', 'prometheus.yml'));
    expect(prometheus.volumes).toEqual(
      expect.arrayContaining([
        './provisioning/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro',
        './provisioning/prometheus/rules:/etc/prometheus/rules:ro',
      ])
    );
    expect(dirname(config.rule_files[0])).toBe('/etc/prometheus/rules');
    expect(
      readdirSync(join(PROVISIONING, 'prometheus', 'rules')).filter((name) => name.endsWith('.yml')).length
    ).toBeGreaterThan(0);
    const [host, port] = config.scrape_configs[0].static_configs[0].targets[0].split(':');
    expect(Object.keys(compose.services)).toContain(host);
    expect(compose.services[host].command).toEqual(expect.arrayContaining(['--port', port, '--host', '0.0.0.0']));
  });
});

describe('the simulator image', () => {
  const dockerfilePath = join(
    ROOT,
    compose.services.simulator.build!.context,
    compose.services.simulator.build!.dockerfile
  );
  const dockerfile = readFileSync(dockerfilePath, 'utf8');
  // Copies from the build context (a `COPY --from=<stage>` copies from an earlier stage).
  const copied = [...dockerfile.matchAll(/^COPY\s+(?!--)(\S+)\s+\S+\s*$/gm)].map((match) => resolve(ROOT, match[1]));
  const pkg = readJson<{ dependencies: Record<string, string>; optionalDependencies?: Record<string, string> }>(
    join(ROOT, 'package.json')
  );

  /** Every module the bundled CLI imports, following relative imports from its entry (simulator/cli.ts). */
  function runtimeImports(): { files: string[]; packages: string[] } {
    const files = new Set<string>();
    const packages = new Set<string>();
    const pending = [join(ROOT, 'simulator', 'cli.ts'), join(ROOT, 'scripts', 'packageSim.ts')];
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (files.has(file)) {
        continue;
      }
      files.add(file);
      const text = readFileSync(file, 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '');
      const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*|^import\s+)['"]([^'"]+)['"]/gm)].map(
        (match) => match[1]
      );
      for (const specifier of specifiers) {
        if (specifier.startsWith('.')) {
          const base = resolve(dirname(file), specifier);
          const found = [base, `${base}.ts`, `${base}.tsx`, `${base}.js`, join(base, 'index.ts')].find(
            (candidate) => existsSync(candidate) && !candidate.endsWith('/') && basename(candidate).includes('.')
          );
          if (!found) {
            throw new Error(`${relative(ROOT, file)} imports ${specifier}, which does not resolve`);
          }
          pending.push(found);
        } else if (!specifier.startsWith('node:')) {
          packages.add(
            specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]
          );
        }
      }
    }
    return { files: [...files], packages: [...packages] };
  }

  it('copies only paths that exist, or the image build would fail', () => {
    expect(copied.length).toBeGreaterThan(0);
    expect(copied.filter((path) => !existsSync(path)).map((path) => relative(ROOT, path))).toEqual([]);
  });

  it('copies into its build stage every source file the bundled CLI and the packing script import', () => {
    const { files } = runtimeImports();
    expect(files.length).toBeGreaterThan(2);
    const missing = files.filter((file) => !copied.some((path) => file === path || file.startsWith(`${path}/`)));
    expect(missing.map((file) => relative(ROOT, file))).toEqual([]);
  });

  it('bundles with the runtime dependencies only: every package the CLI imports is one (esbuild comes with tsx)', () => {
    const builtins = new Set(require('module').builtinModules as string[]);
    const { packages } = runtimeImports();
    // `npm ci --omit=dev` installs optional dependencies too (where they build).
    const runtime = { ...pkg.dependencies, ...pkg.optionalDependencies };
    const missing = packages.filter((name) => !builtins.has(name) && name !== 'esbuild' && runtime[name] === undefined);
    expect(missing).toEqual([]);
    expect(pkg.dependencies.tsx).toBeDefined();
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^RUN npx tsx scripts\/packageSim\.ts$/m);
  });

  it('ships the lean package alone: the last stage installs the packed tarball and nothing else', () => {
    const lastStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(lastStage).toMatch(/^COPY --from=build \/build\/dist-package\/ \S+$/m);
    expect(lastStage).toMatch(/npm install --global --offline [^\n]*mci-sim-\*\.tgz/);
    expect(lastStage).not.toMatch(/npm ci/);
    expect(lastStage.match(/^COPY /gm)).toHaveLength(1);
  });

  it('starts the server on the port the compose file publishes and checks its health on /readyz', () => {
    expect(compose.services.simulator.healthcheck!.test.join(' ')).toContain('127.0.0.1:8080/readyz');
    expect(dockerfile).toMatch(/ENTRYPOINT \["mci-sim"\]/);
  });
});
