/**
 * `/metrics/query` reads one series' buckets of one interval over a time range: rows that share
 * (service, metric_type, interval) and lie next to each other in time. On MySQL/MariaDB (InnoDB)
 * a table is stored in primary-key order, so those rows already sit together. On SQLite a table
 * with a rowid is stored in insertion order (every series interleaved by time), and the primary
 * key is a separate index: a day at 1m was 1,440 index entries plus 1,440 scattered table rows.
 * Rebuilding `aggregated_metrics` as a WITHOUT ROWID table stores it in primary-key order there
 * too, so the query is one range scan of adjacent pages and nothing else (docs/metrics-api.md).
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from './dialectOf';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'mysql') {
    return;
  }
  await rebuild(db, true);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'mysql') {
    return;
  }
  await rebuild(db, false);
}

/**
 * Same columns, key and index as migration 0002; only the storage order changes. The migrator runs
 * SQLite migrations in one transaction, so a failed rebuild leaves the old table as it was.
 */
async function rebuild(db: Kysely<unknown>, withoutRowid: boolean): Promise<void> {
  let table = db.schema
    .createTable('aggregated_metrics_rebuilt')
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
    .addPrimaryKeyConstraint('aggregated_metrics_pk', ['service', 'metric_type', 'interval', 'timestamp']);
  if (withoutRowid) {
    table = table.modifyEnd(sql`without rowid`);
  }
  await table.execute();
  await sql`insert into aggregated_metrics_rebuilt
    (timestamp, service, metric_type, interval, p50, p95, p99, min, max, avg, count)
    select timestamp, service, metric_type, interval, p50, p95, p99, min, max, avg, count
    from aggregated_metrics`.execute(db);
  await db.schema.dropTable('aggregated_metrics').execute();
  await db.schema.alterTable('aggregated_metrics_rebuilt').renameTo('aggregated_metrics').execute();
  await db.schema
    .createIndex('aggregated_metrics_interval_time')
    .on('aggregated_metrics')
    .columns(['interval', 'timestamp'])
    .execute();
}
