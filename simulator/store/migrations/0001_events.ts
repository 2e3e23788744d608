/**
 * The event history: every stored event keyed by (epoch, channel, seq), the gaps when the store
 * could not keep up or was down, and the epochs that wrote. Times are epoch ms (BIGINT).
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from './dialectOf';

export async function up(db: Kysely<unknown>): Promise<void> {
  const mysql = dialectOf(db) === 'mysql';
  await db.schema
    .createTable('events')
    .addColumn('epoch', 'varchar(64)', (column) => column.notNull())
    .addColumn('channel', 'varchar(32)', (column) => column.notNull())
    .addColumn('seq', 'bigint', (column) => column.notNull())
    .addColumn('time', 'bigint', (column) => column.notNull())
    // A market frame with many symbols is larger than MySQL's TEXT (64 KB).
    .addColumn('payload', mysql ? sql`longtext` : 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('events_pk', ['epoch', 'channel', 'seq'])
    .execute();
  // History reads one channel over a time range in (time, epoch, seq) order straight off this index,
  // so a page never sorts the whole range; retention deletes by time per channel through it too.
  await db.schema
    .createIndex('events_channel_time')
    .on('events')
    .columns(['channel', 'time', 'epoch', 'seq'])
    .execute();

  await db.schema
    .createTable('event_gaps')
    .addColumn('id', mysql ? 'bigint' : 'integer', (column) => column.primaryKey().autoIncrement())
    .addColumn('epoch', 'varchar(64)', (column) => column.notNull())
    .addColumn('from_time', 'bigint', (column) => column.notNull())
    .addColumn('to_time', 'bigint', (column) => column.notNull())
    .addColumn('events_lost', 'bigint', (column) => column.notNull())
    .addColumn('reason', 'varchar(500)', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('event_gaps_to_time').on('event_gaps').columns(['to_time']).execute();

  await db.schema
    .createTable('epochs')
    .addColumn('epoch', 'varchar(64)', (column) => column.primaryKey())
    .addColumn('source', 'varchar(16)', (column) => column.notNull())
    .addColumn('started_at', 'bigint', (column) => column.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('epochs').execute();
  await db.schema.dropTable('event_gaps').execute();
  await db.schema.dropTable('events').execute();
}
