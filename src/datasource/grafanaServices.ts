/**
 * The Grafana runtime services the data source uses, behind one small interface so tests and Node
 * callers can pass their own. REST goes through Grafana's data source proxy (route `mci`), which
 * injects the API key: the browser never holds it.
 */
import { getBackendSrv, getTemplateSrv, type FetchError } from '@grafana/runtime';
import type { ScopedVars } from '@grafana/data';
import { lastValueFrom } from 'rxjs';

export interface DataSourceServices {
  /** A call through the proxy (`body` sent as JSON); resolves with the JSON body, rejects with an HttpError. */
  request(method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown): Promise<unknown>;
  /** Template interpolation (`$symbol`, multi-value as csv). */
  replace(value: string, scopedVars?: ScopedVars, format?: string): string;
}

/** An HTTP failure with its status (0 = nothing answered). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    readonly body: unknown
  ) {
    super(`${url} answered ${status === 0 ? 'nothing (unreachable)' : `HTTP ${status}`}${describeBody(body)}`);
    this.name = 'HttpError';
  }
}

/**
 * What Grafana's data source proxy answers (HTTP 400, as text) in place of the data source's own
 * 401, so that Grafana's front end does not take it for the user's session ending.
 */
export const GRAFANA_PROXY_AUTH_FAILED = 'Authentication to data source failed';

/**
 * The HttpError of a failed call through the proxy. Grafana's 400 for the server's 401 is a 401
 * again, so a refused key reads as refused (not as a bad request) wherever 401/403 are checked.
 */
export function proxyHttpError(status: number, url: string, body: unknown): HttpError {
  // backendSrv hands a text body over as `{ message: text, … }`.
  const text = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : body;
  const refusedKey = status === 400 && typeof text === 'string' && text.trim() === GRAFANA_PROXY_AUTH_FAILED;
  return new HttpError(refusedKey ? 401 : status, url, body);
}

function describeBody(body: unknown): string {
  if (typeof body === 'object' && body !== null) {
    const record = body as { message?: unknown; error?: { what?: unknown; why?: unknown } };
    if (record.error && typeof record.error.what === 'string') {
      return `: ${record.error.what}${typeof record.error.why === 'string' ? ` (${record.error.why})` : ''}`;
    }
    if (typeof record.message === 'string') {
      return `: ${record.message}`;
    }
  }
  return typeof body === 'string' && body.length > 0 ? `: ${body.slice(0, 200)}` : '';
}

export const grafanaServices: DataSourceServices = {
  async request(method, url, body) {
    try {
      const response = await lastValueFrom(
        getBackendSrv().fetch<unknown>({
          url,
          method,
          ...(body === undefined ? {} : { data: body }),
          showErrorAlert: false,
          showSuccessAlert: false,
        })
      );
      return response.data;
    } catch (error) {
      const failure = error as Partial<FetchError>;
      throw proxyHttpError(typeof failure.status === 'number' ? failure.status : 0, url, failure.data ?? String(error));
    }
  },
  replace: (value, scopedVars, format) => getTemplateSrv().replace(value, scopedVars, format),
};
