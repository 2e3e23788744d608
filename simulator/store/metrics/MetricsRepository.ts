/**
 * Spec 004's tables through Kysely, the same SQL on SQLite and MySQL/MariaDB: raw samples in,
 * aggregates replaced bucket range by bucket range, reads for the routes, and retention. Inserts
 * are chunked (SQLite binds at most 32,766 parameters per statement) and run in one transaction.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { MetricPoint } from '../../../src/protocol';
import type { StoreSchema } from '../schema';
import type { AggregateRow, SeriesSample } from './aggregateSamples';
import { INTERVAL_MS, type AggregateInterval } from './intervals';

export interface RawSample extends SeriesSample {
  tags?: Record<string, string | number | boolean>;
}

export interface MetricAlertRow {
  timestamp: number;
  service: string;
  metric_type: string;
  severity: 'warning' | 'critical';
  state: 'active' | 'resolved';
  message: string;
  value: number;
  threshold: number;
}

export interface SeriesStats {
  service: string;
  metric_type: string;
  latest: number;
  latest_at: number;
  min: number;
  max: number;
  avg: number;
  count: number;
}

const ROWS_PER_INSERT = 500;

export class MetricsRepository {
  /**
   * The text of `insert into metrics … values (…), …` of a full chunk, compiled once: a seed writes
   * about two million samples a day, and building each statement through the query builder (an
   * object per row, parsed and compiled) cost more than SQLite's own work.
   */
  private fullChunkSql: string | undefined;

  constructor(private readonly db: Kysely<StoreSchema>) {}

  async insertSamples(samples: readonly RawSample[]): Promise<void> {
    if (samples.length === 0) {
      return;
    }
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < samples.length; i += ROWS_PER_INSERT) {
        const chunk = samples.slice(i, i + ROWS_PER_INSERT);
        const parameters: Array<string | number | null> = [];
        for (const s of chunk) {
          parameters.push(
            s.timestamp,
            s.service,
            s.metric_type,
            s.value,
            s.tags === undefined ? null : JSON.stringify(s.tags)
          );
        }
        await trx.executeQuery(CompiledQuery.raw(this.insertSamplesSql(chunk.length), parameters));
      }
    });
  }

  private insertSamplesSql(rows: number): string {
    const compile = () => {
      const row = { timestamp: 0, service: '', metric_type: '', value: 0, tags: null };
      return this.db.insertInto('metrics').values(Array<typeof row>(rows).fill(row)).compile().sql;
    };
    if (rows !== ROWS_PER_INSERT) {
      return compile();
    }
    this.fullChunkSql ??= compile();
    return this.fullChunkSql;
  }

  async insertAlerts(alerts: readonly MetricAlertRow[]): Promise<void> {
    if (alerts.length > 0) {
      await this.db
        .insertInto('metric_alerts')
        .values([...alerts])
        .execute();
    }
  }

  /** Raw samples in [from, to), of one series or all, in time order. */
  async samplesBetween(
    from: number,
    to: number,
    series?: { service: string; metric_type: string },
    limit?: number
  ): Promise<SeriesSample[]> {
    let query = this.db
      .selectFrom('metrics')
      .select(['timestamp', 'service', 'metric_type', 'value'])
      .where('timestamp', '>=', from)
      .where('timestamp', '<', to);
    if (series !== undefined) {
      query = query.where('service', '=', series.service).where('metric_type', '=', series.metric_type);
    }
    query = query.orderBy('timestamp').orderBy('id');
    if (limit !== undefined) {
      query = query.limit(limit);
    }
    const rows = await query.execute();
    return rows.map((row) => ({ ...row, timestamp: Number(row.timestamp), value: Number(row.value) }));
  }

  /** How many raw samples (of every series) lie in [from, to). */
  async countSamples(from: number, to: number): Promise<number> {
    const row = await this.db
      .selectFrom('metrics')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('timestamp', '>=', from)
      .where('timestamp', '<', to)
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /** Time of the earliest raw sample at or after `from`, if any. */
  async earliestSampleTime(from = 0): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('metrics')
      .select((eb) => eb.fn.min('timestamp').as('first'))
      .where('timestamp', '>=', from)
      .executeTakeFirst();
    return row?.first === null || row?.first === undefined ? undefined : Number(row.first);
  }

  /** Replace the aggregates of `interval` in [from, to) with `rows`, atomically. */
  async replaceAggregates(
    interval: AggregateInterval,
    from: number,
    to: number,
    rows: readonly AggregateRow[]
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('aggregated_metrics')
        .where('interval', '=', interval)
        .where('timestamp', '>=', from)
        .where('timestamp', '<', to)
        .execute();
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
        await trx
          .insertInto('aggregated_metrics')
          .values(rows.slice(i, i + ROWS_PER_INSERT))
          .execute();
      }
    });
  }

  /** End of the newest stored bucket of `interval` (where the aggregator resumes), if any. */
  async aggregatedUntil(interval: AggregateInterval): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('aggregated_metrics')
      .select((eb) => eb.fn.max('timestamp').as('last'))
      .where('interval', '=', interval)
      .executeTakeFirst();
    return row?.last === null || row?.last === undefined ? undefined : Number(row.last) + INTERVAL_MS[interval];
  }

  /** Stored buckets of one series with a start in [from, to), oldest first. */
  async aggregates(
    series: { service: string; metric_type: string },
    interval: AggregateInterval,
    from: number,
    to: number
  ): Promise<MetricPoint[]> {
    const rows = await this.db
      .selectFrom('aggregated_metrics')
      .select(['timestamp', 'p50', 'p95', 'p99', 'min', 'max', 'avg', 'count'])
      .where('service', '=', series.service)
      .where('metric_type', '=', series.metric_type)
      .where('interval', '=', interval)
      .where('timestamp', '>=', from)
      .where('timestamp', '<', to)
      .orderBy('timestamp')
      .execute();
    return rows.map((row) => ({
      timestamp: Number(row.timestamp),
      p50: Number(row.p50),
      p95: Number(row.p95),
      p99: Number(row.p99),
      min: Number(row.min),
      max: Number(row.max),
      avg: Number(row.avg),
      count: Number(row.count),
    }));
  }

  /** The newest `limit` samples, oldest first (the `/ws/metrics` initial message after a restart). */
  async latestSamples(limit: number): Promise<SeriesSample[]> {
    const rows = await this.db
      .selectFrom('metrics')
      .select(['timestamp', 'service', 'metric_type', 'value'])
      .orderBy('timestamp', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.reverse().map((row) => ({ ...row, timestamp: Number(row.timestamp), value: Number(row.value) }));
  }

  /** Per series since `since`: count, min, max, average and the latest value. */
  async seriesStats(since: number): Promise<SeriesStats[]> {
    const stats = await this.db
      .selectFrom('metrics')
      .select((eb) => [
        'service',
        'metric_type',
        eb.fn.countAll().as('count'),
        eb.fn.min('value').as('min'),
        eb.fn.max('value').as('max'),
        eb.fn.avg('value').as('avg'),
        eb.fn.max('timestamp').as('latest_at'),
      ])
      .where('timestamp', '>=', since)
      .groupBy(['service', 'metric_type'])
      .orderBy('service')
      .orderBy('metric_type')
      .execute();
    const out: SeriesStats[] = [];
    for (const row of stats) {
      const latestAt = Number(row.latest_at);
      const latest = await this.db
        .selectFrom('metrics')
        .select('value')
        .where('service', '=', row.service)
        .where('metric_type', '=', row.metric_type)
        .where('timestamp', '=', latestAt)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      out.push({
        service: row.service,
        metric_type: row.metric_type,
        latest: Number(latest?.value ?? Number.NaN),
        latest_at: latestAt,
        min: Number(row.min),
        max: Number(row.max),
        avg: Number(row.avg),
        count: Number(row.count),
      });
    }
    return out;
  }

  /** The newest `limit` alerts since `since`, newest first. */
  async recentAlerts(since: number, limit: number): Promise<MetricAlertRow[]> {
    const rows = await this.db
      .selectFrom('metric_alerts')
      .select(['timestamp', 'service', 'metric_type', 'severity', 'state', 'message', 'value', 'threshold'])
      .where('timestamp', '>=', since)
      .orderBy('timestamp', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      ...row,
      timestamp: Number(row.timestamp),
      value: Number(row.value),
      threshold: Number(row.threshold),
      severity: row.severity as MetricAlertRow['severity'],
      state: row.state as MetricAlertRow['state'],
    }));
  }

  /** Delete raw samples before `rawBefore`, aggregates and alerts before `aggregateBefore`. */
  async prune(
    rawBefore: number,
    aggregateBefore: number
  ): Promise<{ raw: number; aggregates: number; alerts: number }> {
    const raw = await this.db.deleteFrom('metrics').where('timestamp', '<', rawBefore).executeTakeFirst();
    const aggregates = await this.db
      .deleteFrom('aggregated_metrics')
      .where('timestamp', '<', aggregateBefore)
      .executeTakeFirst();
    const alerts = await this.db
      .deleteFrom('metric_alerts')
      .where('timestamp', '<', aggregateBefore)
      .executeTakeFirst();
    return {
      raw: Number(raw.numDeletedRows),
      aggregates: Number(aggregates.numDeletedRows),
      alerts: Number(alerts.numDeletedRows),
    };
  }
}
