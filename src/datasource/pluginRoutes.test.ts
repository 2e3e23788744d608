/**
 * plugin.json's proxy routes against least privilege (docs/security.md): one route per REST call
 * the data source makes, each with a method and the smallest role; the telemetry key never
 * reaches the control API; and Grafana's own matching (as `pkg/api/pluginproxy/ds_proxy.go` does
 * it: first route whose method matches and whose cleaned path is a prefix of the cleaned request
 * path; a role too small there is a 403, with no fall-through; no match is forwarded to the
 * instance URL without any route header) keeps a Viewer away from `/api/sim/*`.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { METRICS_API_PATHS, PROFILE_API_PATHS, REST_PATHS, historyPath, marketSymbolPath } from '../protocol';
import { CONTROL_PROXY_CALLS, PROXY_CALLS, type ProxyCall } from './clientOptions';
import plugin from './plugin.json';
import { DATASOURCE_DEFAULTS } from './types';

interface Route {
  path: string;
  method?: string;
  reqRole?: string;
  url: string;
  headers?: Array<{ name: string; content: string }>;
}

type Role = 'Viewer' | 'Editor' | 'Admin';

const ROUTES: Route[] = plugin.routes;
const ROLE_RANK: Record<string, number> = { Viewer: 1, Editor: 2, Admin: 3 };
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const API_KEY = '{{ .SecureJsonData.apiKey }}';
const CONTROL_KEY = '{{ .SecureJsonData.controlKey }}';
const REST_URL = '{{ .JsonData.restUrl }}';

const routePathOf = (call: ProxyCall) => `${DATASOURCE_DEFAULTS.routePath}${call.path}`;
const secretsOf = (route: Route) =>
  (route.headers ?? []).flatMap((header) => [API_KEY, CONTROL_KEY].filter((key) => header.content.includes(key)));

/** Go's path.Clean on "/" + path, relative again (Grafana's CleanRelativePath). */
function cleanRelativePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') {
      parts.pop();
    } else if (part !== '' && part !== '.') {
      parts.push(part);
    }
  }
  return parts.join('/');
}

type Outcome =
  | { kind: 'denied' }
  | { kind: 'unmatched' }
  | { kind: 'routed'; route: Route; target: string; secrets: string[] };

/** What Grafana's data source proxy does with `method proxyPath` from a user of `role`. */
function grafanaProxy(routes: Route[], method: string, proxyPath: string, role: Role): Outcome {
  for (const route of routes) {
    if (route.method && route.method !== '*' && route.method !== method) {
      continue;
    }
    if (!cleanRelativePath(proxyPath).startsWith(cleanRelativePath(route.path))) {
      continue;
    }
    if (route.reqRole && ROLE_RANK[role] < ROLE_RANK[route.reqRole]) {
      return { kind: 'denied' };
    }
    const rest = proxyPath.startsWith(route.path) ? proxyPath.slice(route.path.length) : proxyPath;
    const base = route.url.replace(REST_URL, '');
    return { kind: 'routed', route, target: rest === '' ? base : `${base}${rest}`, secrets: secretsOf(route) };
  }
  return { kind: 'unmatched' };
}

/** The proxy path the data source requests for a REST path (clientOptions.restUrl minus the instance URL). */
const proxyPathOf = (restPath: string) => `${DATASOURCE_DEFAULTS.routePath}${restPath.split('?')[0]}`;

