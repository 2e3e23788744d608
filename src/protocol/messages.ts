/**
 * Every message of the MCI wire protocol (spec 001 plus the extensions in docs/protocol.md), as valibot
 * schemas with their inferred types. Envelope: `{"event": "<name>", "data": {...}}`; data events
 * also carry `seq` (per channel, +1 per event) and, for the snapshot sent after `subscribed`,
 * `snapshot: true`.
 */
import * as v from 'valibot';
import { CHANNELS, type CHANNEL_EVENTS, type Channel } from './channels';
import { CLOSE_REASONS, ERROR_CODES, RECONNECT_REASONS } from './errors';
import {
  AccountMetricsSchema,
  ActivityLogSchema,
  AlertSchema,
  ORDER_UPDATE_TYPES,
  OrderSchema,
  PositionSchema,
  QuoteSchema,
  ServiceMetricsSchema,
  StrategyEventSchema,
  SystemHealthSchema,
  dataTimestamp,
  describeValue,
  nonEmptyString,
  nonNegative,
  plainObject,
  timestamp,
} from './schemas';

/** The protocol version this module implements, sent in `connection:ack`. */
export const PROTOCOL_VERSION = '1.0.0';

/** Largest batching window a client may ask for (extension, see `subscribe.batchMs`). */
export const MAX_BATCH_MS = 1000;

function oneOf<const T extends readonly string[]>(values: T) {
  return v.picklist(values, (issue) => `expected one of ${values.join(', ')}, got ${describeValue(issue.input)}`);
}

const channel = v.picklist(
  CHANNELS,
  (issue) => `unknown channel ${describeValue(issue.input)}; valid channels: ${CHANNELS.join(', ')}`
);
const channelList = v.pipe(
  v.array(channel, (issue) => `expected an array of channel names, got ${describeValue(issue.input)}`),
  v.minLength(1, 'expected at least one channel')
);
const sequence = v.pipe(
  nonNegative,
  v.safeInteger((issue) => `expected an integer sequence number, got ${issue.input}`)
);
const errorTriple = plainObject({ what: v.string(), why: v.string(), how: v.string() });
const errorCode = v.picklist(ERROR_CODES, (issue) => `unknown error code ${describeValue(issue.input)}`);

/** Where a client left off on one channel: the server epoch and the last `seq` it processed. */
export const ResumePointSchema = plainObject({ epoch: nonEmptyString, seq: sequence });

function message<const TEvent extends string, const TData extends v.GenericSchema>(event: TEvent, data: TData) {
  // Variant options must be plain object schemas; arrays never reach them because a message
  // without a string `event` is rejected before the variant runs.
  return v.object({ event: v.literal(event), data });
}

function dataMessage<const TEvent extends string, const TData extends v.GenericSchema>(event: TEvent, data: TData) {
  return v.object({
    event: v.literal(event),
    data,
    seq: v.optional(sequence),
    snapshot: v.optional(v.boolean()),
  });
}

// ---- connection events (server → client)
export const ConnectionAckSchema = message(
  'connection:ack',
  plainObject({
    connectionId: nonEmptyString,
    serverTime: timestamp,
    version: nonEmptyString,
    /** Extension: server-start id; a new epoch means every channel's `seq` restarted. */
    epoch: v.optional(nonEmptyString),
    /** Extension: heartbeat interval the server uses, so clients can detect missed heartbeats. */
    heartbeatIntervalMs: v.optional(nonNegative),
  })
);
export const ConnectionErrorSchema = message('connection:error', plainObject({ code: errorCode, error: errorTriple }));
export const ConnectionClosedSchema = message(
  'connection:closed',
  plainObject({
    reason: oneOf(CLOSE_REASONS),
    message: v.string(),
    /** Extension: the error code behind an `error` close. */
    code: v.optional(errorCode),
  })
);

// ---- subscription events
export const SubscribeSchema = message(
  'subscribe',
  plainObject({
    channels: channelList,
    /** Extension: per channel, where the client left off; the server replays what it missed. */
    resume: v.optional(v.record(channel, ResumePointSchema)),
    /** Extension: ask for data events batched over this window into one `batch` frame. */
    batchMs: v.optional(
      v.pipe(
        nonNegative,
        v.safeInteger(),
        v.maxValue(MAX_BATCH_MS, (issue) => `expected a window of at most ${MAX_BATCH_MS} ms, got ${issue.input}`)
      )
    ),
  })
);
export const SubscribedSchema = message(
  'subscribed',
  plainObject({
    channels: channelList,
    subscribedAt: timestamp,
    /** Extension: per resumed channel, whether every missed event could be replayed. */
    recovered: v.optional(v.record(channel, v.boolean())),
    /** Extension: the batching window in force for this connection (0 = none). */
    batchMs: v.optional(nonNegative),
  })
);
export const UnsubscribeSchema = message('unsubscribe', plainObject({ channels: channelList }));
export const UnsubscribedSchema = message(
  'unsubscribed',
  plainObject({ channels: channelList, unsubscribedAt: timestamp })
);

