/**
 * The Grafana runtime services the data source uses, behind one small interface so tests and Node
 * callers can pass their own. REST goes through Grafana's data source proxy (route `mci`), which
 * injects the API key: the browser never holds it.
 */
import { getBackendSrv, getTemplateSrv, type FetchError } from '@grafana/runtime';
import type { ScopedVars } from '@grafana/data';
import { lastValueFrom } from 'rxjs';

export interface DataSourceServices {
  /** GET or POST (with an optional JSON body) through the proxy; resolves with the JSON body, rejects with an HttpError. */
  request(method: 'GET' | 'POST', url: string, body?: unknown): Promise<unknown>;
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
        getBackendSrv().fetch<unknown>({ url, method, data: body, showErrorAlert: false, showSuccessAlert: false })
      );
      return response.data;
    } catch (error) {
      const failure = error as Partial<FetchError>;
      throw new HttpError(typeof failure.status === 'number' ? failure.status : 0, url, failure.data ?? String(error));
    }
  },
  replace: (value, scopedVars, format) => getTemplateSrv().replace(value, scopedVars, format),
};
