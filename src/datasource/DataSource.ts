/**
 * The MCI data source (DESIGN §5): one protocol client per instance, created on first use and
 * shared by every query and panel; `query()` merges one stream per target, keyed by refId.
 */
import {
  DataSourceApi,
  LoadingState,
  type AnnotationQuery,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type MetricFindValue,
  type ScopedVars,
} from '@grafana/data';
import { catchError, defer, from, map, merge, of, type Observable } from 'rxjs';
import { createMciClient } from '../client';
import type { ClientOptions, MciClient, WebSocketFactory } from '../client/types';
import { historyPath, isChannel, CHANNELS } from '../protocol';
import { annotationFrame, isAnnotationChannel, ANNOTATION_CHANNELS } from './annotations/annotationFrame';
import { FRAME_DEFAULTS } from './frames';
import { browserWebSocket, clientOptions, configProblem, restUrl } from './clientOptions';
import { grafanaServices, type DataSourceServices } from './grafanaServices';
import { testConnection, type TestResult } from './health/testConnection';
import { responseKey, runChannelStream } from './stream/runChannelStream';
import {
  DATASOURCE_DEFAULTS,
  DEFAULT_QUERY,
  type MciOptions,
  type MciQuery,
  type MciVariableQuery,
  VARIABLE_QUERY_KINDS,
} from './types';
import { variableValues } from './variables/variableValues';
import { MciVariableSupport } from './variables/MciVariableSupport';

/** What the data source needs from outside; Grafana passes only the settings, tests the rest. */
export interface DataSourceDeps {
  createClient: (options: ClientOptions) => MciClient;
  webSocketFactory: WebSocketFactory;
  services: DataSourceServices;
  /** Overrides for the shared client (tests shorten linger and backoff). */
  clientOverrides?: Partial<ClientOptions>;
}

const ANNOTATION_QUERY_TYPE = 'annotations';

/** Symbols after template interpolation: multi-value variables expand, All means no filter. */
export function interpolateSymbols(
  symbols: string[] | undefined,
  services: DataSourceServices,
  scopedVars?: ScopedVars
): string[] {
  const out = new Set<string>();
  for (const entry of symbols ?? []) {
    for (const value of services.replace(entry, scopedVars, 'csv').split(',')) {
      const symbol = value.trim();
      if (symbol === '$__all' || symbol === '*' || symbol === 'All') {
        return [];
      }
      if (symbol) {
        out.add(symbol);
      }
    }
  }
  return [...out];
}

export class DataSource extends DataSourceApi<MciQuery, MciOptions> {
  private client?: MciClient;
  private readonly deps: DataSourceDeps;

  annotations = {
    prepareAnnotation: (annotation: AnnotationQuery<MciQuery>): AnnotationQuery<MciQuery> => ({
      ...annotation,
      target: {
        refId: 'Anno',
        ...annotation.target,
        channel: annotation.target?.channel ?? 'alerts',
        queryType: ANNOTATION_QUERY_TYPE,
      },
    }),
  };

  constructor(
    readonly instanceSettings: DataSourceInstanceSettings<MciOptions>,
    deps: Partial<DataSourceDeps> = {}
  ) {
    super(instanceSettings);
    this.deps = {
      createClient: createMciClient,
      webSocketFactory: browserWebSocket,
      services: grafanaServices,
      ...deps,
    };
    this.variables = new MciVariableSupport(this);
  }

  getDefaultQuery(): Partial<MciQuery> {
    return DEFAULT_QUERY;
  }

  filterQuery(query: MciQuery): boolean {
    // Unknown channels are not filtered out here: query() reports them instead of dropping them.
    return !query.hide;
  }

  /** The shared client, created on the first query. */
  getClient(): MciClient {
    if (!this.client) {
      this.client = this.deps.createClient(
        clientOptions(this.instanceSettings, this.deps.services, this.deps.webSocketFactory, this.deps.clientOverrides)
      );
    }
    return this.client;
  }

  /** Closes the shared client (Node callers; Grafana drops instances without a hook). */
  dispose(): void {
    this.client?.close();
    this.client = undefined;
  }

  query(request: DataQueryRequest<MciQuery>): Observable<DataQueryResponse> {
    const targets = request.targets.filter((target) => !target.hide);
    const problem = configProblem(this.instanceSettings);
    if (problem) {
      return of({ data: [], state: LoadingState.Error, errors: [{ message: problem }] });
    }
    const streams = targets.map((target) => this.runTarget(target, request));
    return streams.length === 0 ? of({ data: [], state: LoadingState.Done }) : merge(...streams);
  }

