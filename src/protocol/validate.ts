/**
 * Validation of inbound messages in both directions. Returns either a typed message or a
 * precise reason naming the offending field (e.g. `data.order.qty: expected a finite number, got string "10"`).
 * Never throws: bad input is answered, not fatal. A `batch` is checked member by member: a bad
 * member is left out and reported in `skipped`, the others are delivered.
 */
import * as v from 'valibot';
import { channelOfEvent } from './channels';
import {
  BatchEnvelopeSchema,
  CLIENT_EVENTS,
  ClientMessageSchema,
  SERVER_EVENTS,
  ServerMessageSchema,
  type ClientMessage,
  type DataMessage,
  type ServerMessage,
} from './messages';
import { describeValue } from './schemas';

/** Default largest inbound frame, in characters of JSON text (servers may configure their own). */
export const DEFAULT_MAX_MESSAGE_LENGTH = 64 * 1024;

export type ViolationKind = 'too_large' | 'invalid_json' | 'unknown_event' | 'invalid_message';

export interface ProtocolViolation {
  kind: ViolationKind;
  /** Dotted path of the offending field (`data.channels[2]`), or `''` for the whole message. */
  path: string;
  /** The whole reason, path first: `data.order.qty: expected a finite number, got string "10"`. */
  message: string;
  /** The event the message (or batch member) named, when it named one: tells its channel. */
  event?: string;
}

export type ParseResult<T> =
  | {
      ok: true;
      value: T;
      /** Batch members left out of `value` because they broke the protocol, in order. */
      skipped?: ProtocolViolation[];
    }
  | { ok: false; error: ProtocolViolation };

export interface ParseOptions {
  /** Largest accepted text, in characters. */
  maxLength?: number;
}

type Direction = 'server' | 'client';

const EVENTS: Record<Direction, readonly string[]> = { server: SERVER_EVENTS, client: CLIENT_EVENTS };

type MessageOption = v.GenericSchema & { entries: { event: { literal: string } } };

/**
 * Each event's own schema, looked up by name. Handing a message to the whole `variant` gives the
 * same result, but valibot tries every option before the right one and builds an issue object for
 * each event name that does not match: at thousands of events a second that scan was most of the
 * validation cost.
 */
function schemasByEvent(schema: { options: readonly MessageOption[] }): ReadonlyMap<string, v.GenericSchema> {
  return new Map(schema.options.map((option) => [option.entries.event.literal, option]));
}

const VARIANTS: Record<Direction, v.GenericSchema> = { server: ServerMessageSchema, client: ClientMessageSchema };
const SCHEMAS: Record<Direction, ReadonlyMap<string, v.GenericSchema>> = {
  server: schemasByEvent(ServerMessageSchema as unknown as { options: readonly MessageOption[] }),
  client: schemasByEvent(ClientMessageSchema as unknown as { options: readonly MessageOption[] }),
};

/** Validate a message a client received from a server (text or already-parsed JSON). */
export function parseServerMessage(input: unknown, options: ParseOptions = {}): ParseResult<ServerMessage> {
  return parseMessage('server', input, options) as ParseResult<ServerMessage>;
}

/** Validate a message a server received from a client (text or already-parsed JSON). */
export function parseClientMessage(input: unknown, options: ParseOptions = {}): ParseResult<ClientMessage> {
  return parseMessage('client', input, options) as ParseResult<ClientMessage>;
}

