/**
 * The latest state the client holds for each state channel (positions, account, health, market,
 * services), so a subscriber that joins a live channel (a re-query within the linger, a second
 * panel) gets the current state at once instead of waiting for the next change: a real backend
 * sends positions only when the book changes.
 *
 * Replayed as items the data source already consumes: the last state event marked
 * `snapshot: true`, or the last REST snapshot item. Market events carry the symbols that changed,
 * so market keeps the latest quote per symbol (after the last REST snapshot, if any) and replays
 * them as one `market:update`.
 */
import { isStateChannel, type Channel, type DataMessageOf } from '../protocol';
import type { ChannelItem } from './types';

type EventItem = Extract<ChannelItem, { kind: 'event' }>;
type SnapshotItem = Extract<ChannelItem, { kind: 'snapshot' }>;
type Quote = DataMessageOf<'market'>['data']['symbols'][string];

interface MarketState {
  /** The last REST snapshot item; quotes below are newer. */
  base?: SnapshotItem;
  quotes: Map<string, Quote>;
  /** The last market event, for its seq, timestamp and receivedAt. */
  last?: EventItem;
}

export class LatestState {
  private readonly latest = new Map<Channel, EventItem | SnapshotItem>();
  private market: MarketState = { quotes: new Map() };

  /** Remember an item a channel's subscribers were handed (only state matters: events and snapshots). */
  record(channel: Channel, item: ChannelItem): void {
    if (!isStateChannel(channel) || item.kind === 'gap') {
      return;
    }
    if (channel !== 'market') {
      this.latest.set(channel, item);
      return;
    }
    if (item.kind === 'snapshot') {
      this.market = { base: item, quotes: new Map() };
      return;
    }
    const message = item.message as DataMessageOf<'market'>;
    Object.entries(message.data.symbols).forEach(([symbol, quote]) => this.market.quotes.set(symbol, quote));
    this.market.last = item;
  }

  /** The items that give a new subscriber the channel's current state (none for event channels). */
  replay(channel: Channel): ChannelItem[] {
    if (channel !== 'market') {
      const item = this.latest.get(channel);
      return item === undefined ? [] : [item.kind === 'event' ? { ...item, snapshot: true } : item];
    }
    const { base, quotes, last } = this.market;
    const items: ChannelItem[] = base === undefined ? [] : [base];
    if (last !== undefined && quotes.size > 0) {
      const message = last.message as DataMessageOf<'market'>;
      items.push({
        ...last,
        snapshot: true,
        message: {
          ...message,
          snapshot: true,
          data: { symbols: Object.fromEntries(quotes), timestamp: message.data.timestamp },
        },
      });
    }
    return items;
  }

  /** The channel was left: its state will come fresh with the next subscription. */
  forget(channel: Channel): void {
    this.latest.delete(channel);
    if (channel === 'market') {
      this.market = { quotes: new Map() };
    }
  }
}