  /** Routes one target: annotation read, or the live stream of its channel; unknown fails loudly. */
  private runTarget(target: MciQuery, request: DataQueryRequest<MciQuery>): Observable<DataQueryResponse> {
    const key = responseKey(target.refId);
    if (!isChannel(target.channel)) {
      return of({
        key,
        data: [],
        state: LoadingState.Error,
        errors: [
          {
            refId: target.refId,
            message: `Query ${target.refId} names the unknown channel ${JSON.stringify(target.channel)}. The MCI server only streams ${CHANNELS.join(', ')}. Pick a channel in the query editor.`,
          },
        ],
      });
    }
    if (target.queryType === ANNOTATION_QUERY_TYPE) {
      return this.runAnnotations(target, request);
    }
    const bufferSize = target.bufferSize ?? DATASOURCE_DEFAULTS.bufferSize;
    const maxDataPoints =
      request.maxDataPoints && request.maxDataPoints > 0
        ? Math.min(Math.round(request.maxDataPoints), FRAME_DEFAULTS.maxBufferSize)
        : undefined;
    const stream = defer(() =>
      runChannelStream(this.getClient(), {
        refId: target.refId,
        channel: target.channel,
        wsUrl: this.instanceSettings.jsonData.wsUrl ?? '',
        throttleMs: this.instanceSettings.jsonData.throttleMs ?? DATASOURCE_DEFAULTS.throttleMs,
        bufferSize,
        maxDataPoints,
        windowMs: request.range ? request.range.to.valueOf() - request.range.from.valueOf() : undefined,
        symbols: interpolateSymbols(target.symbols, this.deps.services, request.scopedVars),
        fields: target.fields,
        // History first, then live data (DESIGN §5), from the start of the dashboard's range.
        httpGet: (path) => this.deps.services.request('GET', restUrl(this.instanceSettings, path)),
        historyFromMs: request.range ? request.range.from.valueOf() : undefined,
      })
    );
    // A query that cannot start (e.g. an invalid buffer size) fails alone, with its reason.
    return stream.pipe(
      catchError((error: unknown) =>
        of<DataQueryResponse>({
          key,
          data: [],
          state: LoadingState.Error,
          errors: [{ refId: target.refId, message: error instanceof Error ? error.message : String(error) }],
        })
      )
    );
  }

  /** Annotations: one read of the channel's history for the dashboard's time range. */
  private runAnnotations(target: MciQuery, request: DataQueryRequest<MciQuery>): Observable<DataQueryResponse> {
    const channel = target.channel;
    if (!isAnnotationChannel(channel)) {
      return of({
        key: responseKey(target.refId),
        data: [],
        state: LoadingState.Error,
        errors: [
          {
            refId: target.refId,
            message: `Annotations come from event channels only; ${channel} is a state channel. Pick one of ${ANNOTATION_CHANNELS.join(', ')}.`,
          },
        ],
      });
    }
    const fromMs = request.range.from.valueOf();
    const toMs = request.range.to.valueOf();
    const path = historyPath(channel, { from: fromMs });
    return from(this.deps.services.request('GET', restUrl(this.instanceSettings, path))).pipe(
      map((body) => {
        const events = (body as { events?: unknown })?.events;
        return {
          key: responseKey(target.refId),
          state: LoadingState.Done,
          data: [annotationFrame(channel, Array.isArray(events) ? events : [], target.refId, fromMs, toMs)],
        };
      })
    );
  }

  async metricFindQuery(query: MciVariableQuery | string): Promise<MetricFindValue[]> {
    const kind = typeof query === 'string' ? query.trim() : query?.query;
    if (!VARIABLE_QUERY_KINDS.includes(kind as never)) {
      throw new Error(
        `Unknown variable query ${JSON.stringify(kind)}. The MCI data source lists ${VARIABLE_QUERY_KINDS.join(', ')}; pick one in the variable editor.`
      );
    }
    return variableValues(kind as MciVariableQuery['query'], (path) =>
      this.deps.services.request('GET', restUrl(this.instanceSettings, path))
    );
  }

  async testDatasource(): Promise<TestResult> {
    return testConnection(this.instanceSettings, {
      createClient: this.deps.createClient,
      services: this.deps.services,
      webSocketFactory: this.deps.webSocketFactory,
    });
  }
}
