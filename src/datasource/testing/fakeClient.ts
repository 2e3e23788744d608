/**
 * A fake MciClient for data source tests: one Subject per channel, a status BehaviorSubject, and
 * counts of live channel subscriptions so tests can prove teardown.
 */
import { BehaviorSubject, Observable, Subject } from 'rxjs';
import type { ChannelItem, ClientError, ClientOptions, ClientStatus, MciClient } from '../../client';
import type { Channel } from '../../protocol';

export interface FakeClient extends MciClient {
  readonly options: ClientOptions;
  readonly items: Record<string, Subject<ChannelItem>>;
  readonly statusSubject: BehaviorSubject<ClientStatus>;
  readonly errorSubject: Subject<ClientError>;
  /** Live subscriptions per channel. */
  readonly live: Map<Channel, number>;
  closed: boolean;
  emit(item: ChannelItem): void;
  roundTripResult: () => Promise<number>;
  /** Called after each channel subscription (e.g. to send the state snapshot). */
  onSubscribe: (channel: Channel) => void;
}

export function createFakeClient(options: ClientOptions): FakeClient {
  const items: Record<string, Subject<ChannelItem>> = {};
  const live = new Map<Channel, number>();
  const statusSubject = new BehaviorSubject<ClientStatus>({ state: 'streaming', attempt: 0, polling: false, since: 0 });
  const errorSubject = new Subject<ClientError>();
  const subjectOf = (channel: Channel) => (items[channel] ??= new Subject<ChannelItem>());
  const fake: FakeClient = {
    options,
    items,
    statusSubject,
    errorSubject,
    live,
    closed: false,
    status$: statusSubject.asObservable(),
    errors$: errorSubject.asObservable(),
    channel: (channel) =>
      new Observable<ChannelItem>((subscriber) => {
        live.set(channel, (live.get(channel) ?? 0) + 1);
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
    },
    emit: (item) => subjectOf(item.channel).next(item),
  };
  return fake;
}
