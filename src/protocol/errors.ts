/**
 * The error catalogue of the wire protocol: every code a server sends in `error` or
 * `connection:error`, with its default what/why/how text (spec 000 CR-003, spec 001), the HTTP
 * status used when the same condition is reported over REST, and the WebSocket close code used
 * when the condition ends the connection. docs/protocol.md lists every code; a test keeps it so.
 */
import { CHANNELS } from './channels';

export interface ErrorTriple {
  what: string;
  why: string;
  how: string;
}

export interface ErrorDefinition extends ErrorTriple {
  /** HTTP status for the same condition on REST. */
  httpStatus: number;
  /** WebSocket close code when the condition closes the connection; `null` when it does not. */
  closeCode: number | null;
  /** Whether spec 001 defines the code (the others are documented extensions). */
  spec: boolean;
}

/**
 * WebSocket close codes. 1000-1011 are RFC 6455's; 4000-4999 are reserved for applications.
 */
export const CLOSE_CODES = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  POLICY_VIOLATION: 1008,
  MESSAGE_TOO_BIG: 1009,
  SERVER_ERROR: 1011,
  AUTH_REQUIRED: 4001,
  SESSION_EXPIRED: 4002,
  HEARTBEAT_TIMEOUT: 4003,
  SLOW_CONSUMER: 4004,
  RATE_LIMITED: 4008,
} as const;

export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];

export const ERROR_CATALOGUE = {
  AUTH_REQUIRED: {
    what: 'Connection rejected',
    why: 'No valid session: the request carried no valid API key or ticket',
    how: 'Send "Authorization: Bearer <key>" or connect with a fresh ?ticket= from POST /api/telemetry/ws-ticket',
    httpStatus: 401,
    closeCode: CLOSE_CODES.AUTH_REQUIRED,
    spec: true,
  },
  SESSION_EXPIRED: {
    what: 'Session expired',
    why: 'The session outlived its configured lifetime',
    how: 'Authenticate again and reconnect',
    httpStatus: 401,
    closeCode: CLOSE_CODES.SESSION_EXPIRED,
    spec: true,
  },
  SUBSCRIPTION_ERROR: {
    what: 'Subscription failed',
    why: 'Invalid channel name',
    how: `Use valid channel: ${CHANNELS.join(', ')}`,
    httpStatus: 400,
    closeCode: null,
    spec: true,
  },
  RATE_LIMITED: {
    what: 'Too many messages',
    why: 'The connection sent more messages than its per-second allowance',
    how: 'Back off and send fewer messages; the connection is closed if it keeps exceeding the limit',
    httpStatus: 429,
    closeCode: CLOSE_CODES.RATE_LIMITED,
    spec: true,
  },
  SERVER_ERROR: {
    what: 'Internal error',
    why: 'The server failed while handling the request',
    how: 'Reconnect; if it persists, check the server logs',
    httpStatus: 500,
    closeCode: CLOSE_CODES.SERVER_ERROR,
    spec: true,
  },
  INVALID_MESSAGE: {
    what: 'Message rejected',
    why: 'The message is not valid JSON or does not match the protocol',
    how: 'Send {"event": "<name>", "data": {...}} as described in the MCI protocol reference',
    httpStatus: 400,
    closeCode: null,
    spec: false,
  },
  MESSAGE_TOO_LARGE: {
    what: 'Message too large',
    why: 'The frame exceeds the server maximum inbound frame size',
    how: 'Send smaller messages',
    httpStatus: 413,
    closeCode: CLOSE_CODES.MESSAGE_TOO_BIG,
    spec: false,
  },
  NOT_FOUND: {
    what: 'Not found',
    why: 'The requested resource does not exist',
    how: 'Check the URL and the identifier',
    httpStatus: 404,
    closeCode: null,
    spec: false,
  },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

/** Spec 001's five codes (the others are extensions a spec-001 client may not know). */
export const SPEC_ERROR_CODES = ERROR_CODES.filter((code) => ERROR_CATALOGUE[code].spec);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CATALOGUE, value);
}

/** The what/why/how triple for a code, with any part overridden by a more precise text. */
export function errorTriple(code: ErrorCode, override: Partial<ErrorTriple> = {}): ErrorTriple {
  const { what, why, how } = ERROR_CATALOGUE[code];
  return { what: override.what ?? what, why: override.why ?? why, how: override.how ?? how };
}

/** Reasons a `connection:closed` event gives (spec 001). */
export const CLOSE_REASONS = ['client_disconnect', 'server_shutdown', 'session_expired', 'error'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** The catalogue codes whose condition ends the connection. */
export type ClosingErrorCode = {
  [C in ErrorCode]: (typeof ERROR_CATALOGUE)[C]['closeCode'] extends null ? never : C;
}[ErrorCode];

/**
 * The closes a server initiates without an error code: the `reason` its `connection:closed`
 * gives and the WebSocket close code.
 */
export const CLOSES_WITHOUT_ERROR_CODE = {
  CLIENT_DISCONNECT: { reason: 'client_disconnect', closeCode: CLOSE_CODES.NORMAL },
  SERVER_SHUTDOWN: { reason: 'server_shutdown', closeCode: CLOSE_CODES.GOING_AWAY },
  HEARTBEAT_TIMEOUT: { reason: 'error', closeCode: CLOSE_CODES.HEARTBEAT_TIMEOUT },
  SLOW_CONSUMER: { reason: 'error', closeCode: CLOSE_CODES.SLOW_CONSUMER },
} as const satisfies Record<string, { reason: CloseReason; closeCode: CloseCode }>;

/** Why a server ends a connection: a catalogue code that closes, or one of the closes above. */
export type CloseCause = ClosingErrorCode | keyof typeof CLOSES_WITHOUT_ERROR_CODE;

/** How a close looks on the wire: `connection:closed {reason, code?}`, then the close frame. */
export interface WireClose {
  reason: CloseReason;
  closeCode: CloseCode;
  /** The catalogue code, sent in `connection:closed`, when the cause is one. */
  code?: ClosingErrorCode;
}

/** The one mapping from a close's cause to its reason and close code (docs/protocol.md lists them). */
export function wireClose(cause: CloseCause): WireClose {
  if (cause in CLOSES_WITHOUT_ERROR_CODE) {
    return { ...CLOSES_WITHOUT_ERROR_CODE[cause as keyof typeof CLOSES_WITHOUT_ERROR_CODE] };
  }
  const code = cause as ClosingErrorCode;
  return {
    reason: code === 'SESSION_EXPIRED' ? 'session_expired' : 'error',
    closeCode: ERROR_CATALOGUE[code].closeCode,
    code,
  };
}

/** Reasons a `reconnect` event gives (spec 001). */
export const RECONNECT_REASONS = ['server_restart', 'session_refresh'] as const;
export type ReconnectReason = (typeof RECONNECT_REASONS)[number];
