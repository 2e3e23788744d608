/**
 * Spec 003's REST routes over the store (docs/metrics-api.md), all telemetry reads:
 * `GET /api/v1/profiles`; `GET /api/v1/metrics/{breakout|equity|orders|system}/:profile_id`
 * (hourly or daily `dd_telemetry_metrics` rows, `?window_type=hour|day`); `GET
 * /api/v1/trades/:profile_id` (closed trades, oldest exit first, `?limit=`) and
 * `…/performance` (the window's trades summarised); `GET /api/v1/health/:profile_id` (sampled
 * health rows, newest first) and `GET /api/v1/health/system` (the engine's latest health and each
 * profile's latest status). Every read takes a time window: `from`/`to` (epoch ms or ISO 8601) or
 * `window` (a duration back from now), by default the last 24 hours. Profile 0 is the account.
 */
import type { FastifyInstance } from 'fastify';
import {
  PROFILE_API_PATHS,
  PROFILE_API_PREFIX,
  PROFILE_METRIC_KINDS,
  type ProfileInfo,
  type ProfileMetricKind,
  type TradePerformance,
} from '../../../src/protocol';
import { TRADING_PROFILES } from '../../engine/tradingProfiles';
import type { Store } from '../../store/Store';
import { tradeStats } from '../../store/trading/tradeStats';
import { TradingRepository } from '../../store/trading/TradingRepository';
import { HttpError } from '../httpErrors';
import { parseTimeWindow, type TimeWindowQuery } from './timeWindow';

export interface TradingRouteDeps {
  store: Store;
  now: () => number;
}

const DAY_MS = 86_400_000;
const MAX_TRADES = 10_000;

type WindowQuery = TimeWindowQuery & { limit?: string; window_type?: string };

export function registerTradingRoutes(app: FastifyInstance, deps: TradingRouteDeps): void {
  const config = {
    access: 'telemetry',
    how: 'Use a profile id from GET /api/v1/profiles and ?from=&to= (epoch ms or ISO 8601) or ?window=24h',
  } as const;
  const repository = () => {
    const database = deps.store.database;
    if (database === undefined) {
      throw new HttpError(
        'SERVER_ERROR',
        {
          what: 'No stored trading history',
          why: 'The server keeps its history in memory only (--store memory), so there are no tables to read',
          how: 'Start mci-sim serve with --store sqlite:<file> (the default) or --store mysql://…',
        },
        503
      );
    }
    return new TradingRepository(database.db, deps.now);
  };
  const windowOf = (query: WindowQuery) => parseTimeWindow(query, deps.now(), DAY_MS);

  app.get(PROFILE_API_PATHS.profiles, { config }, async () => ({
    profiles: TRADING_PROFILES.map(
      (p): ProfileInfo => ({ profile_id: p.id, name: p.name, description: p.description })
    ),
  }));

  app.get<{ Params: { kind: string; profile: string }; Querystring: WindowQuery }>(
    `${PROFILE_API_PREFIX}/metrics/:kind/:profile`,
    { config },
    async (request) => {
      const kind = request.params.kind;
      if (!(PROFILE_METRIC_KINDS as readonly string[]).includes(kind)) {
        throw new HttpError('NOT_FOUND', {
          what: 'Unknown metric kind',
          why: `"${kind}" is not one of ${PROFILE_METRIC_KINDS.join(', ')}`,
          how: `Use ${PROFILE_API_PATHS.metrics('breakout', 1)} or another kind`,
        });
      }
      const profileId = profileIdParam(request.params.profile);
      const windowType = request.query.window_type ?? 'hour';
      if (windowType !== 'hour' && windowType !== 'day') {
        throw new HttpError('INVALID_MESSAGE', {
          what: 'Request rejected',
          why: `window_type "${windowType}" is not hour or day`,
          how: 'Pass ?window_type=hour (the default) or ?window_type=day',
        });
      }
      const { from, to } = windowOf(request.query);
      const rows = await repository().windowMetrics(profileId, kind, windowType, from, to);
      return {
        profile_id: profileId,
        metric_type: kind as ProfileMetricKind,
        window_type: windowType,
        from,
        to,
        metrics: rows,
      };
    }
  );

  app.get<{ Params: { profile: string }; Querystring: WindowQuery }>(
    `${PROFILE_API_PREFIX}/trades/:profile`,
    { config },
    async (request) => {
      const profileId = profileIdParam(request.params.profile);
      const { from, to } = windowOf(request.query);
      const limit = limitParam(request.query.limit);
      const trades = await repository().trades(profileId, from, to, limit);
      return { profile_id: profileId, from, to, trades };
    }
  );

  app.get<{ Params: { profile: string }; Querystring: WindowQuery }>(
    `${PROFILE_API_PREFIX}/trades/:profile/performance`,
    { config },
    async (request): Promise<TradePerformance> => {
      const profileId = profileIdParam(request.params.profile);
      const { from, to } = windowOf(request.query);
      const trades = await repository().trades(profileId, from, to, Number.MAX_SAFE_INTEGER);
      return { profile_id: profileId, from, to, ...tradeStats(trades) };
    }
  );

  // Registered before `/health/:profile` so "system" is never read as a profile id.
  app.get<{ Querystring: WindowQuery }>(PROFILE_API_PATHS.systemHealth, { config }, async (request) => {
    const { from, to } = windowOf({ window: '10m', ...request.query });
    const store = repository();
    const profiles = [];
    for (const profile of TRADING_PROFILES) {
      const rows = await store.health(profile.id, from, to, 50);
      const latestAt = rows[0]?.timestamp;
      const latest = rows.filter((row) => row.timestamp === latestAt);
      profiles.push({
        profile_id: profile.id,
        name: profile.name,
        status: worstStatus(latest.map((row) => row.status)),
        timestamp: latestAt ?? null,
        metrics: Object.fromEntries(latest.map((row) => [row.metric_name, row.metric_value])),
      });
    }
    return { status: worstStatus(profiles.map((p) => p.status)), from, to, profiles };
  });

  app.get<{ Params: { profile: string }; Querystring: WindowQuery }>(
    `${PROFILE_API_PREFIX}/health/:profile`,
    { config },
    async (request) => {
      const profileId = profileIdParam(request.params.profile);
      const { from, to } = windowOf(request.query);
      const rows = await repository().health(profileId, from, to, limitParam(request.query.limit));
      return { profile_id: profileId, from, to, health: rows };
    }
  );
}

function profileIdParam(text: string): number {
  const id = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!TRADING_PROFILES.some((profile) => profile.id === id)) {
    throw new HttpError('NOT_FOUND', {
      what: 'Unknown profile',
      why: `"${text}" is not a profile id`,
      how: `Use one of ${TRADING_PROFILES.map((p) => `${p.id} (${p.name})`).join(', ')}; GET ${PROFILE_API_PATHS.profiles} lists them`,
    });
  }
  return id;
}

function limitParam(text: string | undefined): number {
  if (text === undefined) {
    return 1000;
  }
  const limit = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_TRADES)) {
    throw new HttpError('INVALID_MESSAGE', {
      what: 'Request rejected',
      why: `limit ${JSON.stringify(text)} is not a whole number from 1 to ${MAX_TRADES}`,
      how: 'Pass e.g. ?limit=100',
    });
  }
  return limit;
}

function worstStatus(statuses: readonly string[]): string {
  if (statuses.includes('error')) {
    return 'error';
  }
  if (statuses.includes('degraded')) {
    return 'degraded';
  }
  return statuses.length === 0 ? 'unknown' : 'healthy';
}
