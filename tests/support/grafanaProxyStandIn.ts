/**
 * A stand-in for Grafana's data source proxy (`/api/datasources/proxy/uid/<uid>/<proxy path>`),
 * doing with the `routes` of a data source's plugin.json what Grafana's
 * `pkg/api/pluginproxy/ds_proxy.go` does:
 * - the first route, in plugin.json's order, whose method matches (no method or `*` match any)
 *   and whose cleaned path is a prefix of the cleaned proxy path is the route of the call;
 * - a caller whose org role is below that route's `reqRole` gets 403 "plugin proxy route access
 *   denied", with no fall-through to a later route;
 * - the call goes to the route's `url` plus what follows the route path, with the query, method
 *   and body forwarded, and the route's headers set; `{{ .JsonData.x }}` and
 *   `{{ .SecureJsonData.x }}` are filled from the instance as Go templates fill them (a missing
 *   secure value is empty, a missing jsonData value is `<no value>`);
 * - a call no route matches goes to the instance's URL field with no route header, and fails
 *   with 502 when the instance has no URL (Grafana's request to an empty host fails);
 * - an upstream that cannot be reached is 502 Bad Gateway with an empty body; an upstream 401
 *   becomes 400 with the text "Authentication to data source failed";
 * - an unknown data source uid is 404 "Unable to find datasource".
 * Not modelled: RBAC `reqAction`, token auth, `urlParams`, timeouts (504) and the allow-list.
 * Calls are made in-process (`forward`, which `backendSrvStandIn.ts` wraps for the data source) or
 * over HTTP (`handle`, the e2e test host's proxy). Every call is recorded in `calls`, so a test can
 * check that nothing went past the routes.
 */
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'http';
import { request as httpsRequest } from 'https';

export type OrgRole = 'Viewer' | 'Editor' | 'Admin';

/** A route of plugin.json, as Grafana reads it. */
export interface PluginRoute {
  path: string;
  method?: string;
  reqRole?: string;
  url?: string;
  headers?: ReadonlyArray<{ name: string; content: string }>;
}

/** A data source instance as Grafana's server holds it. */
export interface DataSourceInstance {
  uid: string;
  /** The instance's URL field: where a call that matches no route goes. */
  url?: string;
  jsonData: Record<string, unknown>;
  /** Decrypted on Grafana's server only; the browser never sees it. */
  secureJsonData?: Record<string, string>;
}

export interface ProxyRequest {
  method: string;
  /** `/api/datasources/proxy/uid/<uid>/<proxy path>[?query]`, as the browser requests it. */
  url: string;
  /** The org role of the signed-in caller. */
  role: OrgRole;
  headers?: Record<string, string>;
  body?: Buffer;
}

export interface ProxyResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export type RouteDecision =
  | { kind: 'routed'; route: PluginRoute; target: string; headers: Record<string, string> }
  | { kind: 'unmatched'; target: string | undefined }
  | { kind: 'denied'; route: PluginRoute }
  | { kind: 'unknownDataSource' };

/** One call the stand-in answered. */
export interface ProxiedCall {
  method: string;
  /** The proxy path with its query. */
  path: string;
  role: OrgRole;
  outcome: RouteDecision['kind'];
  /** The path of the route taken or refused. */
  route?: string;
  status: number;
}

export const PROXY_PREFIX = '/api/datasources/proxy/uid/';
/** What Grafana answers instead of an upstream's 401. */
export const AUTH_FAILED_TEXT = 'Authentication to data source failed';

const ROLE_RANK: Record<string, number> = { Viewer: 1, Editor: 2, Admin: 3 };
/** Headers Grafana never passes between the browser and the data source. */
const DROPPED_REQUEST_HEADERS = [
  'cookie',
  'origin',
  'referer',
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
];
const DROPPED_RESPONSE_HEADERS = ['set-cookie', 'connection', 'keep-alive', 'transfer-encoding', 'content-length'];

