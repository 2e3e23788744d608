/**
 * The query kinds the query editor offers (docs/datasource.md): the live stream of a channel, or
 * one of the stored-history kinds. Pure: which kind a query is, and the query a kind switch
 * writes, so the editor, the provisioned dashboards and their tests agree on one model.
 */
import { isChannel } from '../../protocol';
import {
  DEFAULT_QUERY,
  STORED_QUERY_DEFAULTS,
  STORED_QUERY_TYPES,
  type MciQuery,
  type StoredQueryType,
} from '../types';

export type QueryKind = 'live' | StoredQueryType;

export const QUERY_KINDS: readonly QueryKind[] = ['live', ...STORED_QUERY_TYPES];

export const QUERY_KIND_LABELS: Record<QueryKind, { label: string; description: string }> = {
  live: { label: 'Live channel', description: 'Stream one MCI channel, backfilled from the server history' },
  metricAggregates: {
    label: 'Service metrics (stored)',
    description: 'p50/p95/p99, min, max, avg and count of a service metric over the range',
  },
  trades: { label: 'Trades (stored)', description: 'Closed trades of a profile over the range' },
  profileMetrics: {
    label: 'Profile metrics (stored)',
    description: 'Hourly or daily P&L, success rate, drawdown, slippage, orders or system metrics of a profile',
  },
};

/** The fields only a live query uses. */
const LIVE_KEYS = ['symbols', 'orders', 'strategyKinds', 'bufferSize', 'symbolEvictMs'] as const;
/** The fields of each stored kind, each written with its default when absent. */
const STORED_KEYS: Record<StoredQueryType, ReadonlyArray<keyof typeof STORED_QUERY_DEFAULTS>> = {
  metricAggregates: ['service', 'metricType'],
  trades: ['profileId'],
  profileMetrics: ['profileId', 'profileMetric', 'windowType'],
};
const ALL_STORED_KEYS = [...new Set(Object.values(STORED_KEYS).flat())];

export function kindOf(query: Pick<MciQuery, 'queryType'>): QueryKind {
  return STORED_QUERY_TYPES.find((kind) => kind === query.queryType) ?? 'live';
}

/**
 * The query as `kind` reads it: another kind's fields are removed, the kind's own fields are
 * kept or set to their defaults, and the field filter stays only within the same kind (the
 * columns differ between kinds). The channel stays, so switching back to live returns to it.
 * For a query already of that kind with every field set, this is the query itself.
 */
export function queryForKind(query: MciQuery, kind: QueryKind): MciQuery {
  const sameKind = kindOf(query) === kind;
  const next: Record<string, unknown> = { ...query };
  const drop = (keys: readonly string[]) => keys.forEach((key) => delete next[key]);
  next.channel = isChannel(query.channel) ? query.channel : DEFAULT_QUERY.channel;
  if (!sameKind) {
    drop(['fields']);
  }
  if (kind === 'live') {
    drop(ALL_STORED_KEYS);
    if (!sameKind) {
      drop(['queryType']);
    }
    return next as unknown as MciQuery;
  }
  drop(LIVE_KEYS);
  drop(ALL_STORED_KEYS.filter((key) => !STORED_KEYS[kind].includes(key)));
  next.queryType = kind;
  for (const key of STORED_KEYS[kind]) {
    next[key] = query[key] ?? STORED_QUERY_DEFAULTS[key];
  }
  return next as unknown as MciQuery;
}
