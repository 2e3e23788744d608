/**
 * Spec 003's tables through Kysely, the same SQL on SQLite and MySQL/MariaDB: closed trades,
 * per-profile window aggregates (a window closed again replaces its rows) and sampled health.
 * Profile 0 is the account: its trades are every profile's.
 */
import type { Kysely } from 'kysely';
import type { ProfileMetricRow, TradeRecord } from '../../../src/protocol';
import type { StoreSchema } from '../schema';
import { ACCOUNT_PROFILE_ID } from '../../engine/tradingProfiles';

export type NewTrade = Omit<TradeRecord, 'id'> & { metadata: Record<string, unknown> };

export interface HealthRow {
  profile_id: number;
  script_name: string;
  metric_name: string;
  metric_value: number;
  status: 'healthy' | 'degraded' | 'error';
  timestamp: number;
}

const ROWS_PER_INSERT = 200;

export class TradingRepository {
  constructor(
    private readonly db: Kysely<StoreSchema>,
    private readonly now: () => number
  ) {}

  async insertTrades(trades: readonly NewTrade[]): Promise<void> {
    const rows = trades.map(({ reason, metadata, ...trade }) => ({
      ...trade,
      exit_reason: reason.slice(0, 200),
      metadata: JSON.stringify(metadata),
      created_at: this.now(),
    }));
    await this.insertChunked('dd_trade_performance', rows);
  }

  async insertHealth(rows: readonly HealthRow[]): Promise<void> {
    await this.insertChunked(
      'dd_system_health',
      rows.map((row) => ({ ...row, metadata: null }))
    );
  }

  /** Replace every row of one window (all profiles and kinds) with `rows`, atomically. */
  async replaceWindow(
    windowType: 'hour' | 'day',
    windowStart: number,
    rows: readonly ProfileMetricRow[]
  ): Promise<void> {
    const created = this.now();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('dd_telemetry_metrics')
        .where('window_type', '=', windowType)
        .where('window_start', '=', windowStart)
        .execute();
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
        await trx
          .insertInto('dd_telemetry_metrics')
          .values(rows.slice(i, i + ROWS_PER_INSERT).map((row) => ({ ...row, metadata: null, created_at: created })))
          .execute();
      }
    });
  }

  /** Closed trades with an exit in [from, to), oldest exit first; profile 0 reads every profile's. */
  async trades(profileId: number, from: number, to: number, limit: number): Promise<TradeRecord[]> {
    let query = this.db
      .selectFrom('dd_trade_performance')
      .selectAll()
      .where('exit_time', '>=', from)
      .where('exit_time', '<', to);
    if (profileId !== ACCOUNT_PROFILE_ID) {
      query = query.where('profile_id', '=', profileId);
    }
    const rows = await query.orderBy('exit_time').orderBy('id').limit(limit).execute();
    return rows.map((row) => ({
      id: Number(row.id),
      profile_id: Number(row.profile_id),
      symbol: row.symbol,
      trade_type: row.trade_type,
      side: row.side as TradeRecord['side'],
      entry_price: Number(row.entry_price),
      exit_price: Number(row.exit_price),
      quantity: Number(row.quantity),
      pnl: Number(row.pnl),
      slippage: Number(row.slippage),
      entry_time: Number(row.entry_time),
      exit_time: Number(row.exit_time),
      duration_seconds: Number(row.duration_seconds),
      reason: row.exit_reason,
    }));
  }

  async windowMetrics(
    profileId: number,
    metricType: string,
    windowType: 'hour' | 'day',
    from: number,
    to: number
  ): Promise<ProfileMetricRow[]> {
    const rows = await this.db
      .selectFrom('dd_telemetry_metrics')
      .select(['profile_id', 'metric_type', 'metric_name', 'metric_value', 'window_type', 'window_start', 'window_end'])
      .where('profile_id', '=', profileId)
      .where('metric_type', '=', metricType)
      .where('window_type', '=', windowType)
      .where('window_start', '>=', from)
      .where('window_start', '<', to)
      .orderBy('window_start')
      .orderBy('metric_name')
      .execute();
    return rows.map((row) => ({
      profile_id: Number(row.profile_id),
      metric_type: row.metric_type,
      metric_name: row.metric_name,
      metric_value: Number(row.metric_value),
      window_type: row.window_type as 'hour' | 'day',
      window_start: Number(row.window_start),
      window_end: Number(row.window_end),
    }));
  }

  /** Health rows of a profile in [from, to), newest first. */
  async health(profileId: number, from: number, to: number, limit: number): Promise<HealthRow[]> {
    const rows = await this.db
      .selectFrom('dd_system_health')
      .select(['profile_id', 'script_name', 'metric_name', 'metric_value', 'status', 'timestamp'])
      .where('profile_id', '=', profileId)
      .where('timestamp', '>=', from)
      .where('timestamp', '<', to)
      .orderBy('timestamp', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      ...row,
      profile_id: Number(row.profile_id),
      metric_value: Number(row.metric_value),
      timestamp: Number(row.timestamp),
      status: row.status as HealthRow['status'],
    }));
  }

  /** Health rows are raw samples (kept `rawBefore`); trades and window aggregates are kept longer. */
  async prune(rawBefore: number, aggregateBefore: number): Promise<void> {
    await this.db.deleteFrom('dd_system_health').where('timestamp', '<', rawBefore).execute();
    await this.db.deleteFrom('dd_trade_performance').where('exit_time', '<', aggregateBefore).execute();
    await this.db.deleteFrom('dd_telemetry_metrics').where('window_end', '<=', aggregateBefore).execute();
  }

  private async insertChunked(
    table: 'dd_trade_performance' | 'dd_system_health',
    rows: ReadonlyArray<Record<string, unknown>>
  ): Promise<void> {
    if (rows.length === 0) {
      return;
    }
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
        await trx
          .insertInto(table)
          .values(rows.slice(i, i + ROWS_PER_INSERT) as any)
          .execute();
      }
    });
  }
}