/** Go's path.Clean of "/" + path, made relative again (Grafana's CleanRelativePath). */
export function cleanRelativePath(path: string): string {
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

/** Grafana's util.JoinURLFragments: exactly one slash between two non-empty parts. */
export function joinUrlFragments(a: string, b: string): string {
  if (b === '') {
    return a;
  }
  const aSlash = a.endsWith('/');
  const bSlash = b.startsWith('/');
  if (aSlash && bSlash) {
    return a + b.slice(1);
  }
  return aSlash || bSlash ? a + b : `${a}/${b}`;
}

/** `{{ .JsonData.x }}` and `{{ .SecureJsonData.x }}` filled as Grafana's Go templates fill them. */
export function fillRouteTemplate(template: string, instance: DataSourceInstance): string {
  return template.replace(/\{\{\s*\.(JsonData|SecureJsonData)\.(\w+)\s*\}\}/g, (_match, scope: string, key: string) => {
    if (scope === 'SecureJsonData') {
      return instance.secureJsonData?.[key] ?? '';
    }
    const value = instance.jsonData[key];
    return value === undefined || value === null ? '<no value>' : String(value);
  });
}

/** Grafana's ValidateURL for a plugin data source: a URL without a scheme is read as http://. */
function instanceUrl(url: string | undefined): URL | undefined {
  if (!url || url.trim() === '') {
    return undefined;
  }
  try {
    return new URL(/^[^:]*:\/\//.test(url) ? url : `http://${url}`);
  } catch {
    return undefined;
  }
}

function targetOf(base: string, path: string, search: string): string | undefined {
  try {
    const url = new URL(base);
    return `${url.origin}${joinUrlFragments(url.pathname, path)}${search}`;
  } catch {
    return undefined;
  }
}

/** What Grafana's proxy does with `method url` from a caller of `role`, before anything is sent. */
export function decideRoute(
  routes: readonly PluginRoute[],
  instance: DataSourceInstance,
  method: string,
  url: string,
  role: OrgRole
): RouteDecision {
  const parsed = new URL(url, 'http://grafana.invalid');
  const prefix = `${PROXY_PREFIX}${instance.uid}/`;
  if (!parsed.pathname.startsWith(prefix) && parsed.pathname !== prefix.slice(0, -1)) {
    return { kind: 'unknownDataSource' };
  }
  const proxyPath = parsed.pathname.slice(prefix.length);
  for (const route of routes) {
    if (route.method && route.method !== '*' && route.method !== method) {
      continue;
    }
    if (!cleanRelativePath(proxyPath).startsWith(cleanRelativePath(route.path))) {
      continue;
    }
    if (route.reqRole && ROLE_RANK[route.reqRole] !== undefined && ROLE_RANK[role] < ROLE_RANK[route.reqRole]) {
      return { kind: 'denied', route };
    }
    // Grafana trims the route path off the raw proxy path (a no-op when only the cleaned one matched).
    const rest = proxyPath.startsWith(route.path) ? proxyPath.slice(route.path.length) : proxyPath;
    const target = targetOf(fillRouteTemplate(route.url ?? '', instance), rest, parsed.search) ?? '';
    const headers = Object.fromEntries(
      (route.headers ?? []).map((header) => [header.name.toLowerCase(), fillRouteTemplate(header.content, instance)])
    );
    return { kind: 'routed', route, target, headers };
  }
  const base = instanceUrl(instance.url);
  return { kind: 'unmatched', target: base ? targetOf(base.href, proxyPath, parsed.search) : undefined };
}

function jsonAnswer(status: number, message: string): ProxyResponse {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ message })),
  };
}

const BAD_GATEWAY: ProxyResponse = { status: 502, headers: {}, body: Buffer.alloc(0) };

function flatHeaders(headers: IncomingHttpHeaders, dropped: readonly string[]): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !dropped.includes(name.toLowerCase())) {
      kept[name.toLowerCase()] = value;
    }
  }
  return kept;
}

