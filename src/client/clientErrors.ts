/**
 * The client's failures as what/why/how (spec 000 CR-003): server codes take their text from the
 * protocol's catalogue, client-side kinds are written here. Nothing else in the client spells them.
 */
import {
  CLOSE_CODES,
  ERROR_CATALOGUE,
  ERROR_CODES,
  errorTriple,
  isErrorCode,
  type ErrorCode,
  type ErrorTriple,
} from '../protocol';
import type { ClientError } from './types';

/** The client-side failure kinds: every other `ClientError.code` is a code of the protocol's catalogue. */
export const CLIENT_ERROR_CODES = [
  'CONNECTION_FAILED',
  'CONNECTION_LOST',
  'HEARTBEAT_TIMEOUT',
  'PARSE_ERROR',
] as const satisfies ReadonlyArray<ClientError['code']>;

/** True for a catalogue code (the server said it, or closed with its close code); false for a client-side kind. */
export function isServerError(code: ClientError['code']): code is ErrorCode {
  return isErrorCode(code);
}

const RETRYING =
  'The client reconnects automatically (1, 2, 4, 8, 16 s, then every 16 s) and polls the REST snapshot meanwhile';

/** A server `error` / `connection:error` event. */
export function serverError(code: ErrorCode, triple: ErrorTriple, at: number): ClientError {
  return { code, ...triple, at };
}

/** The socket could not be opened, or closed before the server acknowledged it. */
export function connectionFailed(url: string, detail: string, at: number): ClientError {
  return {
    code: 'CONNECTION_FAILED',
    what: 'Cannot connect to the MCI server',
    why: `${redact(url)}: ${detail}`,
    how: `Check the WebSocket URL and that the server is running and reachable. ${RETRYING}`,
    at,
  };
}

/** An established connection ended without the client asking. */
export function connectionLost(detail: string, at: number): ClientError {
  return { code: 'CONNECTION_LOST', what: 'Connection to the MCI server lost', why: detail, how: RETRYING, at };
}

/** No frame at all for two heartbeat intervals: the peer (or the path to it) is dead. */
export function heartbeatTimeout(silentMs: number, at: number): ClientError {
  return {
    code: 'HEARTBEAT_TIMEOUT',
    what: 'Connection to the MCI server lost',
    why: `No message from the server for ${silentMs} ms (two heartbeat intervals): the server or the network stopped answering`,
    how: RETRYING,
    at,
  };
}

/** The server acknowledged the connection but did not answer a client heartbeat in time. */
export function roundTripTimeout(timeoutMs: number, at: number): ClientError {
  return {
    code: 'HEARTBEAT_TIMEOUT',
    what: 'The MCI server did not answer the heartbeat probe',
    why: `No heartbeat:ack within ${timeoutMs} ms after the connection was acknowledged`,
    how: 'Check the server load and the network; probing faster than the server rate limit (--rate-limit) leaves probes unanswered',
    at,
  };
}

/** A server frame that failed validation; it was skipped. */
export function parseError(reason: string, at: number): ClientError {
  return {
    code: 'PARSE_ERROR',
    what: 'Skipped an invalid message from the server',
    why: reason,
    how: 'Nothing to do for this one message; if it repeats, check that the server speaks the MCI protocol (docs/protocol.md)',
    at,
  };
}

/** A REST read (snapshot for gap healing or polling) that failed. */
export function restFailed(path: string, detail: string, at: number): ClientError {
  return {
    code: 'CONNECTION_FAILED',
    what: 'Cannot read the MCI REST snapshot',
    why: `GET ${path}: ${detail}`,
    how: 'Check the REST URL and that the server is running; the next read retries',
    at,
  };
}

/**
 * What a close code says when no error event explained it: the catalogue code that closes with it
 * (4001 AUTH_REQUIRED, 4002 SESSION_EXPIRED, …), else a client-side kind.
 */
export function closeError(closeCode: number, reason: string, wasOpen: boolean, url: string, at: number): ClientError {
  const code = ERROR_CODES.find((candidate) => ERROR_CATALOGUE[candidate].closeCode === closeCode);
  const said = reason ? `: ${reason}` : '';
  if (code !== undefined) {
    return serverError(
      code,
      errorTriple(code, { why: `${ERROR_CATALOGUE[code].why} (close ${closeCode}${said})` }),
      at
    );
  }
  if (closeCode === CLOSE_CODES.HEARTBEAT_TIMEOUT) {
    return {
      code: 'HEARTBEAT_TIMEOUT',
      what: 'Connection to the MCI server lost',
      why: `The server did not receive our heartbeat answers and closed the connection (close ${closeCode}${said})`,
      how: RETRYING,
      at,
    };
  }
  const detail =
    closeCode === CLOSE_CODES.GOING_AWAY
      ? `The server is shutting down (close ${closeCode}${said})`
      : closeCode === CLOSE_CODES.SLOW_CONSUMER
        ? `The server closed the connection because the client read too slowly (close ${closeCode}${said}); it resumes from the last seq`
        : `The socket closed with code ${closeCode}${said || ' (no reason given)'}`;
  return wasOpen ? connectionLost(detail, at) : connectionFailed(url, detail, at);
}

/**
 * The error already reported on a socket that explains its close: the `connection:error` or
 * `connection:closed` one, else the last `error` event whose catalogue close code is this close's.
 */
export function explainingError(
  explained: ClientError | undefined,
  lastServerError: ClientError | undefined,
  closeCode: number
): ClientError | undefined {
  if (explained !== undefined) {
    return explained;
  }
  const code = lastServerError?.code;
  return isErrorCode(code) && ERROR_CATALOGUE[code].closeCode === closeCode ? lastServerError : undefined;
}

/** An Error carrying a ClientError's fields, for promise rejections (`roundTrip`). */
export function toError(error: ClientError): Error & ClientError {
  return Object.assign(new Error(`${error.what}: ${error.why}. ${error.how}`), error);
}

/** Never show a one-time ticket in messages. */
function redact(url: string): string {
  return url.replace(/([?&]ticket=)[^&]*/i, '$1…');
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** HTTP statuses that refuse the credential itself: retrying with it cannot succeed. */
const REFUSED_STATUSES = [401, 403];

/** True when `error` (a failed ticket request) carries a 401 or 403 `status`. */
export function isCredentialRefusal(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && REFUSED_STATUSES.includes(status);
}

/**
 * The server refused the credential (the ticket request answered 401/403, or the key was refused
 * on connect): the client stops retrying until a new subscription.
 */
export function credentialRefused(detail: string, at: number): ClientError {
  return serverError(
    'AUTH_REQUIRED',
    {
      what: 'The MCI server refused the credential',
      why: detail,
      how: 'Check the API key (in the data source settings, or the key the client sends) and that it is allowed on this server; the client stopped retrying and tries again when the query runs again',
    },
    at
  );
}
