/**
 * The event history in SQL (SQLite or MySQL/MariaDB, one schema): appends are multi-row inserts
 * in one transaction that skip keys already stored (on SQLite, made by the writer thread that
 * `openStore` hands in, so the main thread never runs them: SqliteWriter.ts); history pages come
 * straight off the
 * (channel, time, epoch, seq) index; retention deletes in bounded chunks so a large backlog never
 * holds the database (or SQLite's event-loop thread) for long.
 */
import { CHANNELS } from '../../src/protocol';
import {
  payloadText,
  type EventGap,
  type EventStore,
  type HistoryPage,
  type HistoryQuery,
  type NewEvent,
} from './EventStore';
import type { Database } from './openDatabase';

/** Rows per INSERT: 5 parameters each stays far below SQLite's 32,766-parameter limit. */
const INSERT_ROWS = 1000;
/** Rows per retention DELETE. */
const DELETE_CHUNK = 5000;

/** Who writes appends instead of this store's own connection (SqliteWriter on SQLite). */
export interface EventAppender {
  append(events: readonly NewEvent[]): Promise<void>;
}

export class SqlEventStore implements EventStore {
  constructor(
    private readonly database: Database,
    private readonly appender?: EventAppender
  ) {}

  async append(events: readonly NewEvent[]): Promise<void> {
    if (events.length === 0) {
      return;
    }
    if (this.appender !== undefined) {
      return this.appender.append(events);
    }
    await this.database.db.transaction().execute(async (trx) => {
      for (let start = 0; start < events.length; start += INSERT_ROWS) {
        const rows = events.slice(start, start + INSERT_ROWS).map((event) => ({
          epoch: event.epoch,
          channel: event.channel,
          seq: event.seq,
          time: event.time,
          payload: payloadText(event.payload),
        }));
        await trx.insertInto('events').values(rows).orIgnore().execute();
      }
    });
  }

  async history(query: HistoryQuery): Promise<HistoryPage> {
    const { after } = query;
    let select = this.database.db
      .selectFrom('events')
      .select(['epoch', 'channel', 'seq', 'time', 'payload'])
      .where('channel', '=', query.channel);
    if (query.from !== undefined) {
      select = select.where('time', '>=', query.from);
    }
    if (query.to !== undefined) {
      select = select.where('time', '<=', query.to);
    }
    if (after !== undefined) {
      select = select.where((eb) =>
        eb.or([
          eb('time', '>', after.time),
          eb.and([
            eb('time', '=', after.time),
            eb.or([eb('epoch', '>', after.epoch), eb.and([eb('epoch', '=', after.epoch), eb('seq', '>', after.seq)])]),
          ]),
        ])
      );
    }
    const rows = await select
      .orderBy('channel')
      .orderBy('time')
      .orderBy('epoch')
      .orderBy('seq')
      .limit(query.limit + 1)
      .execute();
    const events = rows.slice(0, query.limit).map((row) => ({
      epoch: row.epoch,
      channel: row.channel,
      seq: Number(row.seq),
      time: Number(row.time),
      payload: row.payload,
    }));
    if (rows.length <= query.limit) {
      return { events };
    }
    const last = events[events.length - 1];
    return { events, next: { time: last.time, epoch: last.epoch, seq: last.seq } };
  }

  async recordGap(gap: EventGap): Promise<void> {
    await this.database.db
      .insertInto('event_gaps')
      .values({
        epoch: gap.epoch,
        from_time: gap.fromTime,
        to_time: gap.toTime,
        events_lost: gap.eventsLost,
        reason: gap.reason.slice(0, 500),
      })
      .execute();
  }

  async gaps(from: number, to: number): Promise<EventGap[]> {
    const rows = await this.database.db
      .selectFrom('event_gaps')
      .selectAll()
      .where('to_time', '>=', from)
      .where('from_time', '<=', to)
      .orderBy('from_time')
      .execute();
    return rows.map((row) => ({
      epoch: row.epoch,
      fromTime: Number(row.from_time),
      toTime: Number(row.to_time),
      eventsLost: Number(row.events_lost),
      reason: row.reason,
    }));
  }

  async recordEpoch(epoch: string, source: 'serve' | 'seed', startedAt: number): Promise<void> {
    await this.database.db.insertInto('epochs').values({ epoch, source, started_at: startedAt }).orIgnore().execute();
  }

  async deleteBefore(time: number): Promise<number> {
    const { db } = this.database;
    let deleted = 0;
    for (const channel of CHANNELS) {
      for (;;) {
        // The time of the row after the first DELETE_CHUNK old ones bounds one chunk (inclusive, so a
        // chunk always makes progress); no such row means the last chunk.
        const bound = await db
          .selectFrom('events')
          .select('time')
          .where('channel', '=', channel)
          .where('time', '<', time)
          .orderBy('time')
          .offset(DELETE_CHUNK)
          .limit(1)
          .executeTakeFirst();
        const result = await db
          .deleteFrom('events')
          .where('channel', '=', channel)
          .where('time', bound === undefined ? '<' : '<=', bound === undefined ? time : Number(bound.time))
          .executeTakeFirst();
        deleted += Number(result.numDeletedRows);
        if (bound === undefined) {
          break;
        }
        // Let the event loop run between chunks (SQLite executes on this thread).
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await db.deleteFrom('event_gaps').where('to_time', '<', time).execute();
    return deleted;
  }
}
