/**
 * Small HTTP helpers: JSON answers, errors from the protocol's catalogue with what/why/how and the
 * catalogue's status, and bounded JSON bodies.
 */
import type { IncomingMessage, ServerResponse } from 'http';
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

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(text);
}

/** `{code, error: {what, why, how}}`, the same shape as the socket's `error` data. */
export function sendError(response: ServerResponse, error: HttpError, headers: Record<string, string> = {}): void {
  sendJson(response, error.status, { code: error.code, error: errorTriple(error.code, error.override) }, headers);
}

export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new HttpError('MESSAGE_TOO_LARGE', { why: `The body exceeds ${MAX_BODY_BYTES} bytes` });
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
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
