/**
 * Runtime schemas (valibot) of the payload data types: the union of spec 000's and spec 001's
 * field lists (docs/protocol.md). The TypeScript types are inferred from these schemas, so the two
 * never drift apart. Timestamps are epoch milliseconds.
 *
 * As lenient as the specs and no more: a field the spec types as `number` accepts any finite
 * number (a cpu of 103 is a value to show, not a broken message), a field it types as `string`
 * with known values accepts any string (a newer server's `stop_limit` order), and activity
 * `details` holds any JSON. Missing required fields and wrong types are still rejected.
 * Objects ignore unknown fields (they are dropped), so newer servers stay compatible.
 *
 * One file of about 400 lines on purpose: the schemas reference each other (orders in strategy
 * events, health in trading state), and one place keeps the wire's whole data model readable.
 */
import * as v from 'valibot';

/** An object, but never an array or null (valibot's `object` would accept an array). */
export function plainObject<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  return v.pipe(
    v.custom<Record<string, unknown>>(
      (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
      (issue) => `expected an object, got ${describeValue(issue.input)}`
    ),
    v.object(entries)
  );
}

export function describeValue(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return String(value);
  }
  if (typeof value === 'string') {
    return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return `${typeof value} ${value}`;
  }
  return typeof value === 'object' ? 'an object' : typeof value;
}

const finiteMessage = (issue: v.BaseIssue<unknown>) => `expected a finite number, got ${describeValue(issue.input)}`;

/** Any finite number (NaN and ±Infinity are rejected). */
export const finiteNumber = v.pipe(v.number(finiteMessage), v.finite(finiteMessage));
/** A finite number ≥ 0: quantities, prices, volumes, durations. */
export const nonNegative = v.pipe(
  finiteNumber,
  v.minValue(0, (issue) => `expected a number ≥ 0, got ${issue.input}`)
);
/** Epoch milliseconds in the protocol's own control messages (`clientTime`, `serverTime`). */
export const timestamp = v.pipe(
  finiteNumber,
  v.safeInteger((issue) => `expected epoch milliseconds (an integer), got ${issue.input}`),
  v.minValue(0, (issue) => `expected epoch milliseconds ≥ 0, got ${issue.input}`)
);
/** Epoch milliseconds in data payloads: any finite number, as spec 000 and 001 type them. */
export const dataTimestamp = finiteNumber;
/** A non-empty identifier or name. */
export const nonEmptyString = v.pipe(
  v.string((issue) => `expected a string, got ${describeValue(issue.input)}`),
  v.minLength(1, 'expected a non-empty string')
);

/**
 * A string with known values: the known ones type-check, any other string passes too (the specs
 * type these fields as `string`), so consumers handle an unknown value neutrally.
 */
export function openEnum<const T extends readonly string[]>(known: T) {
  return v.string(
    (issue) => `expected a string (${known.join(', ')}, …), got ${describeValue(issue.input)}`
  ) as v.GenericSchema<string, OpenEnum<T[number]>>;
}

/** Exactly one of `values` (spec 002 and 004 fields, whose consumers index tables by them). */
function oneOf<const T extends readonly string[]>(values: T) {
  return v.picklist(values, (issue) => `expected one of ${values.join(', ')}, got ${describeValue(issue.input)}`);
}

/** One of the known values, or any other string (keeps editor completion for the known ones). */
export type OpenEnum<T extends string> = T | (string & {});

export const POSITION_SIDES = ['long', 'short'] as const;
export const ORDER_SIDES = ['buy', 'sell'] as const;
export const ORDER_TYPES = ['market', 'limit'] as const;
export const ORDER_STATUSES = ['new', 'partially_filled', 'filled', 'cancelled', 'rejected'] as const;
/** Terminal order statuses: nothing changes an order after these. */
export const TERMINAL_ORDER_STATUSES = ['filled', 'cancelled', 'rejected'] as const;
/** `orders:update` change types (spec 001). */
export const ORDER_UPDATE_TYPES = ['new', 'partial_fill', 'filled', 'cancelled', 'rejected'] as const;
export const HEALTH_STATUSES = ['healthy', 'degraded', 'critical'] as const;
/**
 * Extension: the engine's trading state. `throttled`: orders above the message-rate limit are
 * rejected; `halted`: the kill switch is engaged (no new orders, open ones cancelled).
 */
