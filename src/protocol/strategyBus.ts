/**
 * The strategy telemetry bus in spec 002's own dialect: the envelope `{type, timestamp, payload}`
 * with an ISO 8601 `timestamp`, spec 002's type names and snake_case payload fields. The MCI wire
 * carries the same events on the `strategy` channel as `StrategyEvent` (camelCase, epoch ms);
 * `toBusEvent` is the one codec between the two (docs/strategy-bus.md has the field mapping).
 * The open objects (`indicators`, `trace_data`, `metrics`, `summary`) hold the same keys in both.
 */
import * as v from 'valibot';
import {
  describeValue,
  finiteNumber,
  nonEmptyString,
  nonNegative,
  SIGNALS,
  type StrategyEvent,
  type StrategyEventKind,
} from './schemas';

/** Spec 002's eight event types, in the order the spec lists them. */
export const BUS_EVENT_TYPES = [
  'signal_event',
  'indicator_event',
  'order_event',
  'position_event',
  'engine_health',
  'decision_trace',
  'universe_scan',
  'performance_update',
] as const;

export type BusEventType = (typeof BUS_EVENT_TYPES)[number];

/** The spec 002 type of each `strategy` channel kind. */
export const BUS_TYPE_OF_KIND = {
  signal: 'signal_event',
  indicator: 'indicator_event',
  order: 'order_event',
  position: 'position_event',
  engine_health: 'engine_health',
  decision_trace: 'decision_trace',
  universe_scan: 'universe_scan',
  performance: 'performance_update',
} as const satisfies Record<StrategyEventKind, BusEventType>;

/** Spec 002's in-memory buffer: the newest this many events are kept for resume and queries. */
export const BUS_BUFFER_SIZE = 5000;

const busTypeSet: ReadonlySet<string> = new Set(BUS_EVENT_TYPES);

export function isBusEventType(value: string): value is BusEventType {
  return busTypeSet.has(value);
}

/** A spec 002 event as the bus sends it. */
export interface BusEvent {
  type: BusEventType;
  /** ISO 8601, UTC. */
  timestamp: string;
  payload: Record<string, unknown>;
}

/** The spec 002 form of a `strategy` channel event. */
export function toBusEvent(event: StrategyEvent): BusEvent {
  const timestamp = new Date(event.timestamp).toISOString();
  return { type: BUS_TYPE_OF_KIND[event.kind], timestamp, payload: busPayload(event) };
}

function busPayload(event: StrategyEvent): Record<string, unknown> {
  switch (event.kind) {
    case 'signal':
      return {
        symbol: event.symbol,
        strategy_name: event.strategy,
        signal: event.signal,
        confidence: event.confidence,
        reason: event.reason,
        timeframe: event.timeframe,
      };
    case 'indicator':
      return {
        symbol: event.symbol,
        timeframe: event.timeframe,
        indicators: event.indicators,
        strategy: event.strategy,
      };
    case 'order':
      return {
        order_id: event.orderId,
        symbol: event.symbol,
        side: event.side,
        status: event.status,
        qty: event.qty,
        price: event.price,
        remaining_qty: event.remainingQty,
        strategy: event.strategy,
        order_type: event.orderType,
        ...(event.reason === undefined ? {} : { reason: event.reason }),
      };
    case 'position':
      return {
        symbol: event.symbol,
        position_size: event.positionSize,
        entry_price: event.entryPrice,
        strategy: event.strategy,
      };
    case 'engine_health':
      return { engine_name: event.engineName, status: event.status, metrics: event.metrics };
    case 'decision_trace':
      return {
        strategy_name: event.strategy,
        symbol: event.symbol,
        decision: event.decision,
        trace_data: event.trace,
      };
    case 'universe_scan':
      return { scan_type: event.scanType, universe_size: event.universeSize, summary: event.summary };
    case 'performance':
      return {
        metrics: { total_pnl: event.totalPnl, win_rate: event.winRate, sharpe_ratio: event.sharpeRatio },
      };
  }
}

// ---- spec 002 schemas: what a spec 002 consumer may rely on (the tests check every event with them)

const isoTimestamp = v.pipe(
  v.string((issue) => `expected an ISO 8601 time, got ${describeValue(issue.input)}`),
  v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, 'expected an ISO 8601 time'),
  v.check((text) => Number.isFinite(Date.parse(text)), 'expected a valid ISO 8601 time')
);
const object = v.record(v.string(), v.unknown());
const unit = v.pipe(finiteNumber, v.minValue(0), v.maxValue(1));

function busEvent<const T extends BusEventType, const P extends v.ObjectEntries>(type: T, payload: P) {
  return v.strictObject({ type: v.literal(type), timestamp: isoTimestamp, payload: v.strictObject(payload) });
}

export const BusEventSchema = v.variant(
  'type',
  [
    busEvent('signal_event', {
      symbol: nonEmptyString,
      strategy_name: nonEmptyString,
      signal: v.picklist(SIGNALS),
      confidence: unit,
      reason: v.string(),
      timeframe: v.string(),
    }),
    busEvent('indicator_event', {
      symbol: nonEmptyString,
      timeframe: v.string(),
      indicators: v.record(v.string(), finiteNumber),
      strategy: nonEmptyString,
    }),
    busEvent('order_event', {
      order_id: nonEmptyString,
      symbol: nonEmptyString,
      side: v.string(),
      status: v.string(),
      qty: finiteNumber,
      price: finiteNumber,
      remaining_qty: finiteNumber,
      strategy: v.string(),
      order_type: v.string(),
      reason: v.optional(v.string()),
    }),
    busEvent('position_event', {
      symbol: nonEmptyString,
      position_size: finiteNumber,
      entry_price: finiteNumber,
      strategy: v.string(),
    }),
    busEvent('engine_health', { engine_name: nonEmptyString, status: v.string(), metrics: object }),
    busEvent('decision_trace', {
      strategy_name: nonEmptyString,
      symbol: nonEmptyString,
      decision: v.string(),
      trace_data: object,
    }),
    busEvent('universe_scan', { scan_type: v.string(), universe_size: nonNegative, summary: object }),
    busEvent('performance_update', {
      metrics: v.object({ total_pnl: finiteNumber, win_rate: unit, sharpe_ratio: finiteNumber }),
    }),
  ],
  (issue) => `expected type to be one of ${BUS_EVENT_TYPES.join(', ')}, got ${describeValue(issue.input)}`
);
