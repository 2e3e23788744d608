/**
 * The MCI data source (docs/datasource.md): one protocol client per instance, created on first use
 * and shared by every query and panel. `query()` only routes, as Grafana's TestData does: each
 * target becomes an annotation read or the live stream of its channel, keyed by refId, and an
 * unknown channel fails loudly. The work lives in `stream/`.
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
import { catchError, defer, EMPTY, merge, of, type Observable, type Subscription } from 'rxjs';
import {
  createMciClient,
  type ClientOptions,
  type HttpGet,
  type MciClient,
  type SkippedMessage,
  type WebSocketFactory,
} from '../client';
import { isChannel, CHANNELS } from '../protocol';
import { browserWebSocket, clientOptions, configProblem, restUrl } from './clientOptions';
import { consoleLogger } from './consoleLogger';
import { grafanaServices, type DataSourceServices } from './grafanaServices';
import { testConnection, type TestResult } from './health/testConnection';
import { createDrillControl, type DrillControl } from './control/drillControl';
import { createStoredChoices, type StoredChoices } from './editor/storedChoices';
import { STATUS_DEFAULTS, watchStatus, type InstanceStatus, type WatchStatusOptions } from './status/watchStatus';
import { channelStreamOptions, interpolateSymbols } from './stream/channelStreamOptions';
import { runAnnotationQuery } from './stream/runAnnotationQuery';
import { SkippedTally } from './stream/SkippedTally';
import { createRepaintClock, type RepaintClock } from './stream/repaintClock';
import { responseKey, runChannelStream } from './stream/runChannelStream';
import { runStoredQuery } from './stored/runStoredQuery';
import {
  DEFAULT_QUERY,
  STORED_QUERY_TYPES,
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

/** A target that fails alone, with its reason, while the other targets keep streaming. */
function failed(refId: string, error: unknown): Observable<DataQueryResponse> {
  return of({
    key: responseKey(refId),
    data: [],
    state: LoadingState.Error,
    errors: [{ refId, message: error instanceof Error ? error.message : String(error) }],
  });
}

export class DataSource extends DataSourceApi<MciQuery, MciOptions> {
  private client?: MciClient;
  private clientSkips?: Subscription;
  private readonly deps: DataSourceDeps;
  /** Every message this instance skipped as invalid, shown on the queries of its channel. */
  private readonly skipped = new SkippedTally(consoleLogger);
  private readonly reportSkipped = (message: SkippedMessage) => this.skipped.report(message);
  /** One repaint rhythm per throttle window for every live query of the instance (stream/repaintClock.ts). */
  private readonly repaintClocks = new Map<number, RepaintClock>();

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

  /**
   * The drill calls of the app's Drills page (docs/grafana.md), through the Editor-only control
   * routes of plugin.json.
   */
  readonly drills: DrillControl;