export const TRADING_STATES = ['active', 'throttled', 'halted'] as const;
export const ACTIVITY_TYPES = [
  'order_placed',
  'order_filled',
  'position_opened',
  'position_closed',
  'system',
  'error',
] as const;
export const ACTIVITY_SEVERITIES = ['info', 'warning', 'error'] as const;
/** Spec 004 services and metrics. */
export const SERVICES = ['auth', 'api', 'database', 'cache', 'queue'] as const;
export const SERVICE_METRICS = ['latency', 'throughput', 'error_rate', 'cpu', 'memory'] as const;
export const ALERT_SEVERITIES = ['warning', 'critical'] as const;
export const ALERT_STATES = ['active', 'resolved'] as const;
export const SIGNALS = ['BUY', 'SELL', 'EXIT'] as const;

/**
 * An open position. `qty` is always positive; `side` gives the direction. `marketValue` is
 * signed: negative for a short (what it costs to buy back), so equity = cash + Σ marketValue.
 */
export const PositionSchema = plainObject({
  symbol: nonEmptyString,
  qty: finiteNumber,
  side: openEnum(POSITION_SIDES),
  entryPrice: finiteNumber,
  currentPrice: finiteNumber,
  unrealizedPL: finiteNumber,
  unrealizedPLPercent: finiteNumber,
  marketValue: finiteNumber,
});

/** An order (spec 000 ∪ spec 001: createdAt, updatedAt and filledAt). */
export const OrderSchema = plainObject({
  id: nonEmptyString,
  symbol: nonEmptyString,
  side: openEnum(ORDER_SIDES),
  type: openEnum(ORDER_TYPES),
  qty: finiteNumber,
  filledQty: finiteNumber,
  /** Limit price for limit orders; the reference (arrival) price for market orders. */
  price: finiteNumber,
  status: openEnum(ORDER_STATUSES),
  createdAt: dataTimestamp,
  updatedAt: v.optional(dataTimestamp),
  filledAt: v.optional(v.nullable(dataTimestamp)),
  /** Extension: volume-weighted average fill price. */
  avgFillPrice: v.optional(v.nullable(finiteNumber)),
  /** Extension: why an order was cancelled or rejected. */
  reason: v.optional(v.string()),
  /** Extension: the strategy that placed the order. */
  strategy: v.optional(v.string()),
});

export const AccountMetricsSchema = plainObject({
  equity: finiteNumber,
  cash: finiteNumber,
  buyingPower: finiteNumber,
  portfolioValue: finiteNumber,
  dayPL: finiteNumber,
  dayPLPercent: finiteNumber,
  totalPL: finiteNumber,
  totalPLPercent: finiteNumber,
  timestamp: v.optional(dataTimestamp),
});

export const SystemHealthSchema = plainObject({
  cpu: finiteNumber,
  memory: finiteNumber,
  /** Milliseconds. */
  latency: finiteNumber,
  /** Milliseconds since the engine started. */
  uptime: finiteNumber,
  lastHeartbeat: dataTimestamp,
  status: openEnum(HEALTH_STATUSES),
  timestamp: v.optional(dataTimestamp),
  /** Extension: trading state and limits, for backends that report them (docs/protocol.md). */
  trading: v.optional(
    plainObject({
      state: openEnum(TRADING_STATES),
      /** When the engine entered this state. */
      since: dataTimestamp,
      /** Why it is in this state (throttled or halted). */
      reason: v.optional(v.string()),
      /** The configured order message rate limit, messages per second. */
      orderRateLimit: v.optional(finiteNumber),
    })
  ),
});

