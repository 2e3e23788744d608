/**
 * The strategy bus's request parameters, parsed once with what/why/how errors (a typo must not
 * become a silently empty stream): `event_type` (one spec 002 type or a comma-separated list),
 * `limit`, `since` (an event id or an ISO 8601 time) and event ids (`Last-Event-ID`). Pure.
 *
 * An event id is `<epoch>:<seq>`: the server-start id and the `strategy` channel's sequence
 * number, so an id from before a restart is recognised as such instead of matching another event.
 */
import { BUS_EVENT_TYPES, isBusEventType, type BusEventType } from '../../src/protocol';
import { HttpError } from './httpErrors';

export interface EventPoint {
  epoch: string;
  seq: number;
}

export type Since = { kind: 'id'; point: EventPoint } | { kind: 'time'; ms: number };

/** Most events one `GET /api/telemetry/events` returns; the default when `limit` is absent. */
export const MAX_EVENTS_LIMIT = 5000;
export const DEFAULT_EVENTS_LIMIT = 100;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function rejected(why: string, how: string): HttpError {
  return new HttpError('INVALID_MESSAGE', { what: 'Request rejected', why, how });
}

export function formatEventId(epoch: string, seq: number): string {
  return `${epoch}:${seq}`;
}

/** `<epoch>:<seq>`; a bare `<seq>` means this server's epoch. */
export function parseEventId(raw: string, currentEpoch: string, parameter: string): EventPoint {
  const text = raw.trim();
  const colon = text.lastIndexOf(':');
  const epoch = colon === -1 ? currentEpoch : text.slice(0, colon);
  const seqText = colon === -1 ? text : text.slice(colon + 1);
  if (epoch === '' || !/^\d{1,15}$/.test(seqText)) {
    throw rejected(
      `${parameter} ${JSON.stringify(raw)} is not an event id`,
      `Pass an id exactly as the stream sent it in "id:" (e.g. ${formatEventId(currentEpoch, 120)}), or a bare sequence number of this server`
    );
  }
  return { epoch, seq: Number(seqText) };
}

/** Undefined for all types; otherwise the set asked for. */
export function parseEventTypes(raw: unknown): ReadonlySet<BusEventType> | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const how = `Use one of ${BUS_EVENT_TYPES.join(', ')}, or several separated by commas (e.g. event_type=order_event,position_event)`;
  if (typeof raw !== 'string') {
    throw rejected('event_type was given more than once', how);
  }
  const names = raw.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !isBusEventType(name));
  if (unknown.length > 0) {
    const listed = unknown.map((name) => (name === '' ? 'an empty name' : JSON.stringify(name))).join(', ');
    throw rejected(`event_type names ${listed}, which is not a spec 002 event type`, how);
  }
  return new Set(names as BusEventType[]);
}

export function parseLimit(raw: unknown): number {
  if (raw === undefined) {
    return DEFAULT_EVENTS_LIMIT;
  }
  const value = typeof raw === 'string' && /^\d{1,9}$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!(value >= 1 && value <= MAX_EVENTS_LIMIT)) {
    throw rejected(
      `limit ${JSON.stringify(raw)} is not a whole number from 1 to ${MAX_EVENTS_LIMIT}`,
      `Pass e.g. limit=50 (default ${DEFAULT_EVENTS_LIMIT}; the buffer holds the newest events only)`
    );
  }
  return value;
}

/** An event id (`<epoch>:<seq>` or a bare sequence number) or an ISO 8601 time. */
export function parseSince(raw: unknown, currentEpoch: string): Since | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const how = `Pass an event id as the stream or this query sent it (e.g. ${formatEventId(currentEpoch, 120)}) or an ISO 8601 time (e.g. 2025-01-06T09:15:00Z)`;
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw rejected(`since ${JSON.stringify(raw)} is neither an event id nor a time`, how);
  }
  const text = raw.trim();
  if (ISO_TIME.test(text)) {
    const ms = Date.parse(text);
    if (!Number.isFinite(ms)) {
      throw rejected(`since ${JSON.stringify(raw)} is not a valid time`, how);
    }
    return { kind: 'time', ms };
  }
  try {
    return { kind: 'id', point: parseEventId(text, currentEpoch, 'since') };
  } catch {
    throw rejected(`since ${JSON.stringify(raw)} is neither an event id nor an ISO 8601 time`, how);
  }
}
