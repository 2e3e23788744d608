/**
 * The database schema as Kysely sees it: one interface per table, one `StoreSchema` naming them.
 * Migrations (`migrations/`) create exactly these tables on SQLite and MySQL/MariaDB. Times are
 * epoch milliseconds in BIGINT columns on both back ends (no time zones, no dialect date types).
 * Other parts of the store add their tables here next to their migrations.
 */
import type { Generated } from 'kysely';
import type { MetricTables } from './metrics/metricTables';
import type { TradingTables } from './trading/tradingTables';

/** One published event of a channel, as the wire bytes' JSON text; keyed by (epoch, channel, seq). */
export interface EventsTable {
  epoch: string;
  channel: string;
  seq: number;
  /** When the event happened, epoch ms. */
  time: number;
  /** The wire message `{"event":…,"data":…,"seq":N}` as text. */
  payload: string;
}

/** A span in which events were published but not stored (the store was down or full). */
export interface EventGapsTable {
  id: Generated<number>;
  epoch: string;
  /** First and last event time that was not stored, epoch ms. */
  from_time: number;
  to_time: number;
  /** How many events were dropped in the span. */
  events_lost: number;
  reason: string;
}

/** Each epoch that wrote to the store: a server start or a seed run. */
export interface EpochsTable {
  epoch: string;
  /** `serve` or `seed`. */
  source: string;
  started_at: number;
}

/** Spec 004's tables (`metrics/metricTables.ts`) and spec 003's (`trading/tradingTables.ts`) join the event history's. */
export interface StoreSchema extends MetricTables, TradingTables {
  events: EventsTable;
  event_gaps: EventGapsTable;
  epochs: EpochsTable;
}