/** One request upstream, its whole answer read; rejects when nothing answers. */
function send(target: string, method: string, headers: Record<string, string>, body?: Buffer): Promise<ProxyResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(target);
    const outgoing = {
      ...headers,
      host: url.host,
      ...(body && body.length > 0 ? { 'content-length': String(body.length) } : {}),
    };
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      { method, headers: outgoing },
      (reply) => {
        const chunks: Buffer[] = [];
        reply.on('data', (chunk: Buffer) => chunks.push(chunk));
        reply.on('error', reject);
        reply.on('end', () =>
          resolve({
            status: reply.statusCode ?? 502,
            headers: flatHeaders(reply.headers, DROPPED_RESPONSE_HEADERS),
            body: Buffer.concat(chunks),
          })
        );
      }
    );
    request.on('error', reject);
    request.end(body && body.length > 0 ? body : undefined);
  });
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

export interface GrafanaProxyStandIn {
  /** `/api/datasources/proxy/uid/<uid>`: the instance's `url` as the browser sees it. */
  readonly baseUrl: string;
  /** Every call answered so far, oldest first. */
  readonly calls: ProxiedCall[];
  forward(request: ProxyRequest): Promise<ProxyResponse>;
  /** Answers an HTTP request under `/api/datasources/proxy/uid/` for a caller of `role`. */
  handle(request: IncomingMessage, response: ServerResponse, role: OrgRole): Promise<void>;
}

export function grafanaProxyStandIn(options: {
  routes: readonly PluginRoute[];
  datasource: DataSourceInstance;
}): GrafanaProxyStandIn {
  const { routes, datasource } = options;
  const calls: ProxiedCall[] = [];

  const answer = async (request: ProxyRequest, decision: RouteDecision): Promise<ProxyResponse> => {
    if (decision.kind === 'unknownDataSource') {
      return jsonAnswer(404, 'Unable to find datasource');
    }
    if (decision.kind === 'denied') {
      return jsonAnswer(403, 'plugin proxy route access denied');
    }
    if (!decision.target) {
      return BAD_GATEWAY;
    }
    const callerHeaders = Object.fromEntries(
      Object.entries(request.headers ?? {})
        .map(([name, value]) => [name.toLowerCase(), value] as const)
        .filter(([name]) => !DROPPED_REQUEST_HEADERS.includes(name))
    );
    const headers = decision.kind === 'routed' ? { ...callerHeaders, ...decision.headers } : callerHeaders;
    let reply: ProxyResponse;
    try {
      reply = await send(decision.target, request.method, headers, request.body);
    } catch {
      return BAD_GATEWAY;
    }
    return reply.status === 401 ? { status: 400, headers: {}, body: Buffer.from(AUTH_FAILED_TEXT) } : reply;
  };

  const forward = async (request: ProxyRequest): Promise<ProxyResponse> => {
    const decision = decideRoute(routes, datasource, request.method, request.url, request.role);
    const response = await answer(request, decision);
    const parsed = new URL(request.url, 'http://grafana.invalid');
    calls.push({
      method: request.method,
      path: `${parsed.pathname.slice(`${PROXY_PREFIX}${datasource.uid}/`.length)}${parsed.search}`,
      role: request.role,
      outcome: decision.kind,
      ...(decision.kind === 'routed' || decision.kind === 'denied' ? { route: decision.route.path } : {}),
      status: response.status,
    });
    return response;
  };

  return {
    baseUrl: `${PROXY_PREFIX}${datasource.uid}`,
    calls,
    forward,
    async handle(request, response, role) {
      const body = await readBody(request);
      const headers = flatHeaders(request.headers, []);
      const answered = await forward({
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        role,
        headers: Object.fromEntries(
          Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value])
        ),
        body,
      });
      response.writeHead(answered.status, { ...answered.headers, 'content-length': String(answered.body.length) });
      response.end(answered.body);
    },
  };
}
