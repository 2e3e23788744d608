/**
 * A fake MciClient for data source tests: one Subject per channel, a status BehaviorSubject, a
 * skipped-messages Subject, and counts of live channel subscriptions so tests can prove teardown.
 *
 * Like the real client, it hands a new subscriber of a state channel the latest state it holds
 * and nothing else: the last event of positions, account, health and services, and the last quote
 * of each market symbol, as `{kind: 'event', snapshot: true}` items. A new subscriber of an event
 * channel gets nothing from the past.
 */
import { BehaviorSubject, Observable, Subject } from 'rxjs';
import type { ChannelItem, ClientError, ClientOptions, ClientStatus, MciClient, SkippedMessage } from '../../client';
import { isStateChannel, type Channel } from '../../protocol';

export interface FakeClient extends MciClient {
  readonly options: ClientOptions;
  readonly items: Record<string, Subject<ChannelItem>>;
  readonly statusSubject: BehaviorSubject<ClientStatus>;
  readonly errorSubject: Subject<ClientError>;
  readonly skippedSubject: Subject<SkippedMessage>;
  /** Live subscriptions per channel. */
  readonly live: Map<Channel, number>;
  closed: boolean;
  /** Delivers an item to the channel's subscribers (and keeps it as state, for a state channel event). */
  emit(item: ChannelItem): void;
  roundTripResult: () => Promise<number>;
  /** Called after each channel subscription. */
  onSubscribe: (channel: Channel) => void;
}

type EventItem = Extract<ChannelItem, { kind: 'event' }>;

/** The state a client holds after `item`: per channel, or per symbol for market. */
function remember(state: Map<string, EventItem>, item: ChannelItem): void {
  if (item.kind !== 'event' || !isStateChannel(item.channel)) {
    return;
  }
  if (item.message.event !== 'market:update') {
    state.set(item.channel, item);
    return;
  }
  const { symbols, timestamp } = item.message.data;
  for (const [symbol, quote] of Object.entries(symbols)) {
    state.set(`market:${symbol}`, {
      ...item,
      message: { event: 'market:update', data: { symbols: { [symbol]: quote }, timestamp } },
    });
  }
}

export function createFakeClient(options: ClientOptions): FakeClient {
  const items: Record<string, Subject<ChannelItem>> = {};
  const live = new Map<Channel, number>();
  /** Latest state events, by channel (by `market:<symbol>` for market). */
  const state = new Map<string, EventItem>();
  const statusSubject = new BehaviorSubject<ClientStatus>({ state: 'streaming', attempt: 0, polling: false, since: 0 });
  const errorSubject = new Subject<ClientError>();
  const skippedSubject = new Subject<SkippedMessage>();
  const subjectOf = (channel: Channel) => (items[channel] ??= new Subject<ChannelItem>());
  const fake: FakeClient = {
    options,
    items,
    statusSubject,
    errorSubject,
    skippedSubject,
    live,
    closed: false,
    status$: statusSubject.asObservable(),
    errors$: errorSubject.asObservable(),
    skipped$: skippedSubject.asObservable(),
    channel: (channel) =>
      new Observable<ChannelItem>((subscriber) => {
        live.set(channel, (live.get(channel) ?? 0) + 1);
        for (const item of state.values()) {
          if (item.channel === channel) {
            subscriber.next({ ...item, snapshot: true });
          }
        }
        const subscription = subjectOf(channel).subscribe(subscriber);
        fake.onSubscribe(channel);
        return () => {
          subscription.unsubscribe();
          live.set(channel, (live.get(channel) ?? 1) - 1);
        };
      }),
    subscribedChannels: () => [...live.entries()].filter(([, count]) => count > 0).map(([channel]) => channel),
    roundTripResult: async () => 3,
    onSubscribe: () => undefined,
    roundTrip: () => fake.roundTripResult(),
    close: () => {
      fake.closed = true;
      Object.values(items).forEach((subject) => subject.complete());
      statusSubject.complete();
      errorSubject.complete();
      skippedSubject.complete();
    },
    emit: (item) => {
      remember(state, item);
      subjectOf(item.channel).next(item);
    },
  };
  return fake;
}
