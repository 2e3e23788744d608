/**
 * Spec 004's REST routes over the store (docs/metrics-api.md): `GET /metrics/health`,
 * `POST /metrics/ingest` (validated whole: a bad sample rejects the request with 400 and nothing
 * is stored), `POST /metrics/query` (p50/p95/p99/min/max/avg/count per 1m, 5m or 1h bucket, or
 * the raw samples), `GET /metrics/services` (status and statistics per service) and
 * `GET /metrics/alerts`. Reads need the telemetry API key; ingesting writes, so it needs the
 * control key. Without a database (`--store memory`) the stored reads answer 503 saying so.
 */
import type { FastifyInstance } from 'fastify';
import {
  IngestBodySchema,
  MetricQueryBodySchema,
  METRICS_API_PATHS,
  parseValue,
  wireTimeToMs,
  type IngestSample,
  type MetricAlertData,
  type MetricQueryResult,
  type ServiceMetricName,
} from '../../../src/protocol';
import { severityOf } from '../../engine/thresholds';
import type { Thresholds } from '../../engine/types';
import { MetricsRepository, type MetricAlertRow, type RawSample } from '../../store/metrics/MetricsRepository';
import { recloseBuckets } from '../../store/metrics/MetricAggregator';
import { queryMetric } from '../../store/metrics/queryMetric';
import type { Store } from '../../store/Store';
import { HttpError } from '../httpErrors';
import type { MetricsSocket } from '../MetricsSocket';
import type { RetentionConfig } from '../../store/StoreSink';

export interface ServiceMetricsRouteDeps {
  store: Store;
  metricsSocket: MetricsSocket;
  thresholds: Thresholds;
  retention: RetentionConfig;
  now: () => number;
}

/** Samples may be ingested this far ahead of the server's clock (clock skew). */
const MAX_FUTURE_SKEW_MS = 5 * 60_000;
/** A query spans at most the aggregates' default retention. */
const MAX_QUERY_SPAN_MS = 7 * 86_400_000;

const INGEST_HOW =
  'Send {"service": "api", "metric_type": "latency", "value": 125.4, "timestamp": "2026-01-29T10:30:00Z"}, an array of such samples, or {"metrics": [...]}; metric_type is one of latency, throughput, error_rate, cpu, memory';
const QUERY_HOW =
  'Send {"service": "api", "metric_type": "latency", "from": "2026-01-29T00:00:00Z", "to": 1769731200000, "interval": "1m"}; interval is 1m, 5m, 1h or raw';

