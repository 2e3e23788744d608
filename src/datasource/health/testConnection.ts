/**
 * The health check ("Save & test"): with a fresh, short-lived client (never the shared one) it
 * fetches a ticket when a key is configured, connects, authenticates, subscribes to `health`,
 * receives its snapshot and round-trips a client heartbeat, all within a few seconds; then the REST
 * URL must answer `GET /api/telemetry/health` with a 2xx and a health body. A failure says
 * what/why/how and tells apart a server that is down, a wrong WebSocket URL, a rejected key, a
 * REST URL that is not an MCI server (e.g. Grafana itself answering 404) and a timeout.
 */
import type { DataSourceInstanceSettings } from '@grafana/data';
import { filter, take, timeout, type Subscription } from 'rxjs';
import type { ClientOptions, MciClient, WebSocketFactory } from '../../client';
import * as v from 'valibot';
import { REST_PATHS, SystemHealthSchema } from '../../protocol';
import { clientOptions, configProblem, restUrl } from '../clientOptions';
import { HttpError, type DataSourceServices } from '../grafanaServices';
import { DATASOURCE_DEFAULTS, type MciOptions } from '../types';

export interface TestResult {
  status: 'success' | 'error';
  message: string;
}

export interface TestDeps {
  createClient: (options: ClientOptions) => MciClient;
  services: DataSourceServices;
  webSocketFactory: WebSocketFactory;
  timeoutMs?: number;
}

const AUTH_CODES = new Set(['AUTH_REQUIRED', 'SESSION_EXPIRED']);

interface Failure {
  code?: string;
  what?: string;
  why?: string;
  how?: string;
  message?: string;
}

const error = (message: string): TestResult => ({ status: 'error', message });

function authFailed(wsUrl: string, detail: string): TestResult {
  return error(
    `Authentication failed at the MCI server (${wsUrl}): AUTH_REQUIRED. Why: ${detail}. How: set auth to "API key" and enter the key the server was started with (mci-sim serve --api-key), then save and test again.`
  );
}

/** What the REST side answered for `GET /api/telemetry/health` through the proxy. */
type RestVerdict =
  | { kind: 'health' }
  | { kind: 'refused'; detail: string }
  | { kind: 'notMci'; detail: string }
  | { kind: 'unreachable'; detail: string };

/** Grafana's proxy answers these when the upstream is down or does not answer. */
const PROXY_FAILURES = new Set([0, 502, 503, 504]);

/** Only a 2xx with a health body is an MCI server; 401/403 refuse the key; any other answer is not MCI. */
async function restVerdict(
  settings: DataSourceInstanceSettings<MciOptions>,
  services: DataSourceServices
): Promise<RestVerdict> {
  let body: unknown;
  try {
    body = await services.request('GET', restUrl(settings, REST_PATHS.health));
  } catch (failure) {
    const detail = failure instanceof Error ? failure.message : String(failure);
    if (!(failure instanceof HttpError) || PROXY_FAILURES.has(failure.status)) {
      return { kind: 'unreachable', detail };
    }
    return failure.status === 401 || failure.status === 403 ? { kind: 'refused', detail } : { kind: 'notMci', detail };
  }
  const health = v.safeParse(SystemHealthSchema, body);
  return health.success
    ? { kind: 'health' }
    : {
        kind: 'notMci',
        detail: `GET ${REST_PATHS.health} answered without a health body (${health.issues[0].message})`,
      };
}

function keyRefused(restBase: string, detail: string): TestResult {
  return error(
    `The MCI server at ${restBase} refused the API key. Why: the key is wrong or missing (${detail}). How: in Configuration → Data sources → MCI, set auth to "API key" and enter the key the server was started with (mci-sim serve --api-key), then save and test again.`
  );
}

function notMci(restBase: string, detail: string): TestResult {
  return error(
    `The REST URL ${restBase} does not look like an MCI server. Why: ${detail}; an MCI server answers GET ${REST_PATHS.health} with its health. How: set "REST URL" to the MCI server's http:// address (e.g. http://mci-sim:8080), not Grafana's or another web server's, then save and test again.`
  );
}

