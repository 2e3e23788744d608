/**
 * The drill calls of the Drills page, through the data source's Editor-only control routes
 * (plugin.json; the proxy injects the control key, the browser never holds it): list, start and
 * stop scenarios on the simulator, and read its alert sink back. Answers are checked here, so a
 * page gets well-formed values or an error that says what, why and how.
 */
import { REST_PATHS } from '../../protocol';
import { HttpError, type DataSourceServices } from '../grafanaServices';

export interface ActiveDrill {
  name: string;
  /** Epoch ms (the server's clock) when the scenario started, or will start. */
  startedAt: number;
  endsAt: number;
}

export interface DrillList {
  active: ActiveDrill[];
  /** Scenario names the server can run. */
  available: string[];
}

export interface SinkNotification {
  /** Epoch ms (the server's clock) when the webhook arrived. */
  receivedAt: number;
  /** The webhook body as posted (Alertmanager's or Grafana's webhook JSON). */
  body: unknown;
}

export interface AlertSinkRead {
  /** Notifications received since the server started (the list keeps only the last ones). */
  received: number;
  notifications: SinkNotification[];
  /** Entries of the answer that were not notifications, left out (shown by the page). */
  skipped: number;
}

export interface StartDrill {
  name: string;
  /** A duration such as "2m"; absent = the scenario's default. */
  duration?: string;
}

type Request = DataSourceServices['request'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function activeDrill(value: unknown): ActiveDrill | undefined {
  if (!isRecord(value) || typeof value.name !== 'string') {
    return undefined;
  }
  const { startedAt, endsAt } = value;
  return typeof startedAt === 'number' && typeof endsAt === 'number'
    ? { name: value.name, startedAt, endsAt }
    : undefined;
}

function notAnMciServer(call: string, why: string): Error {
  return new Error(
    `${call} answered something the Drills page cannot read: ${why}. The REST URL of this data source may not point at an MCI simulator; check "REST URL" in its settings.`
  );
}

/** Says what a refused control call means for the person at the page. */
function explain(call: string, error: unknown): Error {
  if (error instanceof HttpError && (error.status === 401 || error.status === 403)) {
    return new Error(
      `${call} was refused (HTTP ${error.status}). Why: drills need the Editor role in Grafana and the simulator's control key in this data source's settings. How: ask an admin for the Editor role, or set "Control key" in the data source settings to the key the simulator was started with (--control-key).`
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

export function createDrillControl(request: Request, urlOf: (path: string) => string) {
  const call = async (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) => {
    try {
      return await request(method, urlOf(path), body);
    } catch (error) {
      throw explain(`${method} ${path}`, error);
    }
  };
  return {
    async list(): Promise<DrillList> {
      const body = await call('GET', REST_PATHS.scenarios);
      if (!isRecord(body) || !Array.isArray(body.active) || !Array.isArray(body.available)) {
        throw notAnMciServer(`GET ${REST_PATHS.scenarios}`, 'no "active" and "available" lists');
      }
      return {
        active: body.active.map(activeDrill).filter((drill): drill is ActiveDrill => drill !== undefined),
        available: body.available.filter((name): name is string => typeof name === 'string'),
      };
    },
    async start(drill: StartDrill): Promise<ActiveDrill> {
      const body = await call('POST', REST_PATHS.scenarios, {
        name: drill.name,
        offset: '0s',
        ...(drill.duration ? { duration: drill.duration } : {}),
      });
      const started = activeDrill(body);
      if (!started) {
        throw notAnMciServer(`POST ${REST_PATHS.scenarios}`, 'no started scenario in the answer');
      }
      return started;
    },
    async stop(name: string): Promise<void> {
      await call('DELETE', `${REST_PATHS.scenarios}/${encodeURIComponent(name)}`);
    },
    async readAlertSink(): Promise<AlertSinkRead> {
      const body = await call('GET', REST_PATHS.alertSink);
      if (!isRecord(body) || !Array.isArray(body.notifications)) {
        throw notAnMciServer(`GET ${REST_PATHS.alertSink}`, 'no "notifications" list');
      }
      const notifications = body.notifications.flatMap((entry) =>
        isRecord(entry) && typeof entry.receivedAt === 'number'
          ? [{ receivedAt: entry.receivedAt, body: entry.body }]
          : []
      );
      return {
        received: typeof body.received === 'number' ? body.received : body.notifications.length,
        notifications,
        skipped: body.notifications.length - notifications.length,
      };
    },
  };
}

export type DrillControl = ReturnType<typeof createDrillControl>;
