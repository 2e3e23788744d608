/**
 * Every HTTP route of the simulator (DESIGN §4): spec 000 REST, tickets, liveness and readiness,
 * Prometheus, the scenario control API, the chaos disconnect and the alert sink.
 */
import type { Logger } from 'pino';
import { isChannel } from '../../src/protocol';
import type { Registry } from 'prom-client';
import { formatScenarioRun, isScenarioName, parseScenarioRun, SCENARIO_NAMES } from '../engine/scenarioSpec';
import type { Engine, ScenarioRun } from '../engine/types';
import type { Authenticator } from './Authenticator';
import type { ChannelHub } from './ChannelHub';
import type { Gateway } from './Gateway';
import { HttpError, readJsonBody } from './http';
import type { Route } from './router';
import type { ServerMetrics } from './serverMetrics';
import { marketList, telemetrySnapshot } from './telemetryState';

/** Alert-sink notifications kept for `GET /api/sim/alert-sink`. */
export const ALERT_SINK_CAPACITY = 100;

export interface RouteDeps {
  engine: Engine;
  hub: ChannelHub;
  gateway: Gateway;
  authenticator: Authenticator;
  registry: Registry;
  metrics: ServerMetrics;
  logger: Logger;
  now: () => number;
  /** False while starting or shutting down. */
  isReady: () => boolean;
  /** Tell the engine driver that the schedule changed (a scenario started or stopped). */
  scheduleChanged: () => void;
}

export function createRoutes(deps: RouteDeps): Route[] {
  const { engine, hub, gateway, authenticator, registry, metrics, logger, now } = deps;
  const notifications: Array<{ receivedAt: number; body: unknown }> = [];
  let notificationsReceived = 0;

  const telemetry = (path: string, body: () => unknown): Route => ({
    method: 'GET',
    path: new RegExp(`^/api/telemetry/${path}$`),
    auth: true,
    handle: () => ({ body: body() }),
  });

  return [
    { method: 'GET', path: /^\/healthz$/, auth: false, handle: () => ({ body: { status: 'ok' } }) },
    {
      method: 'GET',
      path: /^\/readyz$/,
      auth: false,
      handle: () =>
        deps.isReady()
          ? { body: { status: 'ready', epoch: hub.epoch, clients: gateway.clientCount } }
          : { status: 503, body: { status: 'not ready' } },
    },
    {
      method: 'GET',
      path: /^\/metrics$/,
      auth: false,
      handle: async ({ response }) => {
        const text = await registry.metrics();
        response.writeHead(200, { 'content-type': registry.contentType }).end(text);
        return undefined;
      },
    },
    telemetry('positions', () => hub.latest('positions')?.positions ?? engine.snapshot().positions),
    telemetry('orders', () => engine.snapshot().orders),
    telemetry('account', () => hub.latest('account') ?? engine.snapshot().account),
    telemetry('health', () => hub.latest('health') ?? engine.snapshot().health),
    telemetry('market', () => marketList(hub, engine.snapshot())),
    telemetry('snapshot', () => telemetrySnapshot(hub, engine.snapshot())),
    {
      method: 'GET',
      path: /^\/api\/telemetry\/market\/([^/]+)$/,
      auth: true,
      handle: ({ params }) => {
        const symbol = params[0].toUpperCase();
        const entry = marketList(hub, engine.snapshot()).find((item) => item.symbol === symbol);
        if (entry === undefined) {
          throw new HttpError('NOT_FOUND', {
            what: 'Unknown symbol',
            why: `"${params[0]}" is not in the simulator's watchlist`,
            how: `Use one of ${engine.symbols.join(', ')} (or start the server with --symbols)`,
          });
        }
        return { body: entry };
      },
    },
    {
      // History for backfill: the events the resume history still holds, as the socket sent them.
      method: 'GET',
      path: /^\/api\/telemetry\/history\/([^/]+)$/,
      auth: true,
      handle: ({ params, url, response }) => {
        const [channel] = params;
        if (!isChannel(channel)) {
          throw new HttpError('SUBSCRIPTION_ERROR', {
            what: 'Unknown channel',
            why: `"${channel}" is not a channel`,
          });
        }
        const after = queryNumber(url, 'after', -1);
        const from = queryNumber(url, 'from', 0);
        const limit = queryNumber(url, 'limit', Number.MAX_SAFE_INTEGER);
        const matching = hub.history(channel).filter((frame) => frame.seq > after && frame.time >= from);
        // The newest `limit` of them, oldest first.
        const frames = matching.slice(Math.max(0, matching.length - limit));
        const head = JSON.stringify({ epoch: hub.epoch, channel, seq: hub.seq(channel) }).slice(0, -1);
        const parts: Buffer[] = [Buffer.from(`${head},"events":[`)];
        frames.forEach((frame, index) =>
          parts.push(...(index === 0 ? [frame.bytes] : [Buffer.from(','), frame.bytes]))
        );
        parts.push(Buffer.from(']}'));
        const body = Buffer.concat(parts);
        response
          .writeHead(200, {
            'content-type': 'application/json; charset=utf-8',
            'content-length': body.length,
            'cache-control': 'no-store',
          })
          .end(body);
        return undefined;
      },
    },
    {
      method: 'POST',
      path: /^\/api\/telemetry\/ws-ticket$/,
      auth: true,
      handle: () => ({ status: 201, body: authenticator.issueTicket() }),
    },
    {
      method: 'GET',
      path: /^\/api\/sim\/scenarios$/,
      auth: true,
      handle: () => ({ body: { active: engine.activeScenarios(), available: SCENARIO_NAMES } }),
    },
    {
      method: 'POST',
      path: /^\/api\/sim\/scenarios$/,
      auth: true,
      handle: async ({ request }) => {
        const run = scenarioFromBody(await readJsonBody(request));
        const active = engine.startScenario(run);
        deps.scheduleChanged();
        logger.info({ scenario: formatScenarioRun(run), endsAt: active.endsAt }, 'scenario started');
        return { status: 201, body: active };
      },
    },
    {
      method: 'DELETE',
      path: /^\/api\/sim\/scenarios\/([^/]+)$/,
      auth: true,
      handle: ({ params }) => {
        const [name] = params;
        if (!isScenarioName(name) || !engine.stopScenario(name)) {
          throw new HttpError('NOT_FOUND', {
            what: 'Scenario not running',
            why: `No running scenario is called "${name}"`,
            how: 'GET /api/sim/scenarios lists the active ones',
          });
        }
        deps.scheduleChanged();
        logger.info({ scenario: name }, 'scenario stopped');
        return { body: { stopped: name, active: engine.activeScenarios() } };
      },
    },
    {
      // Chaos control: end every WebSocket session the way a failing or restarting backend would.
      method: 'POST',
      path: /^\/api\/sim\/disconnect$/,
      auth: true,
      handle: async ({ request }) => {
        const body = (await readJsonBody(request)) as { code?: unknown } | undefined;
        const code = body?.code ?? 'SERVER_ERROR';
        if (code !== 'SERVER_ERROR' && code !== 'SESSION_EXPIRED') {
          throw new HttpError('INVALID_MESSAGE', {
            what: 'Request rejected',
            why: `code ${JSON.stringify(code)} is not one the server can end sessions with`,
            how: 'Send {"code": "SERVER_ERROR"} or {"code": "SESSION_EXPIRED"}',
          });
        }
        const closed = gateway.failAll(code, 'Disconnected on request of the control API (POST /api/sim/disconnect)');
        logger.info({ code, closed }, 'sessions ended by the control API');
        return { body: { code, closed } };
      },
    },
    {
      // Grafana's webhook contact point posts here; no credential, so provisioning stays simple.
      method: 'POST',
      path: /^\/api\/sim\/alert-sink$/,
      auth: false,
      handle: async ({ request }) => {
        const body = await readJsonBody(request);
        const receivedAt = now();
        notificationsReceived += 1;
        notifications.push({ receivedAt, body });
        if (notifications.length > ALERT_SINK_CAPACITY) {
          notifications.shift();
        }
        metrics.alertNotifications.inc();
        const summary = body as { status?: unknown; alerts?: unknown[]; groupKey?: unknown } | undefined;
        logger.info(
          { status: summary?.status, alerts: Array.isArray(summary?.alerts) ? summary.alerts.length : undefined },
          'alert notification received'
        );
        return { status: 202, body: { received: notificationsReceived } };
      },
    },
    {
      method: 'GET',
      path: /^\/api\/sim\/alert-sink$/,
      auth: false,
      handle: () => ({ body: { received: notificationsReceived, notifications } }),
    },
  ];
}