function parseMessage(from: Direction, input: unknown, options: ParseOptions): ParseResult<unknown> {
  let value = input;
  if (typeof input === 'string') {
    const maxLength = options.maxLength ?? DEFAULT_MAX_MESSAGE_LENGTH;
    if (input.length > maxLength) {
      return violation('too_large', '', `message of ${input.length} characters exceeds the limit of ${maxLength}`);
    }
    try {
      value = JSON.parse(input);
    } catch (error) {
      return violation('invalid_json', '', `not valid JSON (${(error as Error).message})`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return violation('invalid_message', '', `expected a {"event", "data"} object, got ${describeValue(value)}`);
  }
  const event = (value as { event?: unknown }).event;
  if (typeof event !== 'string') {
    return violation('invalid_message', 'event', `event: expected an event name, got ${describeValue(event)}`);
  }
  if (!EVENTS[from].includes(event)) {
    const other: Direction = from === 'server' ? 'client' : 'server';
    const why = EVENTS[other].includes(event)
      ? `"${event}" is sent by the ${other}, not the ${from}`
      : `unknown event "${event}"`;
    return violation('unknown_event', 'event', `event: ${why}; expected one of ${EVENTS[from].join(', ')}`, event);
  }
  if (from === 'server' && event === 'batch') {
    return parseBatch(value);
  }
  return check<unknown>(SCHEMAS[from].get(event) ?? VARIANTS[from], value, event);
}

/**
 * Validate one value (a REST body's element, say) against a protocol schema, with the same
 * path-first reasons as messages: `[2].qty: expected a finite number, got null`.
 */
export function parseValue<T>(schema: v.GenericSchema<unknown, T>, value: unknown): ParseResult<T> {
  return check(schema, value, undefined);
}

function check<T>(schema: v.GenericSchema<unknown, T>, value: unknown, event: string | undefined): ParseResult<T> {
  const result = v.safeParse(schema, value);
  if (result.success) {
    return { ok: true, value: result.output };
  }
  const issue = deepestIssue(result.issues[0]);
  const path = formatPath(issue.path);
  return violation('invalid_message', path, `${path || 'message'}: ${issueMessage(issue)}`, event);
}

/** A batch whose envelope is sound: each member is validated alone, and only bad members are left out. */
function parseBatch(value: unknown): ParseResult<ServerMessage> {
  const envelope = check(BatchEnvelopeSchema, value, 'batch');
  if (!envelope.ok) {
    return envelope;
  }
  const events: DataMessage[] = [];
  const skipped: ProtocolViolation[] = [];
  envelope.value.data.events.forEach((member, index) => {
    const result = parseMessage('server', member, {});
    const at = `data.events[${index}]`;
    if (!result.ok) {
      skipped.push(within(at, result.error));
    } else if (channelOfEvent((result.value as { event: string }).event) === undefined) {
      const event = (result.value as { event: string }).event;
      skipped.push({
        kind: 'invalid_message',
        path: `${at}.event`,
        message: `${at}.event: a batch holds data events only, got "${event}"`,
        event,
      });
    } else {
      events.push(result.value as DataMessage);
    }
  });
  const batch: ServerMessage = { event: 'batch', data: { events } };
  return skipped.length > 0 ? { ok: true, value: batch, skipped } : { ok: true, value: batch };
}

/** A member's violation, its path and message put under the batch's (`data.events[1].data.cpu: …`). */
function within(prefix: string, error: ProtocolViolation): ProtocolViolation {
  const said = error.path !== '' ? `${error.path}: ` : 'message: ';
  const reason = error.message.startsWith(said) ? error.message.slice(said.length) : error.message;
  const path = error.path === '' ? prefix : `${prefix}.${error.path}`;
  return { ...error, path, message: `${path}: ${reason}` };
}

function violation(kind: ViolationKind, path: string, message: string, event?: string): ParseResult<never> {
  return { ok: false, error: event === undefined ? { kind, path, message } : { kind, path, message, event } };
}

type Issue = v.BaseIssue<unknown>;

/**
 * Unions report one sub-issue per option; when an option got further into the value (a longer
 * path) its issue names the field best, otherwise the union's own message does.
 */
function deepestIssue(issue: Issue): Issue {
  const depth = issue.path?.length ?? 0;
  return (issue.issues ?? [])
    .map(deepestIssue)
    .reduce((best, next) => ((next.path?.length ?? 0) > (best.path?.length ?? depth) ? next : best), issue);
}

function issueMessage(issue: Issue): string {
  if (issue.kind === 'schema' && issue.received === 'undefined' && issue.path?.length) {
    return 'required field is missing';
  }
  return issue.message;
}

function formatPath(path: Issue['path']): string {
  if (!path) {
    return '';
  }
  return path.reduce((text, item) => {
    const key = (item as { key: unknown }).key;
    if (typeof key === 'number') {
      return `${text}[${key}]`;
    }
    return text ? `${text}.${String(key)}` : String(key);
  }, '');
}
