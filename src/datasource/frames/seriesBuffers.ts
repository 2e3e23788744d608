/**
 * account, health, services, market: bounded time series (capacity = maxDataPoints, trimmed to
 * the dashboard's time span). A point's time is its payload `timestamp`, else when it arrived.
 */
import type { DataFrame } from '@grafana/data';
import type { ChannelItem } from '../../client';
import {
  type AccountMetrics,
  type MarketData,
  type Quote,
  type ServiceMetrics,
  type SystemHealth,
} from '../../protocol';
import {
  ACCOUNT_FIELDS,
  HEALTH_FIELDS,
  MARKET_FIELDS,
  SERVICES_FIELDS,
  type FieldSpec,
  type QuoteRow,
  type TimedRow,
} from './fieldSpecs';
import { SeriesStore } from './SeriesStore';
import { symbolFilter } from './symbolFilter';
import { FRAME_DEFAULTS, type ChannelBuffer, type ChannelBufferOptions } from './types';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The payload of a state channel's event or snapshot item, when it is this channel's. */
function payloadOf(item: ChannelItem, event: string): Record<string, unknown> | undefined {
  if (item.kind === 'event') {
    return item.message.event === event ? (item.message.data as Record<string, unknown>) : undefined;
  }
  return item.kind === 'snapshot' && isObject(item.data) ? item.data : undefined;
}

function timeOf(payload: Record<string, unknown>, item: ChannelItem): number {
  return typeof payload.timestamp === 'number' ? payload.timestamp : item.receivedAt;
}

function createSingleSeries<T>(
  channel: 'account' | 'health' | 'services',
  event: string,
  specs: Array<FieldSpec<TimedRow<T>>>,
  options: ChannelBufferOptions
): ChannelBuffer {
  const store = new SeriesStore(specs, options.maxDataPoints ?? FRAME_DEFAULTS.maxDataPoints, options.intervalMs);
  return {
    channel,
    push(item) {
      const payload = payloadOf(item, event);
      return payload ? store.push({ time: timeOf(payload, item), data: payload as T }) : false;
    },
    frames(now = Date.now()) {
      return [store.frame({ name: channel, refId: options.refId, fields: options.fields }, now, options.windowMs)];
    },
    size: () => store.length,
  };
}

export const createAccountBuffer = (options: ChannelBufferOptions) =>
  createSingleSeries<AccountMetrics>('account', 'account:update', ACCOUNT_FIELDS, options);
export const createHealthBuffer = (options: ChannelBufferOptions) =>
  createSingleSeries<SystemHealth>('health', 'health:update', HEALTH_FIELDS, options);

export const createServicesBuffer = (options: ChannelBufferOptions) =>
  createSingleSeries<ServiceMetrics>('services', 'services:update', SERVICES_FIELDS, options);

/** Quotes of one item, per symbol: the socket's record or the REST list. */
function quotesOf(item: ChannelItem): Array<[string, Quote, number]> {
  if (item.kind === 'event' && item.message.event === 'market:update') {
    const { symbols, timestamp } = item.message.data;
    return Object.entries(symbols).map(([symbol, quote]) => [symbol, quote, quote.timestamp ?? timestamp]);
  }
  if (item.kind === 'snapshot') {
    if (Array.isArray(item.data)) {
      return (item.data as MarketData[]).map((entry) => [entry.symbol, entry, entry.timestamp ?? item.receivedAt]);
    }
    if (isObject(item.data) && isObject(item.data.symbols)) {
      const at = typeof item.data.timestamp === 'number' ? item.data.timestamp : item.receivedAt;
      return Object.entries(item.data.symbols as Record<string, Quote>).map(([symbol, quote]) => [
        symbol,
        quote,
        quote.timestamp ?? at,
      ]);
    }
  }
  return [];
}

/**
 * market: one series per symbol, frames sorted by symbol, `labels: {symbol}` on the values. A
 * symbol with no quote for `symbolEvictMs` (by arrival time) is forgotten, series and all, so a
 * rotating watchlist does not grow the buffer for ever.
 */
export function createMarketBuffer(options: ChannelBufferOptions): ChannelBuffer {
  const capacity = options.maxDataPoints ?? FRAME_DEFAULTS.maxDataPoints;
  const evictMs = options.symbolEvictMs ?? FRAME_DEFAULTS.symbolEvictMs;
  const keep = symbolFilter(options.symbols);
  const series = new Map<string, { store: SeriesStore<QuoteRow>; seenAt: number }>();
  let order: string[] | undefined;

  const evictAbsent = (now: number) => {
    for (const [symbol, entry] of series) {
      if (now - entry.seenAt > evictMs) {
        series.delete(symbol);
        order = undefined;
      }
    }
  };

  return {
    channel: 'market',
    push(item) {
      let changed = false;
      for (const [symbol, quote, time] of quotesOf(item)) {
        if (keep && !keep(symbol)) {
          continue;
        }
        let entry = series.get(symbol);
        if (!entry) {
          entry = { store: new SeriesStore(MARKET_FIELDS, capacity, options.intervalMs), seenAt: item.receivedAt };
          series.set(symbol, entry);
          order = undefined;
        }
        entry.seenAt = Math.max(entry.seenAt, item.receivedAt);
        const row: QuoteRow = {
          time,
          price: quote.price,
          change: quote.change,
          changePercent: quote.changePercent,
          volume: quote.volume,
          high: quote.high ?? null,
          low: quote.low ?? null,
          open: quote.open ?? null,
        };
        changed = entry.store.push(row) || changed;
      }
      return changed;
    },
    frames(now = Date.now()): DataFrame[] {
      evictAbsent(now);
      order ??= [...series.keys()].sort();
      return order.map((symbol) =>
        series
          .get(symbol)!
          .store.frame(
            { name: 'market', refId: options.refId, fields: options.fields, labels: { symbol } },
            now,
            options.windowMs
          )
      );
    },
    size: () => [...series.values()].reduce((sum, entry) => sum + entry.store.length, 0),
  };
}
