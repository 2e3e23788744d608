/**
 * The REST surface of an MCI server, in one place: every path the client, the data source, the
 * simulator's routes and the data source's `plugin.json` route test use. Paths are absolute from
 * the server's REST root (`restUrl`); Grafana's proxy prefixes them with the route.
 *
 * Spec 000 defines the telemetry reads; the ticket, history, liveness and control paths are this
 * project's extensions (docs/protocol.md, docs/server.md).
 */
import type { Channel } from './channels';

/** Everything the telemetry reads share; the data source's read route covers exactly this prefix. */
export const TELEMETRY_PREFIX = '/api/telemetry';

export const REST_PATHS = {
  positions: `${TELEMETRY_PREFIX}/positions`,
  orders: `${TELEMETRY_PREFIX}/orders`,
  account: `${TELEMETRY_PREFIX}/account`,
  health: `${TELEMETRY_PREFIX}/health`,
  /** `GET` the market list; `GET …/market/:symbol` one symbol. */
  market: `${TELEMETRY_PREFIX}/market`,
  /** Every channel's state at once, with `epoch` and per-channel `seq`. */
  snapshot: `${TELEMETRY_PREFIX}/snapshot`,
  /**
   * `GET …/history/:channel?from=&to=&limit=&cursor=`: stored events for backfill, oldest first,
   * a page at a time (`next` in the answer is the next page's `cursor`); `after=` (a seq of the
   * current epoch) reads the server's recent in-memory events instead.
   */
  history: `${TELEMETRY_PREFIX}/history`,
  /** `POST`: a one-time WebSocket ticket (browsers cannot send headers on a WebSocket). */
  wsTicket: `${TELEMETRY_PREFIX}/ws-ticket`,
  healthz: '/healthz',
  readyz: '/readyz',
  /** Prometheus text exposition. */
  metrics: '/metrics',
  /** The simulator's control API: scenarios, chaos disconnect, alert sink. Never a telemetry read. */
  controlPrefix: '/api/sim',
  scenarios: '/api/sim/scenarios',
  disconnect: '/api/sim/disconnect',
  alertSink: '/api/sim/alert-sink',
} as const;

/** `GET` path of one symbol's market entry. */
export function marketSymbolPath(symbol: string): string {
  return `${REST_PATHS.market}/${encodeURIComponent(symbol)}`;
}

/**
 * Query of a history read: events at or after `from` and at or before `to` (epoch ms), oldest
 * first, at most `limit` (server default 10,000) per page, continuing at `cursor` (the previous
 * page's `next`); or the current epoch's events after the seq `after`.
 */
export interface HistoryQuery {
  from?: number;
  to?: number;
  after?: number;
  limit?: number;
  cursor?: string;
}

/** The history answer: `events` are wire messages; `next` is set when more pages match. */
export interface HistoryPage {
  epoch: string;
  channel: Channel;
  /** The channel's current seq in this epoch. */
  seq: number;
  events: unknown[];
  next?: string;
  /** Spans the server could not store (it was down or full), epoch ms. */
  gaps?: Array<{ epoch: string; fromTime: number; toTime: number; eventsLost: number; reason: string }>;
}

/** `GET` path of a channel's history, with its query string. */
export function historyPath(channel: Channel, query: HistoryQuery = {}): string {
  const params = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`);
  return `${REST_PATHS.history}/${channel}${params.length > 0 ? `?${params.join('&')}` : ''}`;
}
