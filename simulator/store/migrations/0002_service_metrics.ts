/**
 * Spec 004's service metrics: raw samples (kept 24 h), their 1m/5m/1h aggregates (kept 7 d) and
 * the alerts raised on them. Times are epoch ms (BIGINT); values are doubles.
 */
import type { Kysely } from 'kysely';
import { dialectOf } from './dialectOf';

export async function up(db: Kysely<unknown>): Promise<void> {
  const mysql = dialectOf(db) === 'mysql';
  const id = mysql ? 'bigint' : 'integer';
  await db.schema
    .createTable('metrics')
    .addColumn('id', id, (column) => column.primaryKey().autoIncrement())
    .addColumn('timestamp', 'bigint', (column) => column.notNull())
    .addColumn('service', 'varchar(64)', (column) => column.notNull())
    .addColumn('metric_type', 'varchar(32)', (column) => column.notNull())
    .addColumn('value', 'double precision', (column) => column.notNull())
    .addColumn('tags', 'text')
    .execute();
  // Queries and the aggregator read one series over a time range; retention deletes by time.
  await db.schema
    .createIndex('metrics_series_time')
    .on('metrics')
    .columns(['service', 'metric_type', 'timestamp'])
    .execute();
  await db.schema.createIndex('metrics_time').on('metrics').columns(['timestamp']).execute();

  await db.schema
    .createTable('aggregated_metrics')
    .addColumn('timestamp', 'bigint', (column) => column.notNull())
    .addColumn('service', 'varchar(64)', (column) => column.notNull())
    .addColumn('metric_type', 'varchar(32)', (column) => column.notNull())
    .addColumn('interval', 'varchar(8)', (column) => column.notNull())
    .addColumn('p50', 'double precision', (column) => column.notNull())
    .addColumn('p95', 'double precision', (column) => column.notNull())
    .addColumn('p99', 'double precision', (column) => column.notNull())
    .addColumn('min', 'double precision', (column) => column.notNull())
    .addColumn('max', 'double precision', (column) => column.notNull())
    .addColumn('avg', 'double precision', (column) => column.notNull())
    .addColumn('count', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('aggregated_metrics_pk', ['service', 'metric_type', 'interval', 'timestamp'])
    .execute();
  await db.schema
    .createIndex('aggregated_metrics_interval_time')
    .on('aggregated_metrics')
    .columns(['interval', 'timestamp'])
    .execute();

  await db.schema
    .createTable('metric_alerts')
    .addColumn('id', id, (column) => column.primaryKey().autoIncrement())
    .addColumn('timestamp', 'bigint', (column) => column.notNull())
    .addColumn('service', 'varchar(64)', (column) => column.notNull())
    .addColumn('metric_type', 'varchar(32)', (column) => column.notNull())
    .addColumn('severity', 'varchar(16)', (column) => column.notNull())
    .addColumn('state', 'varchar(16)', (column) => column.notNull())
    .addColumn('message', 'varchar(500)', (column) => column.notNull())
    .addColumn('value', 'double precision', (column) => column.notNull())
    .addColumn('threshold', 'double precision', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('metric_alerts_time').on('metric_alerts').columns(['timestamp']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('metric_alerts').execute();
  await db.schema.dropTable('aggregated_metrics').execute();
  await db.schema.dropTable('metrics').execute();
}
