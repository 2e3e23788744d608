/**
 * The static server of the host page, on 127.0.0.1, laid out as Grafana serves a plugin:
 * each plugin of dist/ under `public/plugins/<plugin-id>/`, icons under `public/build/img/icons/`,
 * fonts under `public/fonts/`, plus the data source proxy
 * (`/api/datasources/proxy/uid/<uid>/<route path>/...`): the shared stand-in for Grafana's proxy
 * (tests/support/grafanaProxyStandIn.ts) over the `routes` of the data source's plugin.json, with
 * the instance's jsonData and secureJsonData, for the page's signed-in user (an Admin, as the
 * page's boot data says).
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'fs';
import { globSync } from 'glob';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { dirname, extname, join, normalize, relative, sep } from 'path';
import { PROJECT_ROOT } from './buildHost';
import { grafanaProxyStandIn, PROXY_PREFIX, type OrgRole, type PluginRoute } from '../support/grafanaProxyStandIn';
import type { HostDataSource, HostPageConfig, HostPanelConfig, HostPlugin, HostPluginType } from './src/hostConfig';

export interface HostDataSourceConfig {
  uid: string;
  name: string;
  jsonData: Record<string, unknown>;
  /** Kept on the server, as Grafana keeps it; the page only learns which fields are set. */
  secureJsonData?: Record<string, string>;
  /** The instance's URL field (Grafana proxies requests matching no route there). */
  url?: string;
}

export interface HostServerOptions {
  /** Directory of the host bundle (`buildHost().dir`). */
  buildDir: string;
  /** node_modules of the Grafana line the bundle holds (`buildHost().runtime`); icons come from there. */
  grafanaNodeModules?: string;
  distDir?: string;
  datasource: HostDataSourceConfig;
  panels: HostPanelConfig[];
  variables?: Record<string, string>;
}

export interface RunningHost {
  url: string;
  close(): Promise<void>;
}

interface PluginJson {
  id: string;
  type: HostPluginType;
  name: string;
  routes?: PluginRoute[];
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.md': 'text/markdown; charset=utf-8',
};

const NODE_MODULES = join(PROJECT_ROOT, 'node_modules');
/** The org role of the page's signed-in user (src/bootData.ts). */
const PAGE_USER_ROLE: OrgRole = 'Admin';
const PUBLIC_DIR = join(__dirname, 'public');

interface DistPlugin {
  json: PluginJson;
  dir: string;
}

export function findDistPlugins(distDir: string): DistPlugin[] {
  return globSync('{plugin.json,*/plugin.json,*/*/plugin.json}', { cwd: distDir })
    .sort()
    .map((file) => ({
      json: JSON.parse(readFileSync(join(distDir, file), 'utf8')) as PluginJson,
      dir: join(distDir, dirname(file)),
    }));
}

function pageConfig(plugins: DistPlugin[], options: HostServerOptions): HostPageConfig {
  const datasourcePlugin = plugins.find((plugin) => plugin.json.type === 'datasource');
  const hostPlugins: HostPlugin[] = plugins.map(({ json }) => ({
    id: json.id,
    type: json.type,
    name: json.name,
    module: `public/plugins/${json.id}/module.js`,
    baseUrl: `public/plugins/${json.id}`,
  }));
  const datasource: HostDataSource = {
    uid: options.datasource.uid,
    name: options.datasource.name,
    type: datasourcePlugin?.json.id ?? 'missing-datasource',
    url: `/api/datasources/proxy/uid/${options.datasource.uid}`,
    jsonData: options.datasource.jsonData,
    secureJsonFields: Object.fromEntries(
      Object.keys(options.datasource.secureJsonData ?? {}).map((key) => [key, true])
    ),
  };
  return { plugins: hostPlugins, datasource, panels: options.panels, variables: options.variables ?? {} };
}

function sendFile(response: ServerResponse, file: string): void {
  if (!existsSync(file) || !statSync(file).isFile()) {
    sendJson(response, 404, { message: `Not found: ${file}` });
    return;
  }
  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': 'no-store',
  });
  createReadStream(file).pipe(response);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** Joins a URL path below a directory, refusing anything that climbs out of it. */
function below(dir: string, urlPath: string): string | undefined {
  const file = normalize(join(dir, decodeURIComponent(urlPath)));
  return file === dir || file.startsWith(dir + sep) ? file : undefined;
}

export function createHostHandler(options: HostServerOptions) {
  const distDir = options.distDir ?? join(PROJECT_ROOT, 'dist');
  const plugins = findDistPlugins(distDir);
  const config = pageConfig(plugins, options);
  const datasourcePlugin = plugins.find((plugin) => plugin.json.type === 'datasource');
  const proxy = grafanaProxyStandIn({ routes: datasourcePlugin?.json.routes ?? [], datasource: options.datasource });
  const grafanaNodeModules = options.grafanaNodeModules ?? NODE_MODULES;

  return (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path.startsWith(PROXY_PREFIX)) {
      proxy.handle(request, response, PAGE_USER_ROLE).catch((error: Error) => response.destroy(error));
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, { message: `${request.method} ${path} is not served by the test host.` });
      return;
    }
    if (path === '/' || path === '/index.html') {
      sendFile(response, join(PUBLIC_DIR, 'index.html'));
      return;
    }
    if (path === '/favicon.ico') {
      response.writeHead(204);
      response.end();
      return;
    }
    if (path === '/host/config.json') {
      sendJson(response, 200, config);
      return;
    }
    const pluginMatch = /^\/public\/plugins\/([^/]+)\/(.*)$/.exec(path);
    if (pluginMatch) {
      const plugin = plugins.find((candidate) => candidate.json.id === pluginMatch[1]);
      const file = plugin && below(plugin.dir, pluginMatch[2]);
      if (file) {
        sendFile(response, file);
      } else {
        sendJson(response, 404, {
          message: `No plugin ${pluginMatch[1]} in ${relative(PROJECT_ROOT, distDir)}/ (or a path outside it).`,
        });
      }
      return;
    }
    const mounts: Array<[string, string]> = [
      ['/host/build/', options.buildDir],
      ['/vendor/systemjs/', join(NODE_MODULES, 'systemjs', 'dist')],
      ['/public/build/img/icons/', join(grafanaNodeModules, '@grafana', 'ui', 'dist', 'public', 'img', 'icons')],
      ['/public/fonts/inter/', join(NODE_MODULES, 'inter-ui', 'web')],
    ];
    for (const [prefix, dir] of mounts) {
      if (path.startsWith(prefix)) {
        const file = below(dir, path.slice(prefix.length));
        if (file) {
          sendFile(response, file);
        } else {
          sendJson(response, 404, { message: `Refused path ${path}.` });
        }
        return;
      }
    }
    if (path.startsWith('/public/fonts/roboto/')) {
      // Grafana ships Roboto Mono (latin, 400) under a hashed name; the npm package under its own.
      sendFile(
        response,
        join(NODE_MODULES, '@fontsource', 'roboto-mono', 'files', 'roboto-mono-latin-400-normal.woff2')
      );
      return;
    }
    sendJson(response, 404, { message: `Not served by the test host: ${path}` });
  };
}

export async function startHostServer(options: HostServerOptions): Promise<RunningHost> {
  const server: Server = createServer(createHostHandler(options));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
