/**
 * The MCI protocol client (docs/client.md): one WebSocket shared by every channel subscription,
 * spec 001's state machine on `status$`, reconnect with backoff and resume, gap healing and
 * polling from the REST snapshot, heartbeat answers and dead-peer detection. Runs in the browser
 * and in Node: the socket, REST and clock are injected. This file wires the parts together:
 * `SocketSession` (the socket and its retries), `ChannelSubscriptions` (channels and resume),
 * `serverMessages` (what each frame does), the snapshot healer and poller.
 */
import { Subject } from 'rxjs';
import { REST_PATHS, type Channel } from '../protocol';
import { ChannelSubscriptions } from './ChannelSubscriptions';
import { CLIENT_DEFAULTS, resolveClientOptions } from './clientDefaults';
import {
  connectionFailed,
  connectionLost,
  errorMessage,
  parseError,
  restFailed,
  roundTripTimeout,
  toError,
} from './clientErrors';
import { ClientStatusStore } from './ClientStatusStore';
import { RoundTripRegistry, type Probe } from './RoundTripRegistry';
import { createServerMessageHandler } from './serverMessages';
import { SnapshotHealer } from './SnapshotHealer';
import { SnapshotPoller } from './SnapshotPoller';
import { SocketSession, type Session } from './SocketSession';
import type { ClientError, ClientOptions, MciClient, SkippedMessage } from './types';

export function createMciClient(clientOptions: ClientOptions): MciClient {
  const options = resolveClientOptions(clientOptions);
  const { logger, now } = options;
  const status = new ClientStatusStore(now, (from, to) =>
    logger.debug?.(`state ${from.state} → ${to.state}`, { attempt: to.attempt })
  );
  const errors$ = new Subject<ClientError>();
  const skipped$ = new Subject<SkippedMessage>();

  /** Report a failure on `errors$` (unless already reported) and, when it is one, as `lastError`. */
  function reportError(error: ClientError, asLastError = true, alreadyEmitted = false): void {
    if (!alreadyEmitted) {
      errors$.next(error);
    }
    if (asLastError) {
      status.set({ lastError: error });
    }
  }

  /** Something broke the protocol and was left out: log it, count it (`skipped$`), report it. */
  function skip(skipped: SkippedMessage): void {
    logger.warn(
      `skipped an invalid ${skipped.source === 'rest' ? 'REST item' : 'message'}${skipped.channel ? ` of ${skipped.channel}` : ''}: ${skipped.error.why}`,
      skipped.error
    );
    skipped$.next(skipped);
    reportError(skipped.error, false);
  }

  function skipRestItem(channel: Channel, reason: string): void {
    skip({ channel, error: parseError(`GET ${REST_PATHS.snapshot}: ${reason}`, now()), source: 'rest' });
  }

  const isWanted = () => subscriptions.size > 0 || roundTrips.size > 0;

  const roundTrips = new RoundTripRegistry<Session>(now, () => {
    // A socket opened only for round trips closes once they are done.
    if (!sessions.closed && !isWanted() && status.state !== 'reconnecting') {
      sessions.goIdle();
    }
  });
  const healer = options.httpGet
    ? new SnapshotHealer({
        httpGet: options.httpGet,
        now,
        emit: (channel, item) => subscriptions.emit(channel, item),
        fail: (error) => reportError(error, false),
        skip: skipRestItem,
      })
    : undefined;
  const poller = options.httpGet
    ? new SnapshotPoller({
        httpGet: options.httpGet,
        intervalMs: options.pollIntervalMs,
        channels: () => subscriptions.wantedChannels(),
        emit: (channel, snapshot) =>
          subscriptions.emit(channel, {
            kind: 'snapshot',
            channel,
            data: snapshot.data,
            receivedAt: now(),
            reason: 'polling',
          }),
        skip: skipRestItem,
        onPollingChange: (polling) => status.set({ polling }),
        onFailure: (error) =>
          logger.warn('polling the REST snapshot failed', restFailed(REST_PATHS.snapshot, errorMessage(error), now())),
        onServerBack: () => sessions.retryNow(),
      })
    : undefined;
  const sessions: SocketSession = new SocketSession({
    options,
    status,
    roundTrips,
    poller,
    reportError,
    isWanted,
    hasChannels: () => subscriptions.size > 0,
    onFrame: (current, data) => onFrame(current, data),
    onEnded: () => subscriptions.socketEnded(),
  });
  const subscriptions: ChannelSubscriptions = new ChannelSubscriptions({
    options,
    status,
    sessions,
    healer,
    poller,
    reportError,
    onChannelsLeft: () => {
      if (!isWanted()) {
        sessions.goIdle();
      }
    },
  });
  const onFrame = createServerMessageHandler({
    options,
    status,
    sessions,
    subscriptions,
    roundTrips,
    poller,
    reportError,
    emitError: (error) => errors$.next(error),
    skip,
    sendProbe,
  });

  function sendProbe(current: Session, probe: Probe<Session>): void {
    sessions.send(current, { event: 'heartbeat', data: { clientTime: roundTrips.markSent(probe, current) } });
  }

  function roundTrip(timeoutMs: number = CLIENT_DEFAULTS.roundTripTimeoutMs): Promise<number> {
    if (sessions.closed) {
      return Promise.reject(toError(connectionFailed(options.wsUrl, 'the client is closed', now())));
    }
    const { promise, probe } = roundTrips.add(timeoutMs, (sent) =>
      sent
        ? roundTripTimeout(timeoutMs, now())
        : (status.value.lastError ?? connectionFailed(options.wsUrl, `no connection:ack within ${timeoutMs} ms`, now()))
    );
    const current = sessions.current;
    if (current?.acked) {
      sendProbe(current, probe);
    } else {
      sessions.ensureConnected();
    }
    return promise;
  }

  function close(): void {
    if (sessions.closed) {
      return;
    }
    healer?.reset();
    sessions.close();
    roundTrips.rejectAll(connectionLost('The client was closed', now()));
    status.transition(() => {
      poller?.stop();
      status.set({ state: 'disconnected', nextRetryAt: undefined });
    });
    subscriptions.close();
    status.complete();
    errors$.complete();
    skipped$.complete();
  }

  return {
    status$: status.status$,
    errors$: errors$.asObservable(),
    skipped$: skipped$.asObservable(),
    channel: (name) => subscriptions.channel(name),
    subscribedChannels: () => subscriptions.subscribedChannels(),
    roundTrip,
    close,
  };
}
