/**
 * A market query under many symbols, for the memory test and bench: quote messages built fresh
 * and parsed as the client parses socket text (so nothing is shared between rounds), and a live
 * market stream over a fake client with the options a Grafana panel sends.
 */
import { dateTime, type DataFrame } from '@grafana/data';
import type { Subscription } from 'rxjs';
import type { ChannelItem } from '../../client';
import { parseServerMessage, type DataMessage } from '../../protocol';
import { channelStreamOptions } from '../stream/channelStreamOptions';
import { runChannelStream } from '../stream/runChannelStream';
import { SkippedTally } from '../stream/SkippedTally';
import { createFakeClient, type FakeClient } from './fakeClient';

/** Symbols per `market:update` message, as a batching server would group them. */
const SYMBOLS_PER_MESSAGE = 100;

export const floodSymbols = (count: number) => Array.from({ length: count }, (_unused, i) => `SYM${i}`);

/** One tick of every symbol at `at`, as parsed `market:update` items. */
export function marketRound(symbols: readonly string[], at: number, n: number): ChannelItem[] {
  const items: ChannelItem[] = [];
  for (let first = 0; first < symbols.length; first += SYMBOLS_PER_MESSAGE) {
    const quotes: Record<string, unknown> = {};
    for (const symbol of symbols.slice(first, first + SYMBOLS_PER_MESSAGE)) {
      const price = 100 + ((n * 7 + first) % 50) + n / 1000;
      quotes[symbol] = {
        price,
        change: 1.5,
        changePercent: 0.5,
        volume: n * 10,
        high: price + 1,
        low: price - 1,
        open: 100,
      };
    }
    const parsed = parseServerMessage(
      JSON.stringify({ event: 'market:update', data: { symbols: quotes, timestamp: at } })
    );
    if (!parsed.ok) {
      throw new Error(`the flood built an invalid message: ${parsed.error.message}`);
    }
    items.push({
      kind: 'event',
      channel: 'market',
      message: parsed.value as DataMessage,
      snapshot: false,
      receivedAt: at,
    });
  }
  return items;
}

export interface MarketQuery {
  client: FakeClient;
  /** The frames of the latest repaint. */
  latest(): DataFrame[];
  subscription: Subscription;
}

/** A market panel's live query: last 15 minutes, 1,000 points, so Grafana's interval is 1 s. */
export function startMarketQuery(now: number, symbolEvictMs?: number): MarketQuery {
  const client = createFakeClient({
    wsUrl: 'ws://127.0.0.1:1/telemetry',
    webSocketFactory: () => {
      throw new Error('no socket');
    },
  });
  const from = dateTime(now - 15 * 60_000);
  const to = dateTime(now);
  const options = channelStreamOptions({
    target: { refId: 'M', channel: 'market', ...(symbolEvictMs ? { symbolEvictMs } : {}) },
    request: { maxDataPoints: 1000, intervalMs: 1000, range: { from, to, raw: { from, to } }, scopedVars: {} },
    jsonData: { wsUrl: 'ws://127.0.0.1:1/telemetry' },
    replace: (value) => value,
    httpGet: async () => ({ events: [] }),
  });
  let frames: DataFrame[] = [];
  const subscription = runChannelStream(client, {
    ...options,
    httpGet: undefined,
    skipped: new SkippedTally(),
  }).subscribe((response) => (frames = response.data as DataFrame[]));
  return { client, latest: () => frames, subscription };
}
