/**
 * History reads (backfill and annotations, docs/datasource.md): the events of
 * `GET /api/telemetry/history/:channel` since the start of the time range, as channel items,
 * oldest first. Each event is validated like a socket message; an invalid one (or one of another
 * channel) is skipped alone and returned as skipped, so the caller counts and shows it. Positions
 * are a table of the current state: nothing to backfill.
 */
import type { ChannelItem, HttpGet, SkippedMessage } from '../../client';
import {
  CHANNEL_EVENTS,
  historyPath,
  parseServerMessage,
  REST_PATHS,
  type Channel,
  type DataMessage,
} from '../../protocol';
import { skippedRestItem } from './SkippedTally';

/** Orders change a few times each (new, fills, final): read more events than rows kept. */
const EVENTS_PER_ORDER = 5;

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
  const path = historyPath(channel, { from: Math.max(0, Math.floor(fromMs)), limit });
  const body = (await httpGet(path)) as { events?: unknown } | null | undefined;
  if (!Array.isArray(body?.events)) {
    throw new Error(`GET ${REST_PATHS.history}/${channel} answered without an events list`);
  }
  const items: ChannelItem[] = [];
  const skipped: SkippedMessage[] = [];
  const where = `the ${channel} history`;
  body.events.forEach((raw: unknown, index: number) => {
    const parsed = parseServerMessage(raw);
    if (!parsed.ok) {
      skipped.push(skippedRestItem(channel, where, `events[${index}]: ${parsed.error.message}`, receivedAt));
    } else if (parsed.value.event !== CHANNEL_EVENTS[channel]) {
      skipped.push(
        skippedRestItem(
          channel,
          where,
          `events[${index}]: a ${parsed.value.event} event, not ${CHANNEL_EVENTS[channel]}`,
          receivedAt
        )
      );
    } else {
      const message = parsed.value as DataMessage & { seq?: number };
      items.push({ kind: 'event', channel, message, seq: message.seq, snapshot: false, receivedAt });
    }
  });
  return { items, skipped };
}
