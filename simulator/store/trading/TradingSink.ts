/**
 * The store sink of spec 003: each closed trade (from the engine's `position_closed` activity) a
 * `dd_trade_performance` row; engine health sampled once a minute into `dd_system_health`
 * (profile 0, script `engine`) with each strategy's order health for that minute; and the
 * background aggregation of `dd_telemetry_metrics`: the open hour and day windows accumulate
 * orders, equity, health and alerts from the stream, and when event time passes a window's end
 * its rows are computed (with the window's trades read back from the table) and written.
 * Everything is written in batches off the write path, one pass at a time. A window open when the
 * server stops is closed from what it saw (its trades are all in the table). With no database
 * (`--store memory`) it stores nothing.
 */
import type { DataMessageOf, TradeRecord } from '../../../src/protocol';
import { ACCOUNT_PROFILE_ID, TRADING_PROFILES, profileIdOf } from '../../engine/tradingProfiles';
import type { SinkEvent, SinkHealth, StoreSink, StoreSinkContext } from '../StoreSink';
import { tradeOfActivity } from './tradeOfActivity';
import { TradingRepository, type HealthRow, type NewTrade } from './TradingRepository';
import {
  addEquity,
  addHealth,
  countOrder,
  openWindow,
  windowRows,
  type OrderCounts,
  type WindowAccumulator,
  type WindowType,
} from './windowRows';

const HEALTH_SAMPLE_MS = 60_000;
const FLUSH_INTERVAL_MS = 1000;
const MAX_WINDOW_TRADES = 1_000_000;

const ORDER_OUTCOMES: Partial<Record<string, keyof OrderCounts>> = {
  new: 'placed',
  filled: 'filled',
  rejected: 'rejected',
  cancelled: 'cancelled',
};

export function createTradingSink(context: StoreSinkContext): StoreSink {
  const database = context.store.database;
  const repository = database === undefined ? undefined : new TradingRepository(database.db, context.now);
  let trades: NewTrade[] = [];
  let healthRows: HealthRow[] = [];
  const closing: WindowAccumulator[] = [];
  const open = new Map<WindowType, WindowAccumulator>();
  /** Orders per strategy profile in the current health minute. */
  let minute: { start: number; orders: Map<number, OrderCounts> } | undefined;
  let lastEngineSample = Number.NEGATIVE_INFINITY;
  let health: SinkHealth = { ok: true };
  let writing: Promise<void> = Promise.resolve();
  const timer = repository === undefined ? undefined : setInterval(() => void flush(), FLUSH_INTERVAL_MS);
  timer?.unref();

  function windowsAt(time: number): WindowAccumulator[] {
    const out: WindowAccumulator[] = [];
    for (const type of ['hour', 'day'] as const) {
      let window = open.get(type);
      if (window !== undefined && time >= window.end) {
        closing.push(window);
        window = undefined;
      }
      if (window === undefined) {
        window = openWindow(type, time);
        open.set(type, window);
      }
      out.push(window);
    }
    return out;
  }

  function minuteAt(time: number): Map<number, OrderCounts> {
    const start = Math.floor(time / HEALTH_SAMPLE_MS) * HEALTH_SAMPLE_MS;
    if (minute !== undefined && start !== minute.start) {
      healthRows.push(...strategyHealthRows(minute.start, minute.orders));
      minute = undefined;
    }
    minute ??= { start, orders: new Map() };
    return minute.orders;
  }

  function take(event: SinkEvent): void {
    const windows = windowsAt(event.time);
    switch (event.channel) {
      case 'activity': {
        const trade = tradeOfActivity(event.data as DataMessageOf<'activity'>['data']);
        if (trade !== undefined) {
          trades.push(trade);
        }
        return;
      }
      case 'orders': {
        const data = event.data as DataMessageOf<'orders'>['data'];
        const outcome = ORDER_OUTCOMES[data.type];
        if (outcome === undefined) {
          return;
        }
        const profile = profileIdOf(data.order.strategy ?? 'flow') ?? ACCOUNT_PROFILE_ID;
        windows.forEach((window) => countOrder(window, profile, outcome));
        const counts = minuteAt(event.time);
        const own = counts.get(profile) ?? { placed: 0, filled: 0, rejected: 0, cancelled: 0 };
        own[outcome] += 1;
        counts.set(profile, own);
        return;
      }
      case 'account': {
        const data = event.data as DataMessageOf<'account'>['data'];
        windows.forEach((window) => addEquity(window, data.equity));
        return;
      }
      case 'health': {
        const data = event.data as DataMessageOf<'health'>['data'];
        windows.forEach((window) => addHealth(window, data));
        if (event.time - lastEngineSample >= HEALTH_SAMPLE_MS) {
          lastEngineSample = event.time;
          healthRows.push(...engineHealthRows(data, event.time));
        }
        minuteAt(event.time);
        return;
      }
      case 'alerts': {
        const data = event.data as DataMessageOf<'alerts'>['data'];
        if (data.type === 'raised') {
          windows.forEach((window) => (window.alertsRaised += 1));
        }
        return;
      }
      default:
        return;
    }
  }
  function flush(final = false): Promise<void> {
    writing = writing.then(async () => {
      if (repository === undefined) {
        return;
      }
      const tradeBatch = trades;
      const healthBatch = healthRows;
      trades = [];
      healthRows = [];
      if (final) {
        closing.push(...open.values());
        open.clear();
      }
      const windows = closing.splice(0, closing.length);
      try {
        await repository.insertTrades(tradeBatch);
        await repository.insertHealth(healthBatch);
        for (const window of windows) {
          const windowTrades: TradeRecord[] = await repository.trades(
            ACCOUNT_PROFILE_ID,
            window.start,
            window.end,
            MAX_WINDOW_TRADES
          );
          await repository.replaceWindow(window.type, window.start, windowRows(window, windowTrades));
        }
        health = { ok: true };
      } catch (error) {
        if (health.ok) {
          health = { ok: false, since: context.now(), error: (error as Error).message };
        }
        context.logger.error(
          { sink: 'trading', tradesLost: tradeBatch.length, windowsLost: windows.length, err: error },
          'trading history could not be stored'
        );
      }
    });
    return writing;
  }

  return {
    name: 'trading',
    write(events) {
      if (repository !== undefined) {
        events.forEach(take);
      }
    },
    flush: () => flush(),
    async close() {
      if (timer !== undefined) {
        clearInterval(timer);
      }
      await flush(true);
    },
    health: () => health,
    async prune(now) {
      await repository?.prune(now - context.retention.rawMs, now - context.retention.aggregateMs);
    },
  };
}

