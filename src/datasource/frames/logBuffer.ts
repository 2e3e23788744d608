/**
 * activity, alerts, strategy: bounded logs (the newest `bufferSize` rows, in `SlidingColumns`)
 * shown oldest row first, as Grafana's logs frames are. A row already held (same key, e.g. an
 * alert replayed by a REST snapshot) is not added twice; the key set shrinks as rows leave the
 * log, so it stays bounded too.
 */
import type { DataFrame } from '@grafana/data';
import type { ChannelItem } from '../../client';
import type { ActivityLog, Alert, Channel, StrategyEvent } from '../../protocol';
import {
  ACTIVITY_FIELDS,
  ALERT_FIELDS,
  STRATEGY_FIELDS,
  type AlertRow,
  type FieldSpec,
  type StrategyRow,
} from './fieldSpecs';
import { SlidingColumns } from './SlidingColumns';
import { symbolFilter } from './symbolFilter';
import { selectFields, toFrame } from './toFrame';
import { FRAME_DEFAULTS, type ChannelBuffer, type ChannelBufferOptions } from './types';

interface LogKind<Row> {
  channel: Channel;
  specs: Array<FieldSpec<Row>>;
  /** The rows an item brings (none for items of other channels). */
  rows(item: ChannelItem): Row[];
  /** Identity for de-duplication; undefined rows are never de-duplicated. */
  key(row: Row): string | undefined;
  symbol?(row: Row): string | null;
  /** The order a row is about, when the kind can say (filtered by `orders`). */
  order?(row: Row): string | null;
}

function createLogBuffer<Row>(kind: LogKind<Row>, options: ChannelBufferOptions): ChannelBuffer {
  const width = kind.specs.length;
  const log = new SlidingColumns(options.bufferSize ?? FRAME_DEFAULTS.bufferSize, width + 1);
  const keys = new Set<string>();
  const keep = symbolFilter(options.symbols);
  const keepOrder = symbolFilter(options.orders);
  const shown = selectFields(kind.specs, options.fields);
  let cached: DataFrame[] | undefined;

  const add = (row: Row): boolean => {
    if (keep && kind.symbol && !keep(kind.symbol(row) ?? '')) {
      return false;
    }
    if (keepOrder && kind.order && !keepOrder(kind.order(row) ?? '')) {
      return false;
    }
    const key = kind.key(row);
    if (key !== undefined && keys.has(key)) {
      return false;
    }
    if (log.isFull) {
      const evicted = log.oldest(width);
      if (typeof evicted === 'string') {
        keys.delete(evicted);
      }
    }
    const slot = log.append();
    for (let column = 0; column < width; column++) {
      log.set(column, slot, kind.specs[column].get(row));
    }
    log.set(width, slot, key);
    if (key !== undefined) {
      keys.add(key);
    }
    return true;
  };

  return {
    channel: kind.channel,
    push(item) {
      let changed = false;
      for (const row of kind.rows(item)) {
        changed = add(row) || changed;
      }
      if (changed) {
        cached = undefined;
      }
      return changed;
    },
    frames() {
      if (!cached) {
        const values: unknown[][] = kind.specs.map(() => []);
        for (const column of shown) {
          values[column] = log.read(column);
        }
        cached = [
          toFrame(kind.specs, values, log.length, {
            name: kind.channel,
            refId: options.refId,
            fields: options.fields,
            meta: { preferredVisualisationType: 'logs' },
          }),
        ];
      }
      return cached;
    },
    size: () => log.length,
  };
}

const ACTIVITY: LogKind<ActivityLog> = {
  channel: 'activity',
  specs: ACTIVITY_FIELDS,
  rows: (item) => (item.kind === 'event' && item.message.event === 'activity:log' ? [item.message.data] : []),
  key: (row) => row.id,
  // Entries about an order or a position name them in `details` (docs/protocol.md).
  symbol: (row) => detailText(row, 'symbol'),
  order: (row) => detailText(row, 'orderId'),
};

/** A text field of an activity entry's details, or null. */
function detailText(row: ActivityLog, key: string): string | null {
  const value = (row.details as Record<string, unknown> | null | undefined)?.[key];
  return typeof value === 'string' ? value : null;
}