export function registerServiceMetricsRoutes(app: FastifyInstance, deps: ServiceMetricsRouteDeps): void {
  const { metricsSocket, now } = deps;
  const read = { access: 'telemetry' } as const;
  const repository = () => {
    const database = deps.store.database;
    if (database === undefined) {
      throw new HttpError(
        'SERVER_ERROR',
        {
          what: 'No stored service metrics',
          why: 'The server keeps its history in memory only (--store memory), so there are no tables to read',
          how: 'Start mci-sim serve with --store sqlite:<file> (the default) or --store mysql://…',
        },
        503
      );
    }
    return new MetricsRepository(database.db);
  };

  app.get(METRICS_API_PATHS.health, { config: read }, async () => ({
    status: 'healthy',
    timestamp: new Date(now()).toISOString(),
    store: deps.store.database === undefined ? 'memory' : deps.store.database.dialect,
    websocket_clients: metricsSocket.clientCount,
  }));

  app.post(METRICS_API_PATHS.ingest, { config: { access: 'control' } }, async (request, reply) => {
    if (deps.store.database?.readOnly === true) {
      throw new HttpError(
        'SERVER_ERROR',
        {
          what: 'This server does not store service metrics',
          why: 'It is a gateway: it opens the store read-only, and the engine process is the one writer of the store',
          how: 'Send the samples to an mci-sim serve on this store, or write them into the database directly',
        },
        503
      );
    }
    const samples = ingestSamples(request.body, now(), deps.retention.rawMs);
    const store = repository();
    await store.insertSamples(samples);
    await recloseBuckets(
      store,
      samples.map((s) => s.timestamp)
    );
    const alerts = samples.flatMap((sample) => alertOf(sample, deps.thresholds) ?? []);
    await store.insertAlerts(alerts);
    metricsSocket.publishSamples(samples);
    alerts.forEach((alert) => metricsSocket.publishAlert(alertData(alert)));
    return reply.code(201).send({ stored: samples.length, alerts: alerts.map(alertData) });
  });

  app.post(METRICS_API_PATHS.query, { config: read }, async (request): Promise<MetricQueryResult> => {
    const rawBody = request.body;
    if (typeof rawBody !== 'object' || rawBody === null || Array.isArray(rawBody)) {
      throw new HttpError('INVALID_MESSAGE', {
        what: 'Query rejected',
        why: 'The body is empty or not a JSON object',
        how: QUERY_HOW,
      });
    }
    const parsed = parseValue(MetricQueryBodySchema, rawBody);
    if (!parsed.ok) {
      throw new HttpError('INVALID_MESSAGE', { what: 'Query rejected', why: parsed.error.message, how: QUERY_HOW });
    }
    const body = parsed.value;
    const from = wireTimeToMs(body.from);
    const to = wireTimeToMs(body.to);
    if (!(from < to) || to - from > MAX_QUERY_SPAN_MS) {
      throw new HttpError('INVALID_MESSAGE', {
        what: 'Query rejected',
        why:
          from < to
            ? `The range spans ${Math.round((to - from) / 86_400_000)} days; at most 7 days are stored`
            : `from (${new Date(from).toISOString()}) is not before to (${new Date(to).toISOString()})`,
        how: QUERY_HOW,
      });
    }
    const query = { service: body.service, metric_type: body.metric_type, from, to, interval: body.interval };
    return { ...query, points: await queryMetric(repository(), query) };
  });

  app.get<{ Querystring: { window?: string } }>(METRICS_API_PATHS.services, { config: read }, async () => {
    const since = now() - 3_600_000;
    const stats = await repository().seriesStats(since);
    const services = new Map<string, { service: string; status: string; metrics: Record<string, unknown> }>();
    for (const s of stats) {
      const entry = services.get(s.service) ?? { service: s.service, status: 'healthy', metrics: {} };
      const threshold = deps.thresholds[s.metric_type as ServiceMetricName];
      const level = threshold === undefined ? undefined : severityOf(threshold, s.latest);
      if (level === 'critical' || (level === 'warning' && entry.status === 'healthy')) {
        entry.status = level;
      }
      entry.metrics[s.metric_type] = {
        latest: s.latest,
        latest_at: new Date(s.latest_at).toISOString(),
        min: s.min,
        max: s.max,
        avg: s.avg,
        count: s.count,
      };
      services.set(s.service, entry);
    }
    return { since: new Date(since).toISOString(), services: [...services.values()] };
  });

  app.get<{ Querystring: { limit?: number } }>(
    METRICS_API_PATHS.alerts,
    {
      config: { ...read, how: 'Pass limit as a whole number from 1 to 1000, e.g. ?limit=50' },
      schema: {
        querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 1000 } } },
      },
    },
    async (request) => {
      const rows = await repository().recentAlerts(now() - 7 * 86_400_000, request.query.limit ?? 100);
      return { alerts: rows.map((row) => ({ ...alertData(row), state: row.state })) };
    }
  );
}

/** The ingest body as samples with times, or a 400 saying which sample is wrong and why. */
export function ingestSamples(body: unknown, now: number, rawRetentionMs: number): RawSample[] {
  const parsed = parseValue(IngestBodySchema, body ?? null);
  if (!parsed.ok) {
    throw new HttpError('INVALID_MESSAGE', { what: 'Metrics rejected', why: parsed.error.message, how: INGEST_HOW });
  }
  const value = parsed.value;
  const list: IngestSample[] = Array.isArray(value) ? value : 'metrics' in value ? value.metrics : [value];
  return list.map((sample, index) => {
    const timestamp = sample.timestamp === undefined ? now : wireTimeToMs(sample.timestamp);
    if (timestamp > now + MAX_FUTURE_SKEW_MS || timestamp < now - rawRetentionMs) {
      throw new HttpError('INVALID_MESSAGE', {
        what: 'Metrics rejected',
        why: `sample ${index} has timestamp ${new Date(timestamp).toISOString()}, outside the stored window (the last ${Math.round(rawRetentionMs / 3_600_000)} h up to 5 min ahead); nothing was stored`,
        how: INGEST_HOW,
      });
    }
    return {
      timestamp,
      service: sample.service,
      metric_type: sample.metric_type,
      value: sample.value,
      tags: sample.tags,
    };
  });
}

function alertOf(sample: RawSample, thresholds: Thresholds): MetricAlertRow | undefined {
  const threshold = thresholds[sample.metric_type as ServiceMetricName];
  const severity = threshold === undefined ? undefined : severityOf(threshold, sample.value);
  if (severity === undefined) {
    return undefined;
  }
  return {
    timestamp: sample.timestamp,
    service: sample.service,
    metric_type: sample.metric_type,
    severity,
    state: 'active',
    message: `${sample.metric_type} threshold exceeded for ${sample.service}`,
    value: sample.value,
    threshold: threshold[severity],
  };
}

export function alertData(row: MetricAlertRow): MetricAlertData {
  return {
    severity: row.severity,
    message: row.message,
    value: row.value,
    threshold: row.threshold,
    service: row.service,
    metric_type: row.metric_type,
    timestamp: new Date(row.timestamp).toISOString(),
  };
}