/** One symbol's quote as `market:update` carries it (spec 001 requires the first four fields). */
export const QuoteSchema = plainObject({
  price: finiteNumber,
  change: finiteNumber,
  changePercent: finiteNumber,
  volume: finiteNumber,
  high: v.optional(finiteNumber),
  low: v.optional(finiteNumber),
  open: v.optional(finiteNumber),
  timestamp: v.optional(dataTimestamp),
});

/** MarketData as REST returns it (spec 000): a quote with its symbol and every field. */
export const MarketDataSchema = plainObject({
  symbol: nonEmptyString,
  price: finiteNumber,
  change: finiteNumber,
  changePercent: finiteNumber,
  volume: finiteNumber,
  high: finiteNumber,
  low: finiteNumber,
  open: finiteNumber,
  timestamp: dataTimestamp,
});

export const ActivityLogSchema = plainObject({
  id: nonEmptyString,
  type: openEnum(ACTIVITY_TYPES),
  severity: openEnum(ACTIVITY_SEVERITIES),
  message: v.string(),
  details: v.optional(
    v.pipe(
      v.custom<Record<string, unknown>>(
        (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
        (issue) => `expected an object, got ${describeValue(issue.input)}`
      ),
      /** Any JSON per key (strings, numbers, nested objects, arrays): the spec gives no types. */
      v.record(v.string(), v.unknown())
    )
  ),
  timestamp: dataTimestamp,
});

const serviceMetricValues = plainObject({
  latency: finiteNumber,
  throughput: finiteNumber,
  error_rate: finiteNumber,
  cpu: finiteNumber,
  memory: finiteNumber,
});

/** Spec 004's 5 services × 5 metrics at one instant. latency in ms, throughput req/s, error_rate %. */
export const ServiceMetricsSchema = plainObject({
  services: plainObject({
    auth: serviceMetricValues,
    api: serviceMetricValues,
    database: serviceMetricValues,
    cache: serviceMetricValues,
    queue: serviceMetricValues,
  }),
  timestamp: dataTimestamp,
});

/** A spec 004 anomaly alert. */
export const AlertSchema = plainObject({
  id: nonEmptyString,
  service: oneOf(SERVICES),
  metric: oneOf(SERVICE_METRICS),
  severity: oneOf(ALERT_SEVERITIES),
  state: oneOf(ALERT_STATES),
  message: v.string(),
  value: finiteNumber,
  threshold: finiteNumber,
  raisedAt: dataTimestamp,
  resolvedAt: v.optional(v.nullable(dataTimestamp)),
});

const indicatorValues = v.record(v.string(), finiteNumber);
/** Any JSON object (spec 002 leaves `metrics` and `summary` open); arrays and null are rejected. */
const jsonObject = v.pipe(
  v.custom<Record<string, unknown>>(
    (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
    (issue) => `expected an object, got ${describeValue(issue.input)}`
  ),
  v.record(v.string(), v.unknown())
);

/** Spec 002 order sides and types, upper case as spec 002 writes them (`BUY`, `MARKET`). */
export const STRATEGY_ORDER_SIDES = ['BUY', 'SELL'] as const;
export const STRATEGY_ORDER_TYPES = ['MARKET', 'LIMIT'] as const;
/** The strategy event kinds of the `strategy` channel, one per spec 002 event type. */
export const STRATEGY_EVENT_KINDS = [
  'signal',
  'indicator',
  'order',
  'position',
  'engine_health',
  'decision_trace',
  'universe_scan',
  'performance',
] as const;

/**
 * Spec 002 strategy events, camel-cased for the MCI wire (epoch-millisecond `timestamp`); `kind`
 * tells which. docs/strategy-bus.md maps each kind to its spec 002 type and fields. Spec 002 types
 * order `status`, `side` and `order_type` and health `status` as strings, so they accept any string.
 */
export const StrategyEventSchema = v.variant(
  'kind',
  [
    v.object({
      kind: v.literal('signal'),
      symbol: nonEmptyString,
      strategy: nonEmptyString,
      signal: oneOf(SIGNALS),
      confidence: v.pipe(finiteNumber, v.minValue(0), v.maxValue(1)),
      reason: v.string(),
      timeframe: v.string(),
      timestamp,
    }),
    v.object({
      kind: v.literal('indicator'),
      symbol: nonEmptyString,
      strategy: nonEmptyString,
      timeframe: v.string(),
      indicators: indicatorValues,
      timestamp,
    }),
    v.object({
      kind: v.literal('order'),
      orderId: nonEmptyString,
      symbol: nonEmptyString,
      side: openEnum(STRATEGY_ORDER_SIDES),
      status: openEnum(ORDER_STATUSES),
      qty: finiteNumber,
      /** The average fill price once anything filled, else the order's (limit or reference) price. */
      price: finiteNumber,
      remainingQty: finiteNumber,
      strategy: v.string(),
      orderType: openEnum(STRATEGY_ORDER_TYPES),
      /** Why an order was rejected or cancelled. */
      reason: v.optional(v.string()),
      timestamp,
    }),
    v.object({
      kind: v.literal('position'),
      symbol: nonEmptyString,
      /** Signed: negative for a short, 0 once flat. */
      positionSize: finiteNumber,
      /** Average entry price; 0 once flat. */
      entryPrice: finiteNumber,
      strategy: v.string(),
      timestamp,
    }),
    v.object({
      kind: v.literal('engine_health'),
      engineName: nonEmptyString,
      status: v.string(),
      metrics: jsonObject,
      timestamp,
    }),
    v.object({
      kind: v.literal('decision_trace'),
      symbol: nonEmptyString,
      strategy: nonEmptyString,
      decision: v.string(),
      trace: v.record(v.string(), v.union([v.string(), finiteNumber, v.boolean(), v.null()])),
      timestamp,
    }),
    v.object({
      kind: v.literal('universe_scan'),
      scanType: v.string(),
      universeSize: nonNegative,
      summary: jsonObject,
      timestamp,
    }),
    v.object({
      kind: v.literal('performance'),
      totalPnl: finiteNumber,
      winRate: v.pipe(finiteNumber, v.minValue(0), v.maxValue(1)),
      sharpeRatio: finiteNumber,
      timestamp,
    }),
  ],
  (issue) => `expected kind to be one of ${STRATEGY_EVENT_KINDS.join(', ')}, got ${describeValue(issue.input)}`
);

export type Position = v.InferOutput<typeof PositionSchema>;
export type Order = v.InferOutput<typeof OrderSchema>;
export type AccountMetrics = v.InferOutput<typeof AccountMetricsSchema>;
export type SystemHealth = v.InferOutput<typeof SystemHealthSchema>;
export type Quote = v.InferOutput<typeof QuoteSchema>;
export type MarketData = v.InferOutput<typeof MarketDataSchema>;
export type ActivityLog = v.InferOutput<typeof ActivityLogSchema>;
export type ServiceMetrics = v.InferOutput<typeof ServiceMetricsSchema>;
export type Alert = v.InferOutput<typeof AlertSchema>;
export type StrategyEvent = v.InferOutput<typeof StrategyEventSchema>;
export type StrategyEventKind = (typeof STRATEGY_EVENT_KINDS)[number];
/** The strategy event of one kind, e.g. `StrategyEventOf<'order'>`. */
export type StrategyEventOf<K extends StrategyEventKind> = Extract<StrategyEvent, { kind: K }>;
export type PositionSide = (typeof POSITION_SIDES)[number];
export type OrderSide = (typeof ORDER_SIDES)[number];
export type OrderType = (typeof ORDER_TYPES)[number];
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type OrderUpdateType = (typeof ORDER_UPDATE_TYPES)[number];
export type HealthStatus = (typeof HEALTH_STATUSES)[number];
export type TradingStateName = (typeof TRADING_STATES)[number];
export type TradingState = NonNullable<SystemHealth['trading']>;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export type ActivitySeverity = (typeof ACTIVITY_SEVERITIES)[number];
export type ServiceName = (typeof SERVICES)[number];
export type ServiceMetricName = (typeof SERVICE_METRICS)[number];
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export type Signal = (typeof SIGNALS)[number];
