/**
 * Errors the HTTP layer answers with: a code from the protocol's catalogue, its what/why/how
 * (overridable per call) and its HTTP status. The app's one error handler turns them into
 * `{code, error: {what, why, how}}`, the same shape as the socket's `error` data.
 */
import { ERROR_CATALOGUE, errorTriple, type ErrorCode, type ErrorTriple } from '../../src/protocol';

/** Largest request body the control API reads. */
export const MAX_BODY_BYTES = 256 * 1024;

export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly override: Partial<ErrorTriple> = {},
    readonly status: number = ERROR_CATALOGUE[code].httpStatus
  ) {
    super(override.why ?? ERROR_CATALOGUE[code].why);
  }
}

export interface ErrorBody {
  code: ErrorCode;
  error: ErrorTriple;
}

export function errorBody(error: HttpError): ErrorBody {
  return { code: error.code, error: errorTriple(error.code, error.override) };
}

/** A request body as JSON; empty means no body. Any content type is read as JSON, as the docs say. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError('INVALID_MESSAGE', {
      what: 'Request rejected',
      why: `The body is not valid JSON (${(error as Error).message})`,
      how: 'Send a JSON body with content-type application/json',
    });
  }
}
