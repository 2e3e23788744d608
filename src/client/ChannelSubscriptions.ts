/**
 * The client's channels: which are wanted (one shared, lingering stream each), which the server
 * confirmed, asked for or refused on the current socket, and the resume bookkeeping (epoch and
 * last `seq` per channel) that turns a reconnect into a resume and a `seq` jump into a gap.
 */
import { Observable, type Subscriber } from 'rxjs';
import { channelOfEvent, errorTriple, isChannel, isStateChannel, type Channel, type DataMessage } from '../protocol';
import type { ResolvedClientOptions } from './clientDefaults';
import { serverError } from './clientErrors';
import type { ClientStatusStore } from './ClientStatusStore';
import { LatestState } from './LatestState';
import { lingeringShare } from './lingeringShare';
import { SequenceTracker } from './SequenceTracker';
import type { SnapshotHealer } from './SnapshotHealer';
import type { SnapshotPoller } from './SnapshotPoller';
import type { Session, SocketSession } from './SocketSession';
import { createTickBatcher } from './tickBatcher';
import type { ChannelItem, ClientError } from './types';

export interface ChannelSubscriptionsDeps {
  options: ResolvedClientOptions;
  status: ClientStatusStore;
  sessions: SocketSession;
  healer: SnapshotHealer | undefined;
  poller: SnapshotPoller | undefined;
  reportError(error: ClientError, asLastError?: boolean): void;
  /** The last wanted channel was left (the caller decides whether the connection is still wanted). */
  onChannelsLeft(): void;
}

export class ChannelSubscriptions {
  /** Wanted channels: the one subscriber of each channel's shared source. */
  private readonly wanted = new Map<Channel, Subscriber<ChannelItem>>();
  private readonly streams = new Map<Channel, Observable<ChannelItem>>();
  /** Channels the server confirmed, and those asked for but not yet confirmed, on this socket. */
  private readonly onServer = new Set<Channel>();
  private readonly requested = new Set<Channel>();
  /** Channels this server refused alone (SUBSCRIPTION_ERROR), with the epoch that refused them. */
  private readonly refused = new Map<Channel, string | undefined>();
  private readonly tracker = new SequenceTracker();
  /** What a subscriber joining a live state channel is handed at once. */
  private readonly latest = new LatestState();
  /** The server's epoch, from the last `connection:ack`. */
  private epoch: string | undefined;
  private readonly subscribeBatch = createTickBatcher<Channel>((channels) => this.flushSubscribe(channels));
  private readonly unsubscribeBatch = createTickBatcher<Channel>((channels) => this.flushUnsubscribe(channels));

  constructor(private readonly deps: ChannelSubscriptionsDeps) {}

  /** The number of wanted channels. */
  get size(): number {
    return this.wanted.size;
  }

  wantedChannels(): Channel[] {
    return [...this.wanted.keys()];
  }

  /** Channels currently subscribed on the server. */
  subscribedChannels(): Channel[] {
    return [...this.onServer];
  }

  /** Hand an item to the channel's subscribers (nothing when it is not wanted). */
  emit(channel: Channel, item: ChannelItem): void {
    const subscriber = this.wanted.get(channel);
    if (subscriber !== undefined) {
      this.latest.record(channel, item);
      subscriber.next(item);
    }
  }

  channel(name: Channel): Observable<ChannelItem> {
    if (!isChannel(name)) {
      // One unknown name in a shared `subscribe` would make the server refuse every channel in it.
      return new Observable<ChannelItem>((subscriber) => {
        this.deps.reportError(
          serverError(
            'SUBSCRIPTION_ERROR',
            errorTriple('SUBSCRIPTION_ERROR', { why: `${JSON.stringify(name)} is not an MCI channel` }),
            this.deps.options.now()
          ),
          false
        );
        subscriber.complete();
      });
    }
    let stream = this.streams.get(name);
    if (stream === undefined) {
      const source = new Observable<ChannelItem>((subscriber) => {
        if (this.deps.sessions.closed) {
          subscriber.complete();
          return undefined;
        }
        this.want(name, subscriber);
        return () => this.unwant(name, subscriber);
      });
      // The last unsubscribe lingers, so a re-query within lingerMs keeps the subscription.
      const shared = source.pipe(lingeringShare(this.deps.options.lingerMs));
      stream = new Observable<ChannelItem>((subscriber) => {
        this.deps.sessions.retryAfterRefusal();
        if (this.wanted.has(name)) {
          // Joining a live channel: its current state now, not at its next change.
          this.latest.replay(name).forEach((item) => subscriber.next(item));
        }
        return shared.subscribe(subscriber);
      });
      this.streams.set(name, stream);
    }
    return stream;
  }