function engineHealthRows(data: DataMessageOf<'health'>['data'], time: number): HealthRow[] {
  const status = data.status === 'critical' ? 'error' : data.status === 'degraded' ? 'degraded' : 'healthy';
  const row = (metric_name: string, metric_value: number): HealthRow => ({
    profile_id: ACCOUNT_PROFILE_ID,
    script_name: 'engine',
    metric_name,
    metric_value,
    status,
    timestamp: time,
  });
  return [
    row('cpu', data.cpu),
    row('memory', data.memory),
    row('api_latency', data.latency),
    row('heartbeat_age_ms', Math.max(0, time - data.lastHeartbeat)),
  ];
}

/** Each strategy's order health over one minute: placed and rejected, degraded past 20% rejects. */
function strategyHealthRows(start: number, orders: Map<number, OrderCounts>): HealthRow[] {
  const rows: HealthRow[] = [];
  for (const profile of TRADING_PROFILES) {
    if (profile.id === ACCOUNT_PROFILE_ID) {
      continue;
    }
    const counts = orders.get(profile.id) ?? { placed: 0, filled: 0, rejected: 0, cancelled: 0 };
    const decided = counts.filled + counts.rejected + counts.cancelled;
    const rejectRate = decided === 0 ? 0 : counts.rejected / decided;
    const status = rejectRate > 0.5 ? 'error' : rejectRate > 0.2 ? 'degraded' : 'healthy';
    const row = (metric_name: string, metric_value: number): HealthRow => ({
      profile_id: profile.id,
      script_name: profile.name,
      metric_name,
      metric_value,
      status,
      timestamp: start,
    });
    rows.push(
      row('orders_placed', counts.placed),
      row('orders_rejected', counts.rejected),
      row('reject_rate', rejectRate)
    );
  }
  return rows;
}
