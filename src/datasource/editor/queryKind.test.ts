import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { STORED_QUERY_DEFAULTS, type MciQuery } from '../types';
import { kindOf, queryForKind } from './queryKind';

const live: MciQuery = {
  refId: 'A',
  datasource: { type: 'mci-telemetry-datasource', uid: 'mci' },
  channel: 'market',
  symbols: ['$symbol'],
  fields: ['bid'],
  bufferSize: 500,
  symbolEvictMs: 60_000,
};

describe('kindOf', () => {
  it.each([
    [{}, 'live'],
    [{ queryType: 'annotations' }, 'live'],
    [{ queryType: 'metricAggregates' }, 'metricAggregates'],
    [{ queryType: 'trades' }, 'trades'],
    [{ queryType: 'profileMetrics' }, 'profileMetrics'],
    [{ queryType: 'somethingElse' }, 'live'],
  ])('reads %j as %s', (query, kind) => {
    expect(kindOf(query)).toBe(kind);
  });
});

describe('queryForKind', () => {
  it.each([
    [
      'metricAggregates',
      {
        refId: 'A',
        datasource: live.datasource,
        channel: 'market',
        queryType: 'metricAggregates',
        service: STORED_QUERY_DEFAULTS.service,
        metricType: STORED_QUERY_DEFAULTS.metricType,
      },
    ],
    [
      'trades',
      {
        refId: 'A',
        datasource: live.datasource,
        channel: 'market',
        queryType: 'trades',
        profileId: STORED_QUERY_DEFAULTS.profileId,
      },
    ],
    [
      'profileMetrics',
      {
        refId: 'A',
        datasource: live.datasource,
        channel: 'market',
        queryType: 'profileMetrics',
        profileId: STORED_QUERY_DEFAULTS.profileId,
        profileMetric: STORED_QUERY_DEFAULTS.profileMetric,
        windowType: STORED_QUERY_DEFAULTS.windowType,
      },
    ],
  ] as const)('turns a live query into %s with explicit defaults and no live fields', (kind, expected) => {
    expect(queryForKind(live, kind)).toEqual(expected);
  });

  it("keeps a stored query's own fields and filter, and drops another kind's", () => {
    const query: MciQuery = {
      refId: 'B',
      channel: 'orders',
      queryType: 'profileMetrics',
      profileId: 2,
      profileMetric: 'equity',
      windowType: 'day',
      service: 'api',
      fields: ['pnl'],
    };
    expect(queryForKind(query, 'profileMetrics')).toEqual({
      refId: 'B',
      channel: 'orders',
      queryType: 'profileMetrics',
      profileId: 2,
      profileMetric: 'equity',
      windowType: 'day',
      fields: ['pnl'],
    });
    expect(queryForKind(query, 'trades')).toEqual({ refId: 'B', channel: 'orders', queryType: 'trades', profileId: 2 });
  });

  it('turns a stored query back into a live query of its channel, without the stored fields', () => {
    const stored = queryForKind(live, 'metricAggregates');
    expect(queryForKind(stored, 'live')).toEqual({ refId: 'A', datasource: live.datasource, channel: 'market' });
  });

  it('leaves a live query, and an annotation query, as they are', () => {
    expect(queryForKind(live, 'live')).toEqual(live);
    const annotation: MciQuery = {
      refId: 'Anno',
      channel: 'strategy',
      queryType: 'annotations',
      strategyKinds: ['signal'],
    };
    expect(queryForKind(annotation, 'live')).toEqual(annotation);
  });

  it('gives a query without a known channel the default channel', () => {
    const query = { refId: 'A', channel: 'nope' } as unknown as MciQuery;
    expect(queryForKind(query, 'trades').channel).toBe('orders');
  });
});

describe("the provisioned dashboards' stored queries", () => {
  const dir = join(__dirname, '..', '..', 'dashboards');
  const targets = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => {
      const dashboard = JSON.parse(readFileSync(join(dir, name), 'utf8')) as {
        panels?: Array<{ title?: string; targets?: MciQuery[] }>;
      };
      return (dashboard.panels ?? []).flatMap((panel) =>
        (panel.targets ?? [])
          .filter((target) => kindOf(target) !== 'live')
          .map((target) => [`${name} "${panel.title}" ${target.refId}`, target] as const)
      );
    });

  it('exist (service health and trading performance)', () => {
    expect(targets.length).toBeGreaterThan(0);
  });

  it.each(targets)('%s is exactly what the query editor writes for its kind', (_name, target) => {
    expect(queryForKind(target, kindOf(target))).toEqual(target);
  });
});
