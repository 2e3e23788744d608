/**
 * Spec 003's tables: hourly/daily aggregates per profile, one row per closed trade, and sampled
 * health per profile. The spec's columns and indexes, with times as epoch ms (BIGINT) and money
 * as doubles (rupees, rounded by the writer to the spec's decimals).
 */
import type { Kysely } from 'kysely';
import { dialectOf } from './dialectOf';

export async function up(db: Kysely<unknown>): Promise<void> {
  const mysql = dialectOf(db) === 'mysql';
  const id = mysql ? 'bigint' : 'integer';
  await db.schema
    .createTable('dd_telemetry_metrics')
    .addColumn('id', id, (column) => column.primaryKey().autoIncrement())
    .addColumn('profile_id', 'integer', (column) => column.notNull())
    .addColumn('metric_type', 'varchar(50)', (column) => column.notNull())
    .addColumn('metric_name', 'varchar(100)', (column) => column.notNull())
    .addColumn('metric_value', 'double precision', (column) => column.notNull())
    .addColumn('window_type', 'varchar(20)', (column) => column.notNull())
    .addColumn('window_start', 'bigint', (column) => column.notNull())
    .addColumn('window_end', 'bigint', (column) => column.notNull())
    .addColumn('metadata', 'text')
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .execute();
  // One value per profile, metric and window: a window closed again replaces its rows.
  await db.schema
    .createIndex('dd_telemetry_metrics_window_key')
    .on('dd_telemetry_metrics')
    .columns(['profile_id', 'metric_type', 'window_type', 'window_start', 'metric_name'])
    .unique()
    .execute();
  await db.schema
    .createIndex('dd_telemetry_metrics_window')
    .on('dd_telemetry_metrics')
    .columns(['window_start', 'window_end'])
    .execute();

  await db.schema
    .createTable('dd_trade_performance')
    .addColumn('id', id, (column) => column.primaryKey().autoIncrement())
    .addColumn('profile_id', 'integer', (column) => column.notNull())
    .addColumn('symbol', 'varchar(32)', (column) => column.notNull())
    .addColumn('trade_type', 'varchar(20)', (column) => column.notNull())
    .addColumn('side', 'varchar(8)', (column) => column.notNull())
    .addColumn('entry_price', 'double precision', (column) => column.notNull())
    .addColumn('exit_price', 'double precision', (column) => column.notNull())
    .addColumn('quantity', 'integer', (column) => column.notNull())
    .addColumn('pnl', 'double precision', (column) => column.notNull())
    .addColumn('slippage', 'double precision', (column) => column.notNull())
    .addColumn('entry_time', 'bigint', (column) => column.notNull())
    .addColumn('exit_time', 'bigint', (column) => column.notNull())
    .addColumn('duration_seconds', 'integer', (column) => column.notNull())
    .addColumn('exit_reason', 'varchar(200)', (column) => column.notNull())
    .addColumn('metadata', 'text')
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('dd_trade_performance_profile_exit')
    .on('dd_trade_performance')
    .columns(['profile_id', 'exit_time'])
    .execute();
  await db.schema
    .createIndex('dd_trade_performance_symbol')
    .on('dd_trade_performance')
    .columns(['symbol', 'entry_time'])
    .execute();
  await db.schema.createIndex('dd_trade_performance_exit').on('dd_trade_performance').columns(['exit_time']).execute();

  await db.schema
    .createTable('dd_system_health')
    .addColumn('id', id, (column) => column.primaryKey().autoIncrement())
    .addColumn('profile_id', 'integer', (column) => column.notNull())
    .addColumn('script_name', 'varchar(50)', (column) => column.notNull())
    .addColumn('metric_name', 'varchar(100)', (column) => column.notNull())
    .addColumn('metric_value', 'double precision', (column) => column.notNull())
    .addColumn('status', 'varchar(20)', (column) => column.notNull())
    .addColumn('timestamp', 'bigint', (column) => column.notNull())
    .addColumn('metadata', 'text')
    .execute();
  await db.schema
    .createIndex('dd_system_health_profile_script')
    .on('dd_system_health')
    .columns(['profile_id', 'script_name', 'timestamp'])
    .execute();
  await db.schema.createIndex('dd_system_health_time').on('dd_system_health').columns(['timestamp']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('dd_system_health').execute();
  await db.schema.dropTable('dd_trade_performance').execute();
  await db.schema.dropTable('dd_telemetry_metrics').execute();
}
