/**
 * The real-time cache of the storage spec (docs/scaling.md): the figures a live dashboard or a
 * trading loop reads straight from Redis, each key with a TTL so a stopped engine's figures expire.
 * `realtimeWrites` is pure (which Redis writes an event makes); the engine process runs them.
 *
 * - `<p>rt:pnl`      hash: equity, dayPL, dayPLPercent, totalPL, totalPLPercent, timestamp
 * - `<p>rt:orders`   hash: order id → status of each open order (filled, cancelled, rejected leave)
 * - `<p>rt:latency`  hash: service → latency ms, plus the engine's own under `engine`
 * - `<p>rt:errors`   list: the newest `RECENT_ERRORS` activity entries of severity error, newest first
 */
import { TERMINAL_ORDER_STATUSES, type Channel } from '../../src/protocol';
import type { ChannelData } from './Bus';

export const RECENT_ERRORS = 100;
export const REALTIME_TTL_SECONDS = 3600;

export type RealtimeWrite =
  | { op: 'hset'; key: string; fields: Record<string, string> }
  | { op: 'hdel'; key: string; field: string }
  | { op: 'error'; key: string; entry: string };

export function realtimeKeys(prefix: string) {
  return {
    pnl: `${prefix}rt:pnl`,
    orders: `${prefix}rt:orders`,
    latency: `${prefix}rt:latency`,
    errors: `${prefix}rt:errors`,
  };
}

const TERMINAL: readonly string[] = TERMINAL_ORDER_STATUSES;

export function realtimeWrites(prefix: string, channel: Channel, data: ChannelData): RealtimeWrite[] {
  const keys = realtimeKeys(prefix);
  switch (channel) {
    case 'account': {
      const account = data as ChannelData<'account'>;
      const { equity, dayPL, dayPLPercent, totalPL, totalPLPercent, timestamp } = account;
      const fields = { equity, dayPL, dayPLPercent, totalPL, totalPLPercent, timestamp };
      return [{ op: 'hset', key: keys.pnl, fields: stringValues(fields) }];
    }
    case 'orders': {
      const { order } = data as ChannelData<'orders'>;
      return TERMINAL.includes(order.status)
        ? [{ op: 'hdel', key: keys.orders, field: order.id }]
        : [{ op: 'hset', key: keys.orders, fields: { [order.id]: order.status } }];
    }
    case 'services': {
      const { services } = data as ChannelData<'services'>;
      const fields = Object.fromEntries(Object.entries(services).map(([name, values]) => [name, values.latency]));
      return [{ op: 'hset', key: keys.latency, fields: stringValues(fields) }];
    }
    case 'health': {
      const { latency } = data as ChannelData<'health'>;
      return [{ op: 'hset', key: keys.latency, fields: { engine: String(latency) } }];
    }
    case 'activity': {
      const activity = data as ChannelData<'activity'>;
      return activity.severity === 'error' ? [{ op: 'error', key: keys.errors, entry: JSON.stringify(activity) }] : [];
    }
    default:
      return [];
  }
}

function stringValues(fields: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name, String(value)])
  );
}