// ---- data events (server → client)
export const PositionsUpdateSchema = dataMessage(
  'positions:update',
  plainObject({ positions: v.array(PositionSchema), timestamp: dataTimestamp })
);
export const OrdersUpdateSchema = dataMessage(
  'orders:update',
  plainObject({ type: oneOf(ORDER_UPDATE_TYPES), order: OrderSchema, timestamp: dataTimestamp })
);
export const AccountUpdateSchema = dataMessage('account:update', AccountMetricsSchema);
export const HealthUpdateSchema = dataMessage('health:update', SystemHealthSchema);
export const MarketUpdateSchema = dataMessage(
  'market:update',
  plainObject({ symbols: v.record(nonEmptyString, QuoteSchema), timestamp: dataTimestamp })
);
export const ActivityLogEventSchema = dataMessage('activity:log', ActivityLogSchema);
export const ServicesUpdateSchema = dataMessage('services:update', ServiceMetricsSchema);
export const AlertsUpdateSchema = dataMessage(
  'alerts:update',
  plainObject({ type: oneOf(['raised', 'resolved'] as const), alert: AlertSchema, timestamp })
);
export const StrategyUpdateSchema = dataMessage('strategy:update', StrategyEventSchema);

// ---- control events
export const HeartbeatSchema = message(
  'heartbeat',
  plainObject({ serverTime: timestamp, connectionUptime: nonNegative })
);
export const HeartbeatAckSchema = message('heartbeat:ack', plainObject({ clientTime: timestamp }));
/**
 * Extension: a client may probe the server with its own `heartbeat {clientTime}` (health checks,
 * dead-server detection); the server answers `heartbeat:ack {clientTime, serverTime}` echoing the
 * time, so the client measures the round trip. A plain spec-001 server answers INVALID_MESSAGE,
 * which still proves it is alive.
 */
export const ClientHeartbeatSchema = message('heartbeat', plainObject({ clientTime: timestamp }));
export const ServerHeartbeatAckSchema = message(
  'heartbeat:ack',
  plainObject({ clientTime: timestamp, serverTime: timestamp })
);
export const ErrorEventSchema = message('error', plainObject({ code: errorCode, error: errorTriple }));
export const ReconnectSchema = message(
  'reconnect',
  plainObject({ reason: oneOf(RECONNECT_REASONS), delay: nonNegative, message: v.string() })
);
/** Spec 000 lists `disconnect` (client → server): the client is about to close. */
export const DisconnectSchema = v.object({
  event: v.literal('disconnect'),
  data: v.optional(plainObject({})),
});

const dataMessageSchemas = [
  PositionsUpdateSchema,
  OrdersUpdateSchema,
  AccountUpdateSchema,
  HealthUpdateSchema,
  MarketUpdateSchema,
  ActivityLogEventSchema,
  ServicesUpdateSchema,
  AlertsUpdateSchema,
  StrategyUpdateSchema,
] as const;

export const DataMessageSchema = v.variant('event', dataMessageSchemas);

/** Extension: one frame holding the data events of a batching window, in order. */
export const BatchSchema = message('batch', plainObject({ events: v.array(DataMessageSchema) }));

/**
 * A batch's envelope alone: the parser checks each member on its own (`parseServerMessage`), so
 * one bad member is left out instead of the whole window.
 */
export const BatchEnvelopeSchema = message(
  'batch',
  plainObject({
    events: v.array(v.unknown(), (issue) => `expected an array of data events, got ${describeValue(issue.input)}`),
  })
);

export const SERVER_EVENTS = [
  'connection:ack',
  'connection:error',
  'connection:closed',
  'subscribed',
  'unsubscribed',
  'positions:update',
  'orders:update',
  'account:update',
  'health:update',
  'market:update',
  'activity:log',
  'services:update',
  'alerts:update',
  'strategy:update',
  'heartbeat',
  'heartbeat:ack',
  'error',
  'reconnect',
  'batch',
] as const;

export const CLIENT_EVENTS = ['subscribe', 'unsubscribe', 'heartbeat', 'heartbeat:ack', 'disconnect'] as const;

export const ServerMessageSchema = v.variant('event', [
  ConnectionAckSchema,
  ConnectionErrorSchema,
  ConnectionClosedSchema,
  SubscribedSchema,
  UnsubscribedSchema,
  ...dataMessageSchemas,
  HeartbeatSchema,
  ServerHeartbeatAckSchema,
  ErrorEventSchema,
  ReconnectSchema,
  BatchSchema,
]);

export const ClientMessageSchema = v.variant('event', [
  SubscribeSchema,
  UnsubscribeSchema,
  ClientHeartbeatSchema,
  HeartbeatAckSchema,
  DisconnectSchema,
]);

export type ServerMessage = v.InferOutput<typeof ServerMessageSchema>;
export type ClientMessage = v.InferOutput<typeof ClientMessageSchema>;
export type DataMessage = v.InferOutput<typeof DataMessageSchema>;
export type ServerEventName = (typeof SERVER_EVENTS)[number];
export type ClientEventName = (typeof CLIENT_EVENTS)[number];
export type ResumePoint = v.InferOutput<typeof ResumePointSchema>;
export type ConnectionAck = v.InferOutput<typeof ConnectionAckSchema>;
export type SubscribeMessage = v.InferOutput<typeof SubscribeSchema>;
export type SubscribedMessage = v.InferOutput<typeof SubscribedSchema>;
export type BatchMessage = v.InferOutput<typeof BatchSchema>;

/** A server message of one event name, e.g. `ServerMessageOf<'orders:update'>`. */
export type ServerMessageOf<E extends ServerEventName> = Extract<ServerMessage, { event: E }>;
export type ClientMessageOf<E extends ClientEventName> = Extract<ClientMessage, { event: E }>;
/** The data event of a channel, e.g. `DataMessageOf<'orders'>` is the `orders:update` message. */
export type DataMessageOf<C extends Channel> = ServerMessageOf<(typeof CHANNEL_EVENTS)[C]>;
