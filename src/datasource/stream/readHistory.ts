/**
 * History reads (backfill and annotations, docs/datasource.md): the events of `GET /api/telemetry/history/:channel` since the start
 * of the time range, as channel items, oldest first. Each event is validated like a socket frame;
 * an invalid one is skipped. Positions are a table of the current state: nothing to backfill.
 */
import type { ChannelItem, HttpGet } from '../../client';
import {
  CHANNEL_EVENTS,
  historyPath,
  parseServerMessage,
  REST_PATHS,
  type Channel,
  type DataMessage,
} from '../../protocol';

/** Orders change a few times each (new, fills, final): read more events than rows kept. */
const EVENTS_PER_ORDER = 5;

export function historyLimit(channel: Channel, rows: number): number {
  return channel === 'orders' ? rows * EVENTS_PER_ORDER : rows;
}

export function wantsHistory(channel: Channel): boolean {
  return channel !== 'positions';
}

export async function readHistory(
  httpGet: HttpGet,
  channel: Channel,
  fromMs: number,
  limit: number | undefined,
  receivedAt: number
): Promise<ChannelItem[]> {
  const body = (await httpGet(historyPath(channel, { from: Math.max(0, Math.floor(fromMs)), limit }))) as {
    events?: unknown;
  };
  if (!Array.isArray(body?.events)) {
    throw new Error(`GET ${REST_PATHS.history}/${channel} answered without an events list`);
  }
  const items: ChannelItem[] = [];
  for (const raw of body.events) {
    const parsed = parseServerMessage(raw);
    if (parsed.ok && parsed.value.event === CHANNEL_EVENTS[channel]) {
      const message = parsed.value as DataMessage & { seq?: number };
      items.push({ kind: 'event', channel, message, seq: message.seq, snapshot: false, receivedAt });
    }
  }
  return items;
}