export async function testConnection(
  settings: DataSourceInstanceSettings<MciOptions>,
  deps: TestDeps
): Promise<TestResult> {
  const problem = configProblem(settings);
  if (problem) {
    return error(problem);
  }
  const wsUrl = settings.jsonData.wsUrl!.trim();
  const timeoutMs = deps.timeoutMs ?? DATASOURCE_DEFAULTS.testTimeoutMs;
  const restBase = settings.jsonData.restUrl || 'the REST URL';

  if (settings.jsonData.authMode === 'apiKey') {
    // Checks the key first (a ticket is single use and expires by itself, so the spare one is harmless).
    try {
      await deps.services.request('POST', restUrl(settings, REST_PATHS.wsTicket));
    } catch (failure) {
      if (failure instanceof HttpError && (failure.status === 401 || failure.status === 403)) {
        return authFailed(wsUrl, `the server refused a ticket for the configured API key (${failure.message})`);
      }
      if (failure instanceof HttpError && !PROXY_FAILURES.has(failure.status)) {
        return notMci(restBase, `POST ${REST_PATHS.wsTicket} answered HTTP ${failure.status}`);
      }
      return error(
        `Cannot reach the MCI server's REST API at ${restBase} through Grafana's proxy. Why: ${failure instanceof Error ? failure.message : String(failure)}; the server may be down or the REST URL wrong. How: check that the server runs and that "REST URL" is its http:// address, then test again.`
      );
    }
  }

  const client = deps.createClient(
    clientOptions(settings, deps.services, deps.webSocketFactory, {
      // One try per backoff step at most: the check reports instead of retrying for long.
      backoffMs: [timeoutMs],
      lingerMs: 0,
      pollIntervalMs: 60 * 60 * 1000,
    })
  );
  let lastFailure: Failure | undefined;
  const statusSubscription = client.status$.subscribe((status) => {
    if (status.lastError) {
      lastFailure = status.lastError;
    }
  });
  const errorSubscription = client.errors$.subscribe((failure) => (lastFailure = failure));
  let healthSubscription: Subscription | undefined;
  try {
    const started = Date.now();
    const subscribed = new Promise<void>((resolve, reject) => {
      healthSubscription = client
        .channel('health')
        .pipe(
          filter((item) => item.kind === 'event'),
          take(1),
          timeout({ first: timeoutMs })
        )
        .subscribe({ next: () => resolve(), error: reject });
    });
    const [roundTripMs] = await Promise.all([client.roundTrip(timeoutMs), subscribed]);
    const elapsed = Date.now() - started;
    const rest = await restVerdict(settings, deps.services);
    if (rest.kind === 'refused') {
      return keyRefused(restBase, rest.detail);
    }
    if (rest.kind === 'notMci') {
      return notMci(restBase, rest.detail);
    }
    if (rest.kind === 'unreachable') {
      return error(
        `Connected over the WebSocket, but the REST API at ${restBase} cannot be reached through Grafana's proxy. Why: the polling fallback and variable queries need it. How: set "REST URL" to the server's http:// address (e.g. http://mci-sim:8080) and test again.`
      );
    }
    return {
      status: 'success',
      message: `Connected to the MCI server at ${wsUrl}: ${settings.jsonData.authMode === 'apiKey' ? 'authenticated with the API key, ' : ''}subscribed to health and round-tripped a heartbeat in ${Math.round(roundTripMs)} ms (check took ${elapsed} ms).`,
    };
  } catch (caught) {
    const failure: Failure = { ...lastFailure, ...(caught as Failure) };
    const code = (caught as Failure).code ?? lastFailure?.code;
    if (code && AUTH_CODES.has(code)) {
      return authFailed(wsUrl, failure.why ?? failure.what ?? 'the server requires a credential');
    }
    const detail = failure.why ?? failure.message ?? 'no answer';
    const timedOut = (caught as Error)?.name === 'TimeoutError' || code === 'HEARTBEAT_TIMEOUT';
    if ((await restVerdict(settings, deps.services)).kind !== 'unreachable') {
      if (timedOut) {
        return error(
          `Timed out: the MCI server did not complete connect, subscribe and heartbeat within ${timeoutMs / 1000} s at ${wsUrl}. Why: ${detail}. How: the server may be overloaded or a proxy may hold WebSocket frames; check its load and any proxy between Grafana users and the server.`
        );
      }
      return error(
        `Cannot open the WebSocket at ${wsUrl}, although the server's REST API answers. Why: ${detail}. How: check "WebSocket URL": its host, port and path (the simulator serves /telemetry).`
      );
    }
    return error(
      `Cannot connect to the MCI server at ${wsUrl}: connection refused or the server is down. Why: ${detail}. How: start the server (mci-sim serve) or fix "WebSocket URL" and "REST URL" in the settings, then test again.`
    );
  } finally {
    healthSubscription?.unsubscribe();
    statusSubscription.unsubscribe();
    errorSubscription.unsubscribe();
    client.close();
  }
}
