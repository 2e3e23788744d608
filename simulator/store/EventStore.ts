/**
 * The event history behind one interface, implemented in memory (`MemoryEventStore`) and on SQL
 * (`SqlEventStore`, SQLite and MySQL/MariaDB). Events are keyed by (epoch, channel, seq): a new
 * server start is a new epoch, so nothing ever overwrites another epoch's events. History reads
 * are oldest first by event time, paged with a cursor (docs/storage.md).
 */

/** One stored event: the wire message as text, as every client received it. */
export interface StoredEvent {
  epoch: string;
  channel: string;
  seq: number;
  /** When the event happened, epoch ms. */
  time: number;
  /** The wire message `{"event":…,"data":…,"seq":N}`. */
  payload: string;
}

/**
 * An event to store: its payload as text, or as the UTF-8 bytes the server published it as. A
 * server hands over the bytes it already has, so a SQLite store ships them to its writer thread as
 * they are (SqliteWriter.ts) and the main thread never decodes a copy of every event into a string.
 */
export interface NewEvent extends Omit<StoredEvent, 'payload'> {
  payload: string | Uint8Array;
}

const decoder = new TextDecoder();

/** A new event's payload as text. */
export function payloadText(payload: string | Uint8Array): string {
  return typeof payload === 'string' ? payload : decoder.decode(payload);
}

/** Where the next page starts: after this (time, epoch, seq). */
export interface HistoryCursor {
  time: number;
  epoch: string;
  seq: number;
}

export interface HistoryQuery {
  channel: string;
  /** Inclusive bounds on the event time, epoch ms. */
  from?: number;
  to?: number;
  limit: number;
  /** Continue after this event (from the previous page's `next`). */
  after?: HistoryCursor;
}

/** A span whose events were published but not stored (store down, disk full, writer overloaded). */
export interface EventGap {
  epoch: string;
  fromTime: number;
  toTime: number;
  eventsLost: number;
  reason: string;
}

export interface HistoryPage {
  /** Oldest first. */
  events: StoredEvent[];
  /** Set when more events match: pass it as `after` for the next page. */
  next?: HistoryCursor;
}

export interface EventStore {
  /** Store events; an event whose (epoch, channel, seq) is already stored is skipped. */
  append(events: readonly NewEvent[]): Promise<void>;
  history(query: HistoryQuery): Promise<HistoryPage>;
  recordGap(gap: EventGap): Promise<void>;
  /** Gaps that overlap [from, to], oldest first. */
  gaps(from: number, to: number): Promise<EventGap[]>;
  recordEpoch(epoch: string, source: 'serve' | 'seed', startedAt: number): Promise<void>;
  /** Delete events and gaps older than `time` (retention); resolves with the events deleted. */
  deleteBefore(time: number): Promise<number>;
}

/** Compare two events in history order: time, then epoch, then seq. */
export function compareHistoryOrder(a: HistoryCursor, b: HistoryCursor): number {
  return a.time - b.time || (a.epoch < b.epoch ? -1 : a.epoch > b.epoch ? 1 : 0) || a.seq - b.seq;
}
