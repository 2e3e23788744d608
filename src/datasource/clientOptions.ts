/**
 * ClientOptions of the MCI client from a data source instance: the WebSocket URL from jsonData,
 * REST through Grafana's proxy routes (`${url}/mci/...`), and a one-time ticket fetched through
 * them only when an API key is configured.
 */
import type { DataSourceInstanceSettings } from '@grafana/data';
import type { ClientOptions, WebSocketFactory, WebSocketLike } from '../client';
import { METRICS_API_PATHS, PROFILE_API_PATHS, PROFILE_API_PREFIX, REST_PATHS } from '../protocol';
import type { DataSourceServices } from './grafanaServices';
import { DATASOURCE_DEFAULTS, type MciOptions } from './types';

export const browserWebSocket: WebSocketFactory = (url) => new WebSocket(url) as unknown as WebSocketLike;

export interface ProxyCall {
  method: 'GET' | 'POST' | 'DELETE';
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
  // The query editor's choices for the stored kinds: services with stored metrics, and profiles.
  { method: 'GET', path: METRICS_API_PATHS.services },
  { method: 'GET', path: PROFILE_API_PATHS.profiles },
];

/**
 * The control calls of the Drills page (docs/grafana.md): list, start and stop drill scenarios,
 * and read the alert sink back. Their routes are Editor-only and inject the control key, never
 * the telemetry key; nothing else of the control API (the chaos disconnect) has a route.
 */
export const CONTROL_PROXY_CALLS: readonly ProxyCall[] = [
  { method: 'GET', path: REST_PATHS.scenarios },
  { method: 'POST', path: REST_PATHS.scenarios },
  /** `DELETE …/scenarios/:name`. */
  { method: 'DELETE', path: REST_PATHS.scenarios },
  { method: 'GET', path: REST_PATHS.alertSink },
];

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
  const other = moreWsUrls(settings).find((url) => !/^wss?:\/\/[^/\s]+/i.test(url));
  if (other !== undefined) {
    return `The additional WebSocket URL "${other}" is not a ws:// or wss:// URL. The browser can only open WebSockets at such URLs. Fix or remove it under "More WebSocket URLs" in the data source settings.`;
  }
  return undefined;
}

/** The optional further gateway URLs, trimmed, without empty entries. */
export function moreWsUrls(settings: Pick<DataSourceInstanceSettings<MciOptions>, 'jsonData'>): string[] {
  return (settings.jsonData?.wsUrls ?? []).map((url) => url.trim()).filter((url) => url.length > 0);
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
    ...(moreWsUrls(settings).length > 0 ? { wsUrls: moreWsUrls(settings) } : {}),
    webSocketFactory,
    httpGet: (path) => services.request('GET', restUrl(settings, path)),
    batchMs: settings.jsonData?.batchMs ?? DATASOURCE_DEFAULTS.batchMs,
    ...(getTicket ? { getTicket } : {}),
    ...overrides,
  };
}
