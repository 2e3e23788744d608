/**
 * The `@grafana/runtime` services a plugin may call, as Grafana provides them in the parts our
 * plugins can observe: a backend service over `fetch` (errors shaped like Grafana's `FetchError`),
 * a template service that interpolates `$var`, `${var}` and `[[var]]` from scoped and host
 * variables, and a data source service that knows the one configured instance.
 */
import {
  type DataSourceApi,
  type DataSourceInstanceSettings,
  type ScopedVars,
  type TimeRange,
  type TypedVariableModel,
} from '@grafana/data';
import {
  type BackendSrv,
  type BackendSrvRequest,
  type DataSourceSrv,
  type FetchError,
  type FetchResponse,
  setBackendSrv,
  setDataSourceSrv,
  setTemplateSrv,
  type TemplateSrv,
} from '@grafana/runtime';
import { firstValueFrom, Observable } from 'rxjs';

function withParams(url: string, params?: Record<string, unknown>): string {
  if (!params || Object.keys(params).length === 0) {
    return url;
  }
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null) {
        search.append(key, String(item));
      }
    }
  }
  return `${url}${url.includes('?') ? '&' : '?'}${search.toString()}`;
}

async function readBody(response: Response, responseType: BackendSrvRequest['responseType']): Promise<unknown> {
  if (responseType === 'text') {
    return response.text();
  }
  if (responseType === 'blob') {
    return response.blob();
  }
  if (responseType === 'arraybuffer') {
    return response.arrayBuffer();
  }
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

function fetchObservable<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
  return new Observable<FetchResponse<T>>((subscriber) => {
    const abort = new AbortController();
    const isJsonBody =
      options.data !== undefined && !(options.data instanceof FormData) && typeof options.data !== 'string';
    fetch(withParams(options.url, options.params), {
      method: options.method ?? 'GET',
      headers: { ...(isJsonBody ? { 'Content-Type': 'application/json' } : {}), ...options.headers },
      body:
        options.data === undefined ? undefined : isJsonBody ? JSON.stringify(options.data) : (options.data as BodyInit),
      credentials: options.credentials,
      signal: abort.signal,
    })
      .then(async (response) => {
        const data = (await readBody(response, options.responseType)) as T;
        const result: FetchResponse<T> = {
          data,
          status: response.status,
          statusText: response.statusText,
          ok: response.ok,
          headers: response.headers,
          redirected: response.redirected,
          type: response.type,
          url: response.url,
          config: options,
        };
        if (!response.ok) {
          const error: FetchError = { status: response.status, statusText: response.statusText, data, config: options };
          subscriber.error(error);
          return;
        }
        subscriber.next(result);
        subscriber.complete();
      })
      .catch((reason: unknown) => {
        if (!abort.signal.aborted) {
          // A network failure (server down, refused): status 0, as a browser reports it.
          subscriber.error({
            status: 0,
            statusText: String(reason),
            data: { message: String(reason) },
            config: options,
          });
        }
      });
    return () => abort.abort();
  });
}

export function createBackendSrv(): BackendSrv {
  const request = <T>(options: BackendSrvRequest): Promise<T> =>
    firstValueFrom(fetchObservable<T>(options)).then((response) => response.data);
  return {
    fetch: fetchObservable,
    request,
    datasourceRequest: <T>(options: BackendSrvRequest) => firstValueFrom(fetchObservable<T>(options)),
    get: (url, params, requestId, options) => request({ ...options, url, params, requestId, method: 'GET' }),
    delete: (url, data, options) => request({ ...options, url, data, method: 'DELETE' }),
    post: (url, data, options) => request({ ...options, url, data, method: 'POST' }),
    patch: (url, data, options) => request({ ...options, url, data, method: 'PATCH' }),
    put: (url, data, options) => request({ ...options, url, data, method: 'PUT' }),
    chunked: (options) =>
      new Observable((subscriber) => {
        subscriber.error(new Error(`chunked requests are not offered by the test host (asked for ${options.url}).`));
      }),
  };
}

const VARIABLE_PATTERN = /\$(\w+)|\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]/g;

export function createTemplateSrv(variables: Record<string, string>): TemplateSrv {
  const lookup = (name: string, scopedVars?: ScopedVars): string | undefined => {
    const scoped = scopedVars?.[name]?.value;
    return scoped !== undefined ? String(scoped) : variables[name];
  };
  return {
    getVariables: () =>
      Object.entries(variables).map(
        ([name, value]) =>
          ({
            id: name,
            name,
            type: 'constant',
            query: value,
            current: { value, text: value },
          }) as unknown as TypedVariableModel
      ),
    replace: (target, scopedVars) =>
      (target ?? '').replace(VARIABLE_PATTERN, (match, plain?: string, braced?: string, bracketed?: string) => {
        const name = plain ?? braced ?? bracketed ?? '';
        return lookup(name, scopedVars) ?? match;
      }),
    containsTemplate: (target) => Boolean(target && new RegExp(VARIABLE_PATTERN.source).test(target)),
    updateTimeRange: (_timeRange: TimeRange) => undefined,
  };
}

export function createDataSourceSrv(
  settings: DataSourceInstanceSettings,
  instance: () => Promise<DataSourceApi>
): DataSourceSrv {
  const matches = (ref?: unknown) =>
    ref === undefined ||
    ref === null ||
    ref === settings.uid ||
    ref === settings.name ||
    (typeof ref === 'object' &&
      ((ref as { uid?: string }).uid === settings.uid || (ref as { type?: string }).type === settings.type));
  return {
    get: async (ref) => {
      if (!matches(ref)) {
        throw new Error(
          `Data source ${JSON.stringify(ref)} was not found: the test host configures only "${settings.name}" (${settings.uid}).`
        );
      }
      return instance();
    },
    getList: () => [settings],
    getInstanceSettings: (ref) => (matches(ref) ? settings : undefined),
    reload: async () => undefined,
    registerRuntimeDataSource: () => {
      throw new Error('Runtime data sources are not offered by the test host.');
    },
  };
}

export function installServices(options: {
  variables: Record<string, string>;
  settings: DataSourceInstanceSettings;
  instance: () => Promise<DataSourceApi>;
}): void {
  setBackendSrv(createBackendSrv());
  setTemplateSrv(createTemplateSrv(options.variables));
  setDataSourceSrv(createDataSourceSrv(options.settings, options.instance));
}
