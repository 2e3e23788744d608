/**
 * The reader of the wire on the server: one inbound WebSocket frame in, a verdict out. Pure (no
 * socket, no state), so every case is a row in `inboundFrame.test.ts`; the connection acts on the
 * verdict (answers, closes, or handles the message) and keeps the rate limit, which has state.
 */
import { parseClientMessage, type ClientMessage } from '../../src/protocol';

export type InboundData = Buffer | ArrayBuffer | Buffer[];

export type InboundVerdict =
  /** A valid protocol message. */
  | { kind: 'message'; message: ClientMessage }
  /** Over the size limit: answered with MESSAGE_TOO_LARGE, then the connection is closed. */
  | { kind: 'too-large'; size: number; maxBytes: number }
  /** Answered with an error; the connection stays open. */
  | {
      kind: 'rejected';
      code: 'INVALID_MESSAGE' | 'SUBSCRIPTION_ERROR';
      why: string;
      how?: string;
      /** The frame's `event`, when it has one (for the log). */
      event?: string;
    };

export function inboundFrame(data: InboundData, isBinary: boolean, maxBytes: number): InboundVerdict {
  const size = byteLength(data);
  if (size > maxBytes) {
    return { kind: 'too-large', size, maxBytes };
  }
  if (isBinary) {
    return {
      kind: 'rejected',
      code: 'INVALID_MESSAGE',
      why: 'Binary frames are not part of the protocol',
      how: 'Send JSON text frames',
    };
  }
  const text = (Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)).toString(
    'utf8'
  );
  const parsed = parseClientMessage(text, { maxLength: maxBytes });
  if (parsed.ok) {
    return { kind: 'message', message: parsed.value };
  }
  const event = eventName(text);
  const isChannelError =
    (event === 'subscribe' || event === 'unsubscribe') &&
    (parsed.error.path.startsWith('data.channels') || parsed.error.path.startsWith('data.resume'));
  return {
    kind: 'rejected',
    code: isChannelError ? 'SUBSCRIPTION_ERROR' : 'INVALID_MESSAGE',
    why: parsed.error.message,
    ...(event === undefined ? {} : { event }),
  };
}

function byteLength(data: InboundData): number {
  if (Array.isArray(data)) {
    return data.reduce((sum, part) => sum + part.length, 0);
  }
  return data.byteLength;
}

/** The `event` of a frame that failed validation, when it has one (to tell channel errors apart). */
function eventName(text: string): string | undefined {
  try {
    const value = JSON.parse(text) as { event?: unknown };
    return typeof value === 'object' && value !== null && typeof value.event === 'string' ? value.event : undefined;
  } catch {
    return undefined;
  }
}
