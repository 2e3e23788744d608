import { GRAFANA_PROXY_AUTH_FAILED, HttpError, proxyHttpError } from './grafanaServices';

describe('proxyHttpError', () => {
  it.each<[string, number, unknown, number]>([
    [
      "Grafana's 400 for the server's 401, as backendSrv hands it over",
      400,
      { message: GRAFANA_PROXY_AUTH_FAILED, error: 'Bad Request' },
      401,
    ],
    ["Grafana's 400 for the server's 401, as plain text", 400, GRAFANA_PROXY_AUTH_FAILED, 401],
    ['another 400', 400, { message: 'bad query' }, 400],
    ['a 401 from Grafana itself', 401, { message: 'Unauthorized' }, 401],
    ['a 403 refused route', 403, { message: 'plugin proxy route access denied' }, 403],
    ['a 502 from the proxy', 502, { message: 'Bad Gateway' }, 502],
    ['nothing answering', 0, 'TypeError: failed to fetch', 0],
  ])('gives the HttpError of %s the status the server meant', (_case, status, body, expected) => {
    const error = proxyHttpError(status, '/api/datasources/proxy/uid/mci/mci/api/telemetry/ws-ticket', body);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(expected);
    expect(error.body).toBe(body);
  });
});