  /** `connection:ack`: subscribe every wanted channel, resuming where each left off. */
  subscribeAll(current: Session, serverEpoch: string | undefined): void {
    this.epoch = serverEpoch;
    // A restarted (possibly upgraded) server gets another chance at channels it refused.
    [...this.refused]
      .filter(([, refusedBy]) => refusedBy !== serverEpoch)
      .forEach(([channel]) => this.refused.delete(channel));
    const channels = this.wantedChannels();
    const batch = channels.filter((channel) => !this.refused.has(channel));
    if (batch.length > 0) {
      this.sendSubscribe(current, batch);
    }
    // Asked alone, so the refusal shows again without taking the batch down.
    channels
      .filter((channel) => this.refused.has(channel))
      .forEach((channel) => this.sendSubscribe(current, [channel]));
  }

  /** The socket is gone: nothing is subscribed or asked for on the server any more. */
  socketEnded(): void {
    this.onServer.clear();
    this.requested.clear();
  }

  onSubscribed(current: Session, channels: Channel[], recovered: Partial<Record<Channel, boolean>> | undefined): void {
    const { status, healer, options } = this.deps;
    const answered = current.unanswered.findIndex(
      (group) => group.length === channels.length && group.every((channel) => channels.includes(channel))
    );
    if (answered >= 0) {
      current.unanswered.splice(answered, 1);
    }
    for (const channel of channels) {
      this.requested.delete(channel);
      this.onServer.add(channel);
      if (!this.wanted.has(channel)) {
        continue;
      }
      if (current.resumed.has(channel)) {
        if (current.restarted.has(channel) && recovered?.[channel] === true && this.epoch !== undefined) {
          // The replay starts at seq 1 of the new epoch.
          this.tracker.set(channel, { epoch: this.epoch, seq: 0 });
        }
        if (recovered?.[channel] !== true || current.restarted.has(channel)) {
          // The server could not replay all we missed (restarted, history too short): say so, then heal.
          this.emit(channel, { kind: 'gap', channel, receivedAt: options.now() });
          healer?.heal(channel, 'gap');
        }
      } else if (!isStateChannel(channel)) {
        // State channels get a snapshot frame after `subscribed`; event channels start empty: read their state once.
        healer?.heal(channel, 'initial');
      }
    }
    if (status.state === 'connected') {
      status.set({ state: 'subscribed', lastError: undefined });
    }
  }

  onUnsubscribed(channels: Channel[]): void {
    const { status } = this.deps;
    channels.forEach((channel) => this.onServer.delete(channel));
    if (this.onServer.size === 0 && this.requested.size === 0) {
      status.set({ state: 'connected' });
    } else if (status.state === 'streaming') {
      status.set({ state: 'subscribed' });
    }
  }

  /**
   * The server refused the oldest unanswered `subscribe` whole (e.g. a spec-001 server that does
   * not know an extension channel). Ask for each channel alone, so one unknown channel does not
   * take the others down; a channel refused alone is asked for alone from then on (same epoch).
   */
  onSubscribeRefused(current: Session): void {
    const group = (current.unanswered.shift() ?? []).filter((channel) => this.requested.has(channel));
    group.forEach((channel) => this.requested.delete(channel));
    if (group.length > 1) {
      group.forEach((channel) => this.sendSubscribe(current, [channel]));
    } else if (group.length === 1) {
      this.refused.set(group[0], this.epoch);
      this.deps.options.logger.warn(`the server refused the channel ${group[0]}`, current.lastServerError);
    }
  }

