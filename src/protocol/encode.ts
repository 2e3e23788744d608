/**
 * Building outbound messages. Senders use these so every message has the envelope of spec 001
 * and, for data events, the `seq` extension.
 */
import { CHANNEL_EVENTS, type Channel } from './channels';
import { errorTriple, type ErrorCode, type ErrorTriple } from './errors';
import type { ClientMessage, ClientMessageOf, DataMessageOf, ServerMessage, ServerMessageOf } from './messages';

/** Serialise a message to its wire text. */
export function encodeMessage(message: ServerMessage | ClientMessage): string {
  return JSON.stringify(message);
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

/** A data event of a channel with its sequence number. */
export function dataEvent<C extends Channel>(
  channel: C,
  data: DataMessageOf<C>['data'],
  seq?: number
): DataMessageOf<C> {
  const message = { event: CHANNEL_EVENTS[channel], data } as DataMessageOf<C>;
  return seq === undefined ? message : { ...message, seq };
}

export function subscribeMessage(data: ClientMessageOf<'subscribe'>['data']): ClientMessageOf<'subscribe'> {
  return { event: 'subscribe', data };
}
