/**
 * What Grafana's panel query runner does between a data source and a panel: build the request,
 * keep the latest packet per response key (streams answer with one key per target), merge them,
 * and run `applyFieldOverrides` with the panel's field config and the theme.
 */
import {
  applyFieldOverrides,
  type DataFrame,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  type FieldConfigSource,
  type GrafanaTheme2,
  type InterpolateFunction,
  LoadingState,
  type PanelData,
  type PanelPlugin,
  type TimeRange,
  CoreApp,
} from '@grafana/data';
import type { DataQuery } from '@grafana/schema';
import { from, isObservable, map, Observable, scan, startWith, catchError, of } from 'rxjs';

export interface PanelQueryOptions {
  datasource: DataSourceApi;
  plugin: PanelPlugin;
  panelId: number;
  targets: DataQuery[];
  fieldConfig: FieldConfigSource;
  theme: GrafanaTheme2;
  timeRange: TimeRange;
  maxDataPoints: number;
  replaceVariables: InterpolateFunction;
}

interface Packets {
  byKey: Map<string, DataQueryResponse>;
  latest?: DataQueryResponse;
}

let requestCounter = 0;

export function buildRequest(options: PanelQueryOptions): DataQueryRequest<DataQuery> {
  requestCounter += 1;
  const intervalMs = Math.max(
    1000,
    Math.round((options.timeRange.to.valueOf() - options.timeRange.from.valueOf()) / options.maxDataPoints)
  );
  return {
    app: CoreApp.Dashboard,
    requestId: `Q${requestCounter}`,
    panelId: options.panelId,
    dashboardUID: 'mci-e2e',
    targets: options.targets.map((target) => ({
      ...target,
      datasource: { uid: options.datasource.uid, type: options.datasource.type },
    })),
    range: options.timeRange,
    rangeRaw: options.timeRange.raw,
    interval: `${intervalMs / 1000}s`,
    intervalMs,
    maxDataPoints: options.maxDataPoints,
    scopedVars: {},
    timezone: 'utc',
    startTime: Date.now(),
  };
}

function toPanelData(packets: Packets, options: PanelQueryOptions, request: DataQueryRequest<DataQuery>): PanelData {
  const responses = [...packets.byKey.values()];
  const series: DataFrame[] = responses.flatMap((response) => response.data as DataFrame[]);
  const errors: DataQueryError[] = responses.flatMap(
    (response) => response.errors ?? (response.error ? [response.error] : [])
  );
  const state = errors.length > 0 ? LoadingState.Error : (packets.latest?.state ?? LoadingState.Done);
  return {
    state,
    series: applyFieldOverrides({
      data: series,
      fieldConfig: options.fieldConfig,
      fieldConfigRegistry: options.plugin.fieldConfigRegistry,
      replaceVariables: options.replaceVariables,
      theme: options.theme,
      timeZone: 'utc',
    }),
    errors: errors.length > 0 ? errors : undefined,
    error: errors[0],
    timeRange: options.timeRange,
    request,
  };
}

export function runPanelQuery(options: PanelQueryOptions): Observable<PanelData> {
  const request = buildRequest(options);
  const result = options.datasource.query(request);
  const responses: Observable<DataQueryResponse> = isObservable(result) ? result : from(result);
  return responses.pipe(
    scan<DataQueryResponse, Packets>(
      (packets, response) => {
        packets.byKey.set(response.key ?? 'A', response);
        return { byKey: packets.byKey, latest: response };
      },
      { byKey: new Map() }
    ),
    map((packets) => toPanelData(packets, options, request)),
    catchError((error: unknown) => {
      const message = error instanceof Error ? error.message : ((error as DataQueryError)?.message ?? String(error));
      return of<PanelData>({
        state: LoadingState.Error,
        series: [],
        errors: [{ message }],
        error: { message },
        timeRange: options.timeRange,
        request,
      });
    }),
    startWith<PanelData>({ state: LoadingState.Loading, series: [], timeRange: options.timeRange, request })
  );
}
