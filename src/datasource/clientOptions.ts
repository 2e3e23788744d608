/**
 * ClientOptions of the MCI client from a data source instance: the WebSocket URL from jsonData,
 * REST through Grafana's proxy routes (`${url}/mci/...`), and a one-time ticket fetched through
 * them only when an API key is configured.
 */
import type { DataSourceInstanceSettings } from '@grafana/data';
import type { ClientOptions, WebSocketFactory, WebSocketLike } from '../client';
import { METRICS_API_PATHS, PROFILE_API_PREFIX, REST_PATHS } from '../protocol';
import type { DataSourceServices } from './grafanaServices';
import { DATASOURCE_DEFAULTS, type MciOptions } from './types';

export const browserWebSocket: WebSocketFactory = (url) => new WebSocket(url) as unknown as WebSocketLike;

export interface ProxyCall {
  method: 'GET' | 'POST';
  /** A REST path; the call may add a suffix (`/:channel`) and a query. */
  path: string;
}

/**
 * Every REST call the data source (and the client inside it) makes through Grafana's proxy.
 * plugin.json has exactly one route per entry, `${routePath}${path}` with this method, the
 * smallest role and the telemetry key; a test holds the two together and checks that the code
 * calls nothing else (docs/security.md).
 */
export const PROXY_CALLS: readonly ProxyCall[] = [
  { method: 'GET', path: REST_PATHS.snapshot },
  { method: 'GET', path: REST_PATHS.history },
  { method: 'GET', path: REST_PATHS.market },
  { method: 'GET', path: REST_PATHS.health },
  { method: 'POST', path: REST_PATHS.wsTicket },
  // Stored history (docs/metrics-api.md): service-metric aggregates, trades and per-profile windows.
  { method: 'POST', path: METRICS_API_PATHS.query },
  { method: 'GET', path: `${PROFILE_API_PREFIX}/trades` },
  { method: 'GET', path: `${PROFILE_API_PREFIX}/metrics` },
];

/**
 * The one control call: start a drill scenario. Its route is Editor-only and injects the control
 * key, never the telemetry key.
 */
export const CONTROL_PROXY_CALL: ProxyCall = { method: 'POST', path: REST_PATHS.scenarios };

/** `${instance url}/mci` + path: matched by plugin.json's route for that path, toward jsonData.restUrl. */
export function restUrl(settings: Pick<DataSourceInstanceSettings<MciOptions>, 'url'>, path: string): string {
  return `${(settings.url ?? '').replace(/\/+$/, '')}/${DATASOURCE_DEFAULTS.routePath}${path}`;
}

/** A configuration problem, said as what/why/how before anything connects. */
export function configProblem(settings: DataSourceInstanceSettings<MciOptions>): string | undefined {
  const wsUrl = settings.jsonData?.wsUrl?.trim();
  if (!wsUrl) {
    return 'No WebSocket URL is configured. The MCI data source streams over a WebSocket and cannot connect without one. Set "WebSocket URL" (e.g. ws://mci-sim:8080/telemetry) in the data source settings.';
  }
  if (!/^wss?:\/\/[^/\s]+/i.test(wsUrl)) {
    return `The WebSocket URL "${wsUrl}" is not a ws:// or wss:// URL. The browser can only open WebSockets at such URLs. Set it like ws://mci-sim:8080/telemetry in the data source settings.`;
  }
  return undefined;
}

export function clientOptions(
  settings: DataSourceInstanceSettings<MciOptions>,
  services: DataSourceServices,
  webSocketFactory: WebSocketFactory,
  overrides: Partial<ClientOptions> = {}
): ClientOptions {
  const getTicket =
    settings.jsonData?.authMode === 'apiKey'
      ? async () => {
          const body = (await services.request('POST', restUrl(settings, REST_PATHS.wsTicket))) as { ticket?: unknown };
          if (typeof body?.ticket !== 'string') {
            throw new Error(
              `POST ${REST_PATHS.wsTicket} answered without a ticket: the server at the REST URL may not be an MCI server.`
            );
          }
          return body.ticket;
        }
      : undefined;
  return {
    wsUrl: (settings.jsonData?.wsUrl ?? '').trim(),
    webSocketFactory,
    httpGet: (path) => services.request('GET', restUrl(settings, path)),
    batchMs: settings.jsonData?.batchMs ?? DATASOURCE_DEFAULTS.batchMs,
    ...(getTicket ? { getTicket } : {}),
    ...overrides,
  };
}
