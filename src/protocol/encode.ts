/**
 * Building outbound messages: the one place the wire envelope is spelled. Senders use these so
 * every message has the envelope of spec 001 and, for data events, the `seq` extension. Everything
 * here works on text; a server that keeps bytes converts the texts it gets from here once and only
 * concatenates them (see `simulator/server/wireBytes.ts`).
 */
import { CHANNEL_EVENTS, type Channel } from './channels';
import { errorTriple, type ErrorCode, type ErrorTriple } from './errors';
import type { ClientMessage, DataMessage, ServerMessage, ServerMessageOf } from './messages';

/** Serialise a message to its wire text. */
export function encodeMessage(message: ServerMessage | ClientMessage): string {
  return JSON.stringify(message);
}

/**
 * The wire text of one data event, `{"event":"<channel>:…","data":…,"seq":N}`, with
 * `"snapshot":true` when it repeats a state channel's current state.
 */
export function encodeDataEvent(channel: Channel, data: DataMessage['data'], seq: number, snapshot = false): string {
  return JSON.stringify(
    snapshot
      ? { event: CHANNEL_EVENTS[channel], data, seq, snapshot: true }
      : { event: CHANNEL_EVENTS[channel], data, seq }
  );
}

/** The text around and between the already-encoded data events of a `batch` frame. */
export const BATCH_ENVELOPE = {
  open: '{"event":"batch","data":{"events":[',
  separator: ',',
  close: ']}}',
} as const;

/**
 * The pieces of a `batch` frame in order: the envelope's opening, the events with a separator
 * between each two, the closing. Generic so a sender can join texts or bytes it encoded once,
 * without serialising the events again: `batchPieces(texts, BATCH_ENVELOPE).join('')`.
 */
export function batchPieces<T>(events: readonly T[], envelope: { open: T; separator: T; close: T }): T[] {
  const pieces: T[] = [envelope.open];
  events.forEach((event, index) => {
    if (index > 0) {
      pieces.push(envelope.separator);
    }
    pieces.push(event);
  });
  pieces.push(envelope.close);
  return pieces;
}

/** The wire text of a `batch` frame holding these encoded data events, in order. */
export function encodeBatch(events: readonly string[]): string {
  return batchPieces(events, BATCH_ENVELOPE).join('');
}

/** An `error` event for a catalogue code, with any part of the triple made more precise. */
export function errorEvent(code: ErrorCode, override: Partial<ErrorTriple> = {}): ServerMessageOf<'error'> {
  return { event: 'error', data: { code, error: errorTriple(code, override) } };
}

/** A `connection:error` event for a catalogue code. */
export function connectionErrorEvent(
  code: ErrorCode,
  override: Partial<ErrorTriple> = {}
): ServerMessageOf<'connection:error'> {
  return { event: 'connection:error', data: { code, error: errorTriple(code, override) } };
}