const alertKey = (row: AlertRow) => `${row.alert.id}:${row.alert.state}`;

const ALERTS: LogKind<AlertRow> = {
  channel: 'alerts',
  specs: ALERT_FIELDS,
  rows(item) {
    if (item.kind === 'event' && item.message.event === 'alerts:update') {
      return [{ timestamp: item.message.data.timestamp, alert: item.message.data.alert }];
    }
    if (item.kind === 'snapshot' && Array.isArray(item.data)) {
      // REST lists the active alerts: each one's event time is when it was raised (or resolved).
      return (item.data as Alert[])
        .map((alert) => ({ timestamp: alert.resolvedAt ?? alert.raisedAt, alert }))
        .sort((a, b) => a.timestamp - b.timestamp);
    }
    return [];
  },
  key: alertKey,
};

function strategyRow(event: StrategyEvent): StrategyRow {
  const { kind, timestamp, ...rest } = event;
  switch (event.kind) {
    case 'signal':
      return {
        timestamp,
        kind,
        symbol: event.symbol,
        strategy: event.strategy,
        signal: event.signal,
        confidence: event.confidence,
        message:
          `${event.strategy}: ${event.signal} ${event.symbol} (${Math.round(event.confidence * 100)}%) ${event.reason}`.trim(),
        details: rest,
      };
    case 'indicator':
      return {
        timestamp,
        kind,
        symbol: event.symbol,
        strategy: event.strategy,
        signal: null,
        confidence: null,
        message: `${event.strategy}: indicators ${event.symbol} ${event.timeframe}`,
        details: rest,
      };
    case 'decision_trace':
      return {
        timestamp,
        kind,
        symbol: event.symbol,
        strategy: event.strategy,
        signal: null,
        confidence: null,
        message: `${event.strategy}: ${event.decision} ${event.symbol}`,
        details: rest,
      };
    case 'order':
      return {
        timestamp,
        kind,
        symbol: event.symbol,
        strategy: event.strategy || null,
        signal: null,
        confidence: null,
        message: `order ${event.status}: ${event.side} ${event.qty} ${event.symbol} ${event.orderType} @ ${event.price}${event.reason ? ` (${event.reason})` : ''}`,
        details: rest,
      };
    case 'position':
      return {
        timestamp,
        kind,
        symbol: event.symbol,
        strategy: event.strategy || null,
        signal: null,
        confidence: null,
        message:
          event.positionSize === 0
            ? `position ${event.symbol} flat`
            : `position ${event.symbol} ${event.positionSize} @ ${event.entryPrice}`,
        details: rest,
      };
    case 'engine_health':
      return {
        timestamp,
        kind,
        symbol: null,
        strategy: null,
        signal: null,
        confidence: null,
        message: `engine health: ${event.engineName} ${event.status}`,
        details: rest,
      };
    case 'universe_scan':
      return {
        timestamp,
        kind,
        symbol: null,
        strategy: null,
        signal: null,
        confidence: null,
        message: `universe scan: ${event.universeSize} ${event.scanType} symbols ranked`,
        details: rest,
      };
    case 'performance':
      return {
        timestamp,
        kind,
        symbol: null,
        strategy: null,
        signal: null,
        confidence: null,
        message: `performance: P&L ${event.totalPnl}, win rate ${Math.round(event.winRate * 100)}%, Sharpe ${event.sharpeRatio}`,
        details: rest,
      };
  }
}

const STRATEGY: LogKind<StrategyRow> = {
  channel: 'strategy',
  specs: STRATEGY_FIELDS,
  rows: (item) =>
    item.kind === 'event' && item.message.event === 'strategy:update' ? [strategyRow(item.message.data)] : [],
  key: () => undefined,
  symbol: (row) => row.symbol,
};

export const createActivityBuffer = (options: ChannelBufferOptions) => createLogBuffer(ACTIVITY, options);
export const createAlertsBuffer = (options: ChannelBufferOptions) => createLogBuffer(ALERTS, options);
export const createStrategyBuffer = (options: ChannelBufferOptions) => createLogBuffer(STRATEGY, options);
