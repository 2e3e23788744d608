/**
 * The stand-in for Grafana's data source proxy against a recording upstream on 127.0.0.1:0: the
 * route choice as a table, then what reaches the upstream and what the caller gets back, in
 * process, over HTTP and through backendSrvStandIn (one file, a little over 350 lines, because the
 * three share the recording upstream).
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'http';
import type { AddressInfo } from 'net';
import { HttpError } from '../../src/datasource/grafanaServices';
import { backendSrvStandIn } from './backendSrvStandIn';
import {
  AUTH_FAILED_TEXT,
  decideRoute,
  grafanaProxyStandIn,
  type DataSourceInstance,
  type OrgRole,
  type PluginRoute,
} from './grafanaProxyStandIn';

// Grafana's runtime reads the browser's boot data when loaded; only HttpError is used here.
jest.mock('@grafana/runtime', () => ({}));

const ROUTES: PluginRoute[] = [
  {
    path: 'mci/api/items',
    method: 'GET',
    reqRole: 'Viewer',
    url: '{{ .JsonData.restUrl }}/api/items',
    headers: [{ name: 'Authorization', content: 'Bearer {{ .SecureJsonData.apiKey }}' }],
  },
  {
    path: 'mci/api/items',
    method: 'POST',
    reqRole: 'Editor',
    url: '{{ .JsonData.restUrl }}/api/items',
    headers: [
      { name: 'Authorization', content: 'Bearer {{ .SecureJsonData.controlKey }}' },
      { name: 'X-Region', content: '{{ .JsonData.region }}' },
    ],
  },
  { path: 'mci/api/any', url: '{{ .JsonData.restUrl }}/api/any' },
  { path: 'mci/api/star', method: '*', reqRole: 'Admin', url: '{{ .JsonData.restUrl }}/api/star' },
];

const INSTANCE: DataSourceInstance = {
  uid: 'mci',
  jsonData: { restUrl: 'http://upstream.test', region: 'eu' },
  secureJsonData: { apiKey: 'telemetry-key', controlKey: 'control-key' },
};
const BASE = '/api/datasources/proxy/uid/mci';

describe('the route Grafana takes for a call', () => {
  it.each<[string, string, string, OrgRole, string, string | undefined]>([
    [
      'a Viewer route for a Viewer',
      'GET',
      `${BASE}/mci/api/items`,
      'Viewer',
      'routed',
      'http://upstream.test/api/items',
    ],
    [
      'the route with what follows its path and the query',
      'GET',
      `${BASE}/mci/api/items/7?limit=2`,
      'Viewer',
      'routed',
      'http://upstream.test/api/items/7?limit=2',
    ],
    [
      'the first route whose method matches',
      'POST',
      `${BASE}/mci/api/items`,
      'Editor',
      'routed',
      'http://upstream.test/api/items',
    ],
    ['an Editor route refused to a Viewer', 'POST', `${BASE}/mci/api/items`, 'Viewer', 'denied', undefined],
    [
      'an Editor route for an Admin',
      'POST',
      `${BASE}/mci/api/items`,
      'Admin',
      'routed',
      'http://upstream.test/api/items',
    ],
    [
      'a route without a method for any method',
      'DELETE',
      `${BASE}/mci/api/any/1`,
      'Viewer',
      'routed',
      'http://upstream.test/api/any/1',
    ],
    ['a `*` route refused below its role', 'PUT', `${BASE}/mci/api/star`, 'Editor', 'denied', undefined],
    ['no route for a method no route has', 'DELETE', `${BASE}/mci/api/items`, 'Admin', 'unmatched', undefined],
    ['no route for a path no route covers', 'GET', `${BASE}/mci/api/other`, 'Admin', 'unmatched', undefined],
    [
      'the route of a path with dot segments, resolved as a browser sends it',
      'GET',
      `${BASE}/mci/api/other/../items`,
      'Viewer',
      'routed',
      'http://upstream.test/api/items',
    ],
    [
      'no data source for another uid',
      'GET',
      '/api/datasources/proxy/uid/other/mci/api/items',
      'Admin',
      'unknownDataSource',
      undefined,
    ],
  ])('finds %s', (_case, method, url, role, kind, target) => {
    const decision = decideRoute(ROUTES, INSTANCE, method, url, role);
    expect(decision.kind).toBe(kind);
    expect(decision.kind === 'routed' || decision.kind === 'unmatched' ? decision.target : undefined).toBe(target);
  });

  it('sends a call no route matches to the instance URL, read as http:// without a scheme', () => {
    const decision = decideRoute(
      ROUTES,
      { ...INSTANCE, url: 'fallback.test:8080/base' },
      'GET',
      `${BASE}/x/y?a=1`,
      'Viewer'
    );
    expect(decision).toEqual({ kind: 'unmatched', target: 'http://fallback.test:8080/base/x/y?a=1' });
  });

  it("fills the route's headers from the secure and plain settings, a missing secret as empty", () => {
    const post = decideRoute(ROUTES, INSTANCE, 'POST', `${BASE}/mci/api/items`, 'Editor');
    expect(post).toMatchObject({ headers: { authorization: 'Bearer control-key', 'x-region': 'eu' } });
    const noSecrets = { ...INSTANCE, jsonData: { restUrl: 'http://upstream.test' }, secureJsonData: undefined };
    expect(decideRoute(ROUTES, noSecrets, 'POST', `${BASE}/mci/api/items`, 'Editor')).toMatchObject({
      headers: { authorization: 'Bearer ', 'x-region': '<no value>' },
    });
  });
});

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An upstream that records each request and answers per path: /api/items JSON, /api/any/401 a 401. */
async function startUpstream(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      if (request.url?.startsWith('/api/any/401')) {
        response.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
        response.end('{"error":{"what":"no key"}}');
        return;
      }
      if (request.url?.startsWith('/api/any/text')) {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end('it broke');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'upstream=1' });
      response.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the proxy stand-in against an upstream', () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  const proxyTo = (restUrl: string, extra: Partial<DataSourceInstance> = {}) =>
    grafanaProxyStandIn({
      routes: ROUTES,
      datasource: { ...INSTANCE, jsonData: { ...INSTANCE.jsonData, restUrl }, ...extra },
    });

  beforeAll(async () => {
    upstream = await startUpstream();
  });
  afterAll(() => upstream.close());
  beforeEach(() => {
    upstream.received.length = 0;
  });

  it("forwards method, path, query and body with the route's headers in place of the caller's, and no cookie", async () => {
    const proxy = proxyTo(upstream.url);
    const answer = await proxy.forward({
      method: 'POST',
      url: `${BASE}/mci/api/items/new?dry=1`,
      role: 'Editor',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer caller', Cookie: 'grafana_session=s' },
      body: Buffer.from('{"name":"a"}'),
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body.toString())).toEqual({ ok: true });
    expect(answer.headers['set-cookie']).toBeUndefined();
    expect(upstream.received).toHaveLength(1);
    const [call] = upstream.received;
    expect(call).toMatchObject({ method: 'POST', url: '/api/items/new?dry=1', body: '{"name":"a"}' });
    expect(call.headers).toMatchObject({
      authorization: 'Bearer control-key',
      'x-region': 'eu',
      'content-type': 'application/json',
    });
    expect(call.headers.cookie).toBeUndefined();
    expect(proxy.calls).toEqual([
      {
        method: 'POST',
        path: 'mci/api/items/new?dry=1',
        role: 'Editor',
        outcome: 'routed',
        route: 'mci/api/items',
        status: 200,
      },
    ]);
  });

  it('refuses a role below the route with 403 and sends nothing upstream', async () => {
    const proxy = proxyTo(upstream.url);
    const answer = await proxy.forward({
      method: 'POST',
      url: `${BASE}/mci/api/items`,
      role: 'Viewer',
      body: Buffer.from('{}'),
    });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body.toString())).toEqual({ message: 'plugin proxy route access denied' });
    expect(upstream.received).toEqual([]);
  });

  it('answers 404 for another data source', async () => {
    const answer = await proxyTo(upstream.url).forward({
      method: 'GET',
      url: '/api/datasources/proxy/uid/other/mci/api/items',
      role: 'Admin',
    });
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body.toString())).toEqual({ message: 'Unable to find datasource' });
  });

  it('sends a call no route matches to the instance URL without any route header, and answers 502 without a URL', async () => {
    const withUrl = proxyTo('http://127.0.0.1:1', { url: upstream.url });
    expect((await withUrl.forward({ method: 'GET', url: `${BASE}/plain/path?x=1`, role: 'Admin' })).status).toBe(200);
    expect(upstream.received).toHaveLength(1);
    expect(upstream.received[0].url).toBe('/plain/path?x=1');
    expect(upstream.received[0].headers.authorization).toBeUndefined();

    const withoutUrl = proxyTo(upstream.url);
    const answer = await withoutUrl.forward({ method: 'GET', url: `${BASE}/plain/path`, role: 'Admin' });
    expect(answer.status).toBe(502);
    expect(withoutUrl.calls).toEqual([
      { method: 'GET', path: 'plain/path', role: 'Admin', outcome: 'unmatched', status: 502 },
    ]);
  });

  it('answers 502 Bad Gateway with an empty body when the upstream cannot be reached', async () => {
    const gone = await startUpstream();
    await gone.close();
    const answer = await proxyTo(gone.url).forward({ method: 'GET', url: `${BASE}/mci/api/items`, role: 'Viewer' });
    expect(answer.status).toBe(502);
    expect(answer.body.length).toBe(0);
  });

  it("turns the upstream's 401 into Grafana's 400 with its text", async () => {
    const answer = await proxyTo(upstream.url).forward({
      method: 'GET',
      url: `${BASE}/mci/api/any/401`,
      role: 'Viewer',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.toString()).toBe(AUTH_FAILED_TEXT);
  });

  it('answers the same over HTTP as in-process', async () => {
    const proxy = proxyTo(upstream.url);
    const server = createServer((request, response) => void proxy.handle(request, response, 'Viewer'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const get = (path: string, method = 'GET', body?: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const request = httpRequest(`http://127.0.0.1:${port}${path}`, { method }, (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() })
            );
          });
          request.on('error', reject);
          request.end(body);
        });
      expect(await get(`${BASE}/mci/api/items?limit=1`)).toEqual({ status: 200, body: '{"ok":true}' });
      expect(upstream.received.map((call) => [call.url, call.headers.authorization])).toEqual([
        ['/api/items?limit=1', 'Bearer telemetry-key'],
      ]);
      expect((await get(`${BASE}/mci/api/items`, 'POST', '{}')).status).toBe(403);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe("the data source's services over the stand-in (as backendSrv)", () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  const services = (role: OrgRole) =>
    backendSrvStandIn(
      grafanaProxyStandIn({ routes: ROUTES, datasource: { ...INSTANCE, jsonData: { restUrl: upstream.url } } }),
      role
    );

  beforeAll(async () => {
    upstream = await startUpstream();
  });
  afterAll(() => upstream.close());

  it('sends a body as JSON and resolves with the parsed answer', async () => {
    await expect(services('Editor').request('POST', `${BASE}/mci/api/items`, { name: 'a' })).resolves.toEqual({
      ok: true,
    });
    expect(upstream.received.at(-1)).toMatchObject({
      body: '{"name":"a"}',
      headers: { 'content-type': 'application/json' },
    });
  });

  it.each<[string, string, OrgRole, number, unknown]>([
    ['a refused role', `${BASE}/mci/api/star`, 'Viewer', 403, { message: 'plugin proxy route access denied' }],
    [
      'a text answer',
      `${BASE}/mci/api/any/text`,
      'Viewer',
      500,
      { message: 'it broke', error: 'Internal Server Error', response: 'it broke' },
    ],
    [
      "the server's 401 (Grafana's 400) as a refused key",
      `${BASE}/mci/api/any/401`,
      'Viewer',
      401,
      { message: AUTH_FAILED_TEXT, error: 'Bad Request', response: AUTH_FAILED_TEXT },
    ],
  ])('rejects %s with an HttpError', async (_case, url, role, status, body) => {
    const failure = await services(role)
      .request('GET', url)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpError);
    expect(failure).toMatchObject({ status, url, body });
  });
});
