/**
 * History reads (backfill and annotations, docs/datasource.md): the events of
 * `GET /api/telemetry/history/:channel` since the start of the time range, as channel items,
 * oldest first, following the server's page cursor (`next`) until the range is read, so the
 * backfill covers the whole dashboard range (bounded by `MAX_HISTORY_PAGES`). Past `limit`, event
 * channels keep the newest events (each one matters, the buffer holds the latest) and state
 * channels keep evenly spaced samples over the whole range (a chart of the range, not its end).
 * Each event is validated like a socket message; an invalid one (or one of another channel) is
 * skipped alone and returned as skipped, so the caller counts and shows it. Positions are a table
 * of the current state: nothing to backfill.
 */
import type { ChannelItem, HttpGet, SkippedMessage } from '../../client';
import {
  CHANNEL_EVENTS,
  historyPath,
  parseServerMessage,
  isStateChannel,
  REST_PATHS,
  type Channel,
  type DataMessage,
} from '../../protocol';
import { skippedRestItem } from './SkippedTally';

/** Orders change a few times each (new, fills, final): read more events than rows kept. */
const EVENTS_PER_ORDER = 5;
/** Events per history request (the server's largest page). */
export const HISTORY_PAGE_SIZE = 10_000;
/** At most this many pages per read: a bound on what one backfill downloads. */
export const MAX_HISTORY_PAGES = 50;

export function historyLimit(channel: Channel, rows: number): number {
  return channel === 'orders' ? rows * EVENTS_PER_ORDER : rows;
}

export function wantsHistory(channel: Channel): boolean {
  return channel !== 'positions';
}

export interface History {
  items: ChannelItem[];
  skipped: SkippedMessage[];
}

export async function readHistory(
  httpGet: HttpGet,
  channel: Channel,
  fromMs: number,
  limit: number | undefined,
  receivedAt: number
): Promise<History> {
  let items: ChannelItem[] = [];
  const skipped: SkippedMessage[] = [];
  const where = `the ${channel} history`;
  let cursor: string | undefined;
  for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
    const path = historyPath(channel, { from: Math.max(0, Math.floor(fromMs)), limit: HISTORY_PAGE_SIZE, cursor });
    const body = (await httpGet(path)) as { events?: unknown; next?: unknown } | null | undefined;
    if (!Array.isArray(body?.events)) {
      throw new Error(`GET ${REST_PATHS.history}/${channel} answered without an events list`);
    }
    const offset = page * HISTORY_PAGE_SIZE;
    body.events.forEach((raw: unknown, index: number) => {
      const parsed = parseServerMessage(raw);
      if (!parsed.ok) {
        skipped.push(skippedRestItem(channel, where, `events[${offset + index}]: ${parsed.error.message}`, receivedAt));
      } else if (parsed.value.event !== CHANNEL_EVENTS[channel]) {
        skipped.push(
          skippedRestItem(
            channel,
            where,
            `events[${offset + index}]: a ${parsed.value.event} event, not ${CHANNEL_EVENTS[channel]}`,
            receivedAt
          )
        );
      } else {
        const message = parsed.value as DataMessage & { seq?: number };
        items.push({ kind: 'event', channel, message, seq: message.seq, snapshot: false, receivedAt });
      }
    });
    // A server without pages (or the last page) has no `next`.
    if (typeof body.next !== 'string') {
      break;
    }
    cursor = body.next;
  }
  if (limit !== undefined && items.length > limit) {
    items = isStateChannel(channel) ? evenlySpaced(items, limit) : items.slice(items.length - limit);
  }
  return { items, skipped };
}

/** `count` items spread evenly over the list, the first and the last included. */
export function evenlySpaced<T>(list: T[], count: number): T[] {
  if (count <= 1) {
    return list.slice(-count);
  }
  const step = (list.length - 1) / (count - 1);
  return Array.from({ length: count }, (_, index) => list[Math.round(index * step)]);
}
