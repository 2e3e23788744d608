/**
 * The stored-history query kinds, each one REST read through the data source's proxy routes:
 * `metricAggregates` (POST /metrics/query at the coarsest stored interval not above the panel's
 * interval), `trades` (GET /api/v1/trades/:profile over the range) and `profileMetrics`
 * (GET /api/v1/metrics/:kind/:profile, hourly or daily windows over the range). The query's
 * `fields` keep only those columns (and the time columns), as for a live query.
 */
import { LoadingState, type DataQueryRequest, type DataQueryResponse } from '@grafana/data';
import { from, type Observable } from 'rxjs';
import {
  coarsestStoredInterval,
  METRICS_API_PATHS,
  PROFILE_API_PATHS,
  type MetricQueryResult,
  type ProfileMetricRow,
  type TradeRecord,
} from '../../protocol';
import { STORED_QUERY_DEFAULTS, type MciQuery, type StoredQueryType } from '../types';
import { keepFields } from './keepFields';
import { aggregateFrame, profileMetricsFrame, tradesFrame } from './storedFrames';

export type StoredRequest = (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<unknown>;

export function runStoredQuery(
  kind: StoredQueryType,
  target: MciQuery,
  request: Pick<DataQueryRequest<MciQuery>, 'range' | 'intervalMs'>,
  call: StoredRequest
): Observable<DataQueryResponse> {
  const fromMs = request.range.from.valueOf();
  const toMs = request.range.to.valueOf();
  const window = `from=${fromMs}&to=${toMs}`;
  const profile = target.profileId ?? STORED_QUERY_DEFAULTS.profileId;
  const read = async (): Promise<DataQueryResponse> => {
    switch (kind) {
      case 'metricAggregates': {
        const result = (await call('POST', METRICS_API_PATHS.query, {
          service: target.service ?? STORED_QUERY_DEFAULTS.service,
          metric_type: target.metricType ?? STORED_QUERY_DEFAULTS.metricType,
          from: fromMs,
          to: toMs,
          interval: coarsestStoredInterval(request.intervalMs),
        })) as MetricQueryResult;
        return { data: [aggregateFrame(target.refId, result)], state: LoadingState.Done, key: target.refId };
      }
      case 'trades': {
        const body = (await call('GET', `${PROFILE_API_PATHS.trades(profile)}?${window}&limit=10000`)) as {
          trades: TradeRecord[];
        };
        return { data: [tradesFrame(target.refId, body.trades)], state: LoadingState.Done, key: target.refId };
      }
      case 'profileMetrics': {
        const metric = target.profileMetric ?? STORED_QUERY_DEFAULTS.profileMetric;
        const windowType = target.windowType ?? STORED_QUERY_DEFAULTS.windowType;
        const body = (await call(
          'GET',
          `${PROFILE_API_PATHS.metrics(metric, profile)}?${window}&window_type=${windowType}`
        )) as { metrics: ProfileMetricRow[] };
        return {
          data: [profileMetricsFrame(target.refId, `profile ${profile} ${metric}`, body.metrics)],
          state: LoadingState.Done,
          key: target.refId,
        };
      }
    }
  };
  // The query's field filter, as for live queries: the asked fields plus every time field.
  return from(
    read().then((response) => ({ ...response, data: response.data.map((frame) => keepFields(frame, target.fields)) }))
  );
}
