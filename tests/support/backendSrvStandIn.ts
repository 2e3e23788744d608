/**
 * The data source's REST services (`DataSourceServices`) over the Grafana proxy stand-in, doing
 * what Grafana's backendSrv.fetch does with an answer: the body is parsed as JSON, or kept as text
 * when it is not JSON; a status outside 2xx fails, its text body handed over as
 * `{ message, error: <status text>, response }` (an empty one's message is the status text), and
 * the data source's own `grafanaServices` turns the failure into an HttpError the same way.
 */
import { STATUS_CODES } from 'http';
import { proxyHttpError, type DataSourceServices } from '../../src/datasource/grafanaServices';
import type { GrafanaProxyStandIn, OrgRole } from './grafanaProxyStandIn';

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** backendSrv's processRequestError: an error's data is always an object with a message. */
function errorData(status: number, data: unknown): unknown {
  const statusText = STATUS_CODES[status] ?? '';
  if (typeof data === 'string') {
    return { message: data || statusText, error: statusText, response: data };
  }
  return data ?? { message: 'Unexpected error' };
}

/** Calls through `proxy` as a signed-in user of `role`. */
export function backendSrvStandIn(proxy: GrafanaProxyStandIn, role: OrgRole): DataSourceServices {
  return {
    async request(method, url, body) {
      const answer = await proxy.forward({
        method,
        url,
        role,
        ...(body === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(body)) }),
      });
      const data = parseBody(answer.body.toString('utf8'));
      if (answer.status < 200 || answer.status > 299) {
        throw proxyHttpError(answer.status, url, errorData(answer.status, data));
      }
      return data;
    },
    replace: (value) => value,
  };
}