/** A non-negative integer query parameter, or the fallback when it is absent. */
function queryNumber(url: URL, name: string, fallback: number): number {
  const text = url.searchParams.get(name);
  if (text === null) {
    return fallback;
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new HttpError('INVALID_MESSAGE', {
      what: 'Request rejected',
      why: `?${name}=${text} is not a whole number ≥ 0`,
      how: `Pass ${name} as a whole number, e.g. ?${name}=100`,
    });
  }
  return value;
}

/** `{"scenario": "cpu-spike@0s/2m"}` or `{"name": "cpu-spike", "offset": "0s", "duration": "2m"}`. */
export function scenarioFromBody(body: unknown): ScenarioRun {
  const reject = (why: string) =>
    new HttpError('INVALID_MESSAGE', {
      what: 'Scenario rejected',
      why,
      how: `Send {"scenario": "cpu-spike@0s/2m"} or {"name": "cpu-spike", "offset": "0s", "duration": "2m"}; names: ${SCENARIO_NAMES.join(', ')}`,
    });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw reject('The body is not a JSON object');
  }
  const { scenario, name, offset, duration } = body as Record<string, unknown>;
  let text: string;
  if (typeof scenario === 'string') {
    text = scenario;
  } else if (typeof name === 'string') {
    const part = (value: unknown, label: string) => {
      if (value === undefined) {
        return '';
      }
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
        return `${value}ms`;
      }
      if (typeof value === 'string') {
        return value;
      }
      throw reject(`${label} must be a duration such as "30s" or a number of milliseconds`);
    };
    const offsetText = part(offset, 'offset');
    const durationText = part(duration, 'duration');
    text = `${name}@${offsetText || '0s'}${durationText ? `/${durationText}` : ''}`;
  } else {
    throw reject('The body has neither "scenario" nor "name"');
  }
  try {
    return parseScenarioRun(text);
  } catch (error) {
    throw reject((error as Error).message);
  }
}