  /** What the query editor offers for the stored kinds: services and profiles, from the server. */
  readonly storedChoices: StoredChoices;

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
    this.variables = new MciVariableSupport((query) => this.metricFindQuery(query));
    this.drills = createDrillControl(
      (method, url, body) => this.deps.services.request(method, url, body),
      (path) => restUrl(this.instanceSettings, path)
    );
    this.storedChoices = createStoredChoices((path) => this.httpGet(path));
  }

  /**
   * The live status of this instance for the app's Status page: the shared client's connection
   * state and epoch, a heartbeat round trip, and per channel the events per second and the time
   * of the last event. Subscribing watches the channels through the shared client (the same
   * subscriptions as the panels); unsubscribing releases them.
   */
  watchStatus(options: Partial<WatchStatusOptions> = {}): Observable<InstanceStatus> {
    return defer(() => watchStatus(this.getClient(), { ...STATUS_DEFAULTS, channels: CHANNELS, ...options }));
  }

  /**
   * Dashboard variables in a query (`$symbol`, `$order`), as Grafana asks of every data source:
   * multi-values and All expand as in `interpolateSymbols`, so `All` or an empty textbox means
   * "no filter". The stream reads the result, and Explore gets the same when a query is copied.
   */
  applyTemplateVariables(query: MciQuery, scopedVars: ScopedVars): MciQuery {
    const replace = (value: string, vars?: ScopedVars, format?: string) =>
      this.deps.services.replace(value, vars, format);
    return {
      ...query,
      ...(query.symbols ? { symbols: interpolateSymbols(query.symbols, replace, scopedVars) } : {}),
      ...(query.orders ? { orders: interpolateSymbols(query.orders, replace, scopedVars) } : {}),
    };
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
      const client = this.deps.createClient(
        clientOptions(this.instanceSettings, this.deps.services, this.deps.webSocketFactory, {
          logger: consoleLogger,
          ...this.deps.clientOverrides,
        })
      );
      // A client built without `skipped$` (an older or hand-made one) simply reports none.
      this.clientSkips = (client.skipped$ ?? EMPTY).subscribe((message) => this.skipped.record(message));
      this.client = client;
    }
    return this.client;
  }

  /** Closes the shared client (Node callers; Grafana drops instances without a hook). */
  dispose(): void {
    this.clientSkips?.unsubscribe();
    this.client?.close();
    this.client = undefined;
  }

  /** GET through the data source's proxy route. */
  private readonly httpGet: HttpGet = (path) => this.deps.services.request('GET', restUrl(this.instanceSettings, path));

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
    const stored = STORED_QUERY_TYPES.find((kind) => kind === target.queryType);
    if (stored !== undefined) {
      const replace = (value: string | undefined) =>
        value === undefined ? undefined : this.deps.services.replace(value, request.scopedVars);
      const resolved = { ...target, service: replace(target.service), metricType: replace(target.metricType) };
      return runStoredQuery(stored, resolved, request, (method, path, body) =>
        this.deps.services.request(method, restUrl(this.instanceSettings, path), body)
      ).pipe(
        catchError((error: unknown) =>
          failed(
            target.refId,
            `Cannot read the stored ${stored} of query ${target.refId}: ${error instanceof Error ? error.message : String(error)}. Why: the server's store could not be read through the REST URL. How: check "REST URL" in the data source settings and that the server runs with a store (--store sqlite:… or mysql://…).`
          )
        )
      );
    }
    if (!isChannel(target.channel)) {
      return failed(
        target.refId,
        `Query ${target.refId} names the unknown channel ${JSON.stringify(target.channel)}. The MCI server only streams ${CHANNELS.join(', ')}. Pick a channel in the query editor.`
      );
    }
    if (target.queryType === ANNOTATION_QUERY_TYPE) {
      return runAnnotationQuery({
        refId: target.refId,
        channel: target.channel,
        fromMs: request.range.from.valueOf(),
        toMs: request.range.to.valueOf(),
        httpGet: this.httpGet,
        now: Date.now,
        onSkipped: this.reportSkipped,
        filter: {
          kinds: target.strategyKinds,
          symbols: interpolateSymbols(
            target.symbols,
            (value, scopedVars, format) => this.deps.services.replace(value, scopedVars, format),
            request.scopedVars
          ),
        },
      }).pipe(
        // One failing read fails its own target only, as a live target does.
        catchError((error: unknown) =>
          failed(
            target.refId,
            `Cannot read the ${target.channel} annotations: ${error instanceof Error ? error.message : String(error)}. Why: the server's history could not be read through the REST URL. How: check "REST URL" in the data source settings; the other annotations are not affected.`
          )
        )
      );
    }
    const stream = defer(() => {
      const options = channelStreamOptions({
        target: this.applyTemplateVariables(target, request.scopedVars),
        request,
        jsonData: this.instanceSettings.jsonData,
        replace: (value, scopedVars, format) => this.deps.services.replace(value, scopedVars, format),
        httpGet: this.httpGet,
      });
      return runChannelStream(this.getClient(), {
        ...options,
        skipped: this.skipped,
        repaintClock: this.repaintClock(options.throttleMs),
      });
    });
    // A query that cannot start (e.g. an invalid buffer size) fails alone, with its reason.
    return stream.pipe(catchError((error: unknown) => failed(target.refId, error)));
  }

  private repaintClock(throttleMs: number): RepaintClock {
    let clock = this.repaintClocks.get(throttleMs);
    if (clock === undefined) {
      clock = createRepaintClock(throttleMs);
      this.repaintClocks.set(throttleMs, clock);
    }
    return clock;
  }

  async metricFindQuery(query: MciVariableQuery | string): Promise<MetricFindValue[]> {
    const kind = typeof query === 'string' ? query.trim() : query?.query;
    if (!VARIABLE_QUERY_KINDS.includes(kind as never)) {
      throw new Error(
        `Unknown variable query ${JSON.stringify(kind)}. The MCI data source lists ${VARIABLE_QUERY_KINDS.join(', ')}; pick one in the variable editor.`
      );
    }
    return variableValues(kind as MciVariableQuery['query'], this.httpGet, this.reportSkipped);
  }

  async testDatasource(): Promise<TestResult> {
    return testConnection(this.instanceSettings, {
      createClient: this.deps.createClient,
      services: this.deps.services,
      webSocketFactory: this.deps.webSocketFactory,
    });
  }
}
