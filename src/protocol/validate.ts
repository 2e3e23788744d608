/**
 * Validation of inbound messages in both directions. Returns either a typed message or a
 * precise reason naming the offending field (e.g. `data.order.qty: expected a number ≥ 0, got -5`).
 * Never throws: bad input is answered, not fatal.
 */
import * as v from 'valibot';
import {
  CLIENT_EVENTS,
  ClientMessageSchema,
  SERVER_EVENTS,
  ServerMessageSchema,
  type ClientMessage,
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
  /** The whole reason, path first: `data.order.qty: expected a number ≥ 0, got -5`. */
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ProtocolViolation };

export interface ParseOptions {
  /** Largest accepted text, in characters. */
  maxLength?: number;
}

type Direction = 'server' | 'client';

const EVENTS: Record<Direction, readonly string[]> = { server: SERVER_EVENTS, client: CLIENT_EVENTS };
const SCHEMAS = { server: ServerMessageSchema, client: ClientMessageSchema } as const;

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
    return violation('unknown_event', 'event', `event: ${why}; expected one of ${EVENTS[from].join(', ')}`);
  }
  const result = v.safeParse(SCHEMAS[from], value);
  if (result.success) {
    return { ok: true, value: result.output };
  }
  const issue = deepestIssue(result.issues[0]);
  const path = formatPath(issue.path);
  return violation('invalid_message', path, `${path || 'message'}: ${issueMessage(issue)}`);
}

function violation(kind: ViolationKind, path: string, message: string): ParseResult<never> {
  return { ok: false, error: { kind, path, message } };
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