  /** A data event: checked against the channel's last `seq`, then handed on (or held while healing). */
  deliver(message: DataMessage): void {
    const { status, healer, options } = this.deps;
    const { now, logger } = options;
    const channel = channelOfEvent(message.event);
    if (channel === undefined || !this.wanted.has(channel)) {
      return;
    }
    const snapshot = message.snapshot === true;
    const verdict = this.tracker.observe(channel, this.epoch, message.seq, snapshot);
    if (status.state === 'subscribed') {
      status.set({ state: 'streaming' });
    }
    if (verdict.kind === 'duplicate') {
      logger.debug?.('skipped an event already delivered', { channel, seq: message.seq });
      return;
    }
    if (verdict.kind === 'gap') {
      this.emit(channel, { kind: 'gap', channel, fromSeq: verdict.fromSeq, toSeq: verdict.toSeq, receivedAt: now() });
      healer?.heal(channel, 'gap');
    }
    const item: ChannelItem = { kind: 'event', channel, message, seq: message.seq, snapshot, receivedAt: now() };
    if (!healer?.hold(item, this.epoch)) {
      this.emit(channel, item);
    }
  }

  /** The client closes: complete every stream (which also cancels a pending linger timer). */
  close(): void {
    this.subscribeBatch.clear();
    this.unsubscribeBatch.clear();
    const subscribers = [...this.wanted.values()];
    this.wanted.clear();
    subscribers.forEach((subscriber) => subscriber.complete());
  }

  private want(channel: Channel, subscriber: Subscriber<ChannelItem>): void {
    this.wanted.set(channel, subscriber);
    this.unsubscribeBatch.delete(channel);
    this.subscribeBatch.add(channel);
    if (this.deps.status.state === 'reconnecting') {
      this.deps.poller?.start();
    }
  }

  private unwant(channel: Channel, subscriber: Subscriber<ChannelItem>): void {
    if (this.deps.sessions.closed || this.wanted.get(channel) !== subscriber) {
      return;
    }
    this.wanted.delete(channel);
    this.latest.forget(channel);
    this.deps.healer?.cancel(channel);
    this.subscribeBatch.delete(channel);
    this.unsubscribeBatch.add(channel);
  }

  private sendSubscribe(current: Session, channels: Channel[]): void {
    const { options, sessions } = this.deps;
    const resume = this.tracker.resumePoints(channels);
    const resumed = Object.keys(resume) as Channel[];
    for (const channel of resumed) {
      current.resumed.add(channel);
      if (this.epoch !== undefined && resume[channel]!.epoch !== this.epoch) {
        // A restarted server: what the old one sent after our last event is gone, but the new one
        // can replay everything it sent since it started (its history permitting).
        current.restarted.add(channel);
        resume[channel] = { epoch: this.epoch, seq: 0 };
      }
    }
    channels.forEach((channel) => this.requested.add(channel));
    current.unanswered.push(channels);
    sessions.send(current, {
      event: 'subscribe',
      data: {
        channels,
        ...(resumed.length > 0 ? { resume } : {}),
        ...(options.batchMs > 0 ? { batchMs: options.batchMs } : {}),
      },
    });
  }

  private flushSubscribe(channels: Channel[]): void {
    const { sessions } = this.deps;
    const current = sessions.current;
    if (sessions.closed) {
      return;
    }
    if (current === undefined || !current.acked) {
      // `connection:ack` subscribes every wanted channel at once.
      sessions.ensureConnected();
      return;
    }
    const fresh = channels.filter(
      (channel) => this.wanted.has(channel) && !this.onServer.has(channel) && !this.requested.has(channel)
    );
    if (fresh.length > 0) {
      this.sendSubscribe(current, fresh);
    }
  }

  private flushUnsubscribe(channels: Channel[]): void {
    const { sessions } = this.deps;
    const leaving = channels.filter((channel) => !this.wanted.has(channel));
    leaving.forEach((channel) => this.tracker.forget(channel));
    const current = sessions.current;
    const known = leaving.filter((channel) => this.onServer.has(channel) || this.requested.has(channel));
    if (current?.acked && known.length > 0) {
      // Forgotten at once: a re-subscribe before `unsubscribed` arrives must send `subscribe` again.
      known.forEach((channel) => {
        this.requested.delete(channel);
        this.onServer.delete(channel);
      });
      sessions.send(current, { event: 'unsubscribe', data: { channels: known } });
    }
    this.deps.onChannelsLeft();
  }
}