describe("plugin.json's proxy routes", () => {
  it('has exactly one route per REST call the data source makes, with its method, and the control routes', () => {
    const declared = ROUTES.map((route) => `${route.method} ${route.path}`).sort();
    const expected = [...PROXY_CALLS, ...CONTROL_PROXY_CALLS]
      .map((call) => `${call.method} ${routePathOf(call)}`)
      .sort();
    expect(declared).toEqual(expected);
  });

  it.each(ROUTES.map((route) => [route.path, route] as const))(
    '%s has an explicit method, a role, a URL for exactly its path and one credential',
    (_path, route) => {
      expect(['GET', 'POST', 'DELETE']).toContain(route.method);
      expect(Object.keys(ROLE_RANK)).toContain(route.reqRole);
      const restPath = route.path.slice(DATASOURCE_DEFAULTS.routePath.length);
      expect(route.path).toBe(`${DATASOURCE_DEFAULTS.routePath}${restPath}`);
      expect(route.url).toBe(`${REST_URL}${restPath}`);
      expect(secretsOf(route)).toHaveLength(1);
    }
  );

  it('has no catch-all: every route covers one REST path, deeper than the API roots', () => {
    const roots = ['', DATASOURCE_DEFAULTS.routePath, `${DATASOURCE_DEFAULTS.routePath}/api`, '*'];
    for (const route of ROUTES) {
      expect(roots).not.toContain(cleanRelativePath(route.path));
      expect(route.path).not.toContain('*');
    }
  });

  it('gives the telemetry key to Viewer routes outside the control API, and the control key only to the Editor drill routes', () => {
    const control = `${DATASOURCE_DEFAULTS.routePath}${REST_PATHS.controlPrefix}`;
    for (const route of ROUTES) {
      const covers = (prefix: string) => prefix.startsWith(route.path) || route.path.startsWith(prefix);
      if (secretsOf(route).includes(API_KEY)) {
        expect({ route: route.path, reachesControl: covers(control) }).toEqual({
          route: route.path,
          reachesControl: false,
        });
        expect(route.reqRole).toBe('Viewer');
      } else {
        expect(secretsOf(route)).toEqual([CONTROL_KEY]);
        expect(route.reqRole).toBe('Editor');
        expect(CONTROL_PROXY_CALLS.map((call) => `${call.method} ${routePathOf(call)}`)).toContain(
          `${route.method} ${route.path}`
        );
      }
    }
  });

  it('lists every REST path the data source and the client code use', () => {
    const used = new Set<string>();
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        // Test helpers (testing/) are not code the plugin runs.
        if (statSync(path).isDirectory()) {
          return name === 'testing' ? [] : walk(path);
        }
        return /\.tsx?$/.test(name) && !/\.test\./.test(name) ? [path] : [];
      });
    for (const file of [...walk(join(__dirname)), ...walk(join(__dirname, '..', 'client'))]) {
      const text = readFileSync(file, 'utf8');
      for (const [, key] of text.matchAll(/REST_PATHS\.(\w+)/g)) {
        used.add(REST_PATHS[key as keyof typeof REST_PATHS]);
      }
      if (/\bhistoryPath\(/.test(text)) {
        used.add(REST_PATHS.history);
      }
      for (const [, literal] of text.matchAll(/['"`](\/api\/[\w/-]+)['"`]/g)) {
        used.add(literal);
      }
    }
    const declared = [...PROXY_CALLS, ...CONTROL_PROXY_CALLS].map((call) => call.path);
    expect([...used].filter((path) => !declared.includes(path)).sort()).toEqual([]);
  });
});

describe("Grafana's proxy matching over plugin.json", () => {
  const concrete: Array<[ProxyCall, string]> = [
    [PROXY_CALLS[0], REST_PATHS.snapshot],
    [PROXY_CALLS[1], historyPath('orders', { from: 1, limit: 10 })],
    [PROXY_CALLS[2], REST_PATHS.market],
    [PROXY_CALLS[3], REST_PATHS.health],
    [PROXY_CALLS[4], REST_PATHS.wsTicket],
    [PROXY_CALLS[5], METRICS_API_PATHS.query],
    [PROXY_CALLS[6], `${PROFILE_API_PATHS.performance(1)}?from=0&to=1`],
    [PROXY_CALLS[7], `${PROFILE_API_PATHS.metrics('breakout', 0)}?window_type=hour`],
    [PROXY_CALLS[8], METRICS_API_PATHS.services],
    [PROXY_CALLS[9], PROFILE_API_PATHS.profiles],
  ];

  it.each(concrete.map(([call, path]) => [call.method, path] as const))(
    'lets a Viewer %s %s with the telemetry key, at that path on the server',
    (method, path) => {
      const outcome = grafanaProxy(ROUTES, method, proxyPathOf(path), 'Viewer');
      expect(outcome).toMatchObject({ kind: 'routed', target: path.split('?')[0], secrets: [API_KEY] });
    }
  );

  const controlPaths = [
    REST_PATHS.scenarios,
    `${REST_PATHS.scenarios}/cpu-spike`,
    REST_PATHS.disconnect,
    REST_PATHS.alertSink,
    `${REST_PATHS.controlPrefix}/anything`,
  ];
  /** Spellings a caller could try to slip past a prefix match. */
  const spellings = (path: string) => [
    proxyPathOf(path),
    `${DATASOURCE_DEFAULTS.routePath}/${path}`,
    `${DATASOURCE_DEFAULTS.routePath}${REST_PATHS.snapshot}/../..${path.slice('/api'.length)}`,
    `${DATASOURCE_DEFAULTS.routePath}${REST_PATHS.market}/../../..${path}`,
    path.slice(1),
  ];

  it.each(METHODS.flatMap((method) => controlPaths.map((path) => [method, path] as const)))(
    'never carries a credential for a Viewer to %s %s',
    (method, path) => {
      for (const proxyPath of spellings(path)) {
        const outcome = grafanaProxy(ROUTES, method, proxyPath, 'Viewer');
        expect({ proxyPath, credential: outcome.kind === 'routed' ? outcome.secrets : [] }).toEqual({
          proxyPath,
          credential: [],
        });
      }
    }
  );

  it('lets an Editor, and only an Editor or Admin, start a drill with the control key and nothing more', () => {
    const drill = proxyPathOf(REST_PATHS.scenarios);
    expect(grafanaProxy(ROUTES, 'POST', drill, 'Viewer')).toEqual({ kind: 'denied' });
    for (const role of ['Editor', 'Admin'] as const) {
      expect(grafanaProxy(ROUTES, 'POST', drill, role)).toMatchObject({
        kind: 'routed',
        target: REST_PATHS.scenarios,
        secrets: [CONTROL_KEY],
      });
      for (const path of [REST_PATHS.disconnect, REST_PATHS.alertSink]) {
        const outcome = grafanaProxy(ROUTES, 'POST', proxyPathOf(path), role);
        expect(outcome.kind === 'routed' ? outcome.secrets : []).toEqual([]);
      }
    }
  });

  it.each([
    ['GET', REST_PATHS.scenarios, REST_PATHS.scenarios],
    ['DELETE', `${REST_PATHS.scenarios}/cpu-spike`, `${REST_PATHS.scenarios}/cpu-spike`],
    ['GET', REST_PATHS.alertSink, REST_PATHS.alertSink],
  ] as const)('lets an Editor %s %s with the control key, and refuses a Viewer', (method, path, target) => {
    expect(grafanaProxy(ROUTES, method, proxyPathOf(path), 'Viewer')).toEqual({ kind: 'denied' });
    expect(grafanaProxy(ROUTES, method, proxyPathOf(path), 'Editor')).toMatchObject({
      kind: 'routed',
      target,
      secrets: [CONTROL_KEY],
    });
  });

  it('gives no route to the chaos disconnect, nor to posting into the alert sink, whatever the role', () => {
    for (const role of ['Viewer', 'Editor', 'Admin'] as const) {
      for (const method of METHODS) {
        for (const path of [REST_PATHS.disconnect]) {
          const outcome = grafanaProxy(ROUTES, method, proxyPathOf(path), role);
          expect({ role, method, kind: outcome.kind }).toEqual({ role, method, kind: 'unmatched' });
        }
      }
      expect(grafanaProxy(ROUTES, 'POST', proxyPathOf(REST_PATHS.alertSink), role).kind).toBe('unmatched');
    }
  });

  it('reaches one symbol through the market prefix, the same read-only data as the list', () => {
    expect(grafanaProxy(ROUTES, 'GET', proxyPathOf(marketSymbolPath('TCS')), 'Viewer')).toMatchObject({
      kind: 'routed',
      target: marketSymbolPath('TCS'),
      secrets: [API_KEY],
    });
  });
});
