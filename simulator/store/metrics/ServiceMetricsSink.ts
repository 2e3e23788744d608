/**
 * The store sink of spec 004: every `services` event becomes 25 raw samples and every alert
 * change a `metric_alerts` row, queued and written in one transaction per flush (each second, or
 * sooner when a burst such as `seed` fills the queue); after each write the aggregator closes
 * the buckets the newest sample has passed. Retention: raw samples `retention.rawMs` (24 h),
 * aggregates and alerts `retention.aggregateMs` (7 d). With no database (`--store memory`) it
 * stores nothing. A failed write keeps nothing half-done: the batch is counted as lost and
 * logged, health turns bad until a write succeeds again.
 */
import type { Alert, DataMessageOf } from '../../../src/protocol';
import type { SinkEvent, SinkHealth, StoreSink, StoreSinkContext } from '../StoreSink';
import { MetricAggregator } from './MetricAggregator';
import { MetricsRepository, type MetricAlertRow, type RawSample } from './MetricsRepository';
import { samplesOfServices } from './samplesOfServices';

export const SERVICE_METRICS_SINK_DEFAULTS = {
  flushIntervalMs: 1000,
  /** A queue this long is written at once instead of at the next tick. */
  flushAtSamples: 25_000,
  /** Past this many queued samples new ones are dropped (counted and logged), so memory stays bounded. */
  maxQueuedSamples: 2_000_000,
} as const;

export function alertRowOf(change: { type: 'raised' | 'resolved'; alert: Alert; timestamp: number }): MetricAlertRow {
  const { alert } = change;
  return {
    timestamp: change.timestamp,
    service: alert.service,
    metric_type: alert.metric,
    severity: alert.severity,
    state: change.type === 'raised' ? 'active' : 'resolved',
    message: alert.message,
    value: alert.value,
    threshold: alert.threshold,
  };
}

export function createServiceMetricsSink(
  context: StoreSinkContext,
  options: Partial<Record<keyof typeof SERVICE_METRICS_SINK_DEFAULTS, number>> = {}
): StoreSink {
  const settings = { ...SERVICE_METRICS_SINK_DEFAULTS, ...options };
  const database = context.store.database;
  const repository = database === undefined ? undefined : new MetricsRepository(database.db);
  const aggregator = repository === undefined ? undefined : new MetricAggregator(repository);
  let samples: RawSample[] = [];
  let alerts: MetricAlertRow[] = [];
  let watermark = Number.NEGATIVE_INFINITY;
  let dropped = 0;
  let health: SinkHealth = { ok: true };
  let writing: Promise<void> = Promise.resolve();
  const timer =
    repository === undefined
      ? undefined
      : setInterval(() => void flush().catch(() => undefined), settings.flushIntervalMs);
  timer?.unref();

  function flush(): Promise<void> {
    writing = writing.then(async () => {
      if (repository === undefined || aggregator === undefined) {
        return;
      }
      const batch = samples;
      const alertBatch = alerts;
      samples = [];
      alerts = [];
      const until = watermark;
      try {
        await repository.insertSamples(batch);
        await repository.insertAlerts(alertBatch);
        if (Number.isFinite(until)) {
          await aggregator.advance(until, batch);
        }
        if (!health.ok) {
          context.logger.info({ sink: 'service-metrics' }, 'service metrics are being stored again');
        }
        health = { ok: true };
      } catch (error) {
        const message = (error as Error).message;
        if (health.ok) {
          health = { ok: false, since: context.now(), error: message };
        }
        context.logger.error(
          { sink: 'service-metrics', samplesLost: batch.length, alertsLost: alertBatch.length, err: error },
          'service metrics could not be stored'
        );
      }
    });
    return writing;
  }

  return {
    name: 'service-metrics',
    write(events: readonly SinkEvent[]) {
      if (repository === undefined) {
        return;
      }
      for (const event of events) {
        if (event.channel === 'services') {
          const fresh = samplesOfServices(event.data as Parameters<typeof samplesOfServices>[0]);
          if (samples.length + fresh.length > settings.maxQueuedSamples) {
            dropped += fresh.length;
            if (dropped === fresh.length) {
              context.logger.warn({ sink: 'service-metrics' }, 'service-metric queue full: samples dropped');
            }
            continue;
          }
          samples.push(...fresh);
          watermark = Math.max(watermark, event.time);
        } else if (event.channel === 'alerts') {
          alerts.push(alertRowOf(event.data as DataMessageOf<'alerts'>['data']));
        }
      }
      if (samples.length >= settings.flushAtSamples) {
        void flush().catch(() => undefined);
      }
    },
    flush,
    async close() {
      if (timer !== undefined) {
        clearInterval(timer);
      }
      await flush();
    },
    health: () => health,
    async prune(now: number) {
      if (repository !== undefined) {
        const deleted = await repository.prune(now - context.retention.rawMs, now - context.retention.aggregateMs);
        context.logger.debug({ sink: 'service-metrics', deleted }, 'service-metric retention');
      }
    },
  };
}
