/**
 * The MCI protocol client (DESIGN §5, docs/client.md): one WebSocket shared by every channel
 * subscription, spec 001's state machine on `status$`, reconnect with backoff and resume, gap
 * healing and polling from the REST snapshot, heartbeat answers and dead-peer detection.
 * Runs in the browser and in Node: the socket, REST and clock are injected.
 */
import { Observable, Subject, type Subscriber } from 'rxjs';
import {
  CLOSE_CODES,
  channelOfEvent,
  encodeMessage,
  errorTriple,
  isChannel,
  isStateChannel,
  parseServerMessage,
  type Channel,
  type ClientMessage,
  type DataMessage,
  type ServerMessage,
  REST_PATHS,
} from '../protocol';
import { backoffDelay } from './backoffDelay';
import { CLIENT_DEFAULTS, resolveClientOptions } from './clientDefaults';
import {
  closeError,
  connectionFailed,
  connectionLost,
  explainingError,
  heartbeatTimeout,
  parseError,
  restFailed,
  roundTripTimeout,
  serverError,
  toError,
} from './clientErrors';
import { ClientStatusStore } from './ClientStatusStore';
import { lingeringShare } from './lingeringShare';
import { RoundTripRegistry, type Probe } from './RoundTripRegistry';
import { SequenceTracker } from './SequenceTracker';
import { SnapshotHealer } from './SnapshotHealer';
import { SnapshotPoller } from './SnapshotPoller';
import { createTickBatcher } from './tickBatcher';
import type { ChannelItem, ClientError, ClientOptions, MciClient, WebSocketLike } from './types';
import { withTicket } from './withTicket';

/** `WebSocket.OPEN` in the browser and in `ws`. */
const OPEN = 1;

/** One socket, from its creation to its close. */
interface Session {
  socket: WebSocketLike;
  url: string;
  /** `connection:ack` received: the connection counts as established. */
  acked: boolean;
  heartbeatIntervalMs: number;
  deadTimer?: ReturnType<typeof setTimeout>;
  /** Armed by a `reconnect` event: if the server keeps the socket open past its delay, we reconnect. */
  reconnectRequestTimer?: ReturnType<typeof setTimeout>;
  /** An error event the server sent on this socket (already reported); explains its close. */
  explained?: ClientError;
  /** The last `error` event on this socket (already reported); explains a close with its code. */
  lastServerError?: ClientError;
  /** `connection:closed` message or the socket's error detail, for a close without an error event. */
  detail?: string;
  /** Channels subscribed with a resume point on this socket. */
  resumed: Set<Channel>;
  /** Resumed channels whose last event came from another server epoch (the server restarted). */
  restarted: Set<Channel>;
  /** The channel lists of `subscribe` messages not answered yet, oldest first. */
  unanswered: Channel[][];
}

export function createMciClient(clientOptions: ClientOptions): MciClient {
  const options = resolveClientOptions(clientOptions);
  const { logger, now } = options;
  const status = new ClientStatusStore(now, (from, to) =>
    logger.debug?.(`state ${from.state} → ${to.state}`, { attempt: to.attempt })
  );
  const errors$ = new Subject<ClientError>();
  const tracker = new SequenceTracker();
  /** Wanted channels: the one subscriber of each channel's shared source. */
  const wanted = new Map<Channel, Subscriber<ChannelItem>>();
  const streams = new Map<Channel, Observable<ChannelItem>>();
  /** Channels the server confirmed, and those asked for but not yet confirmed, on this socket. */
  const onServer = new Set<Channel>();
  const requested = new Set<Channel>();
  const roundTrips = new RoundTripRegistry<Session>(now, () => {
    // A socket opened only for round trips closes once they are done.
    if (!closed && !isWanted() && status.state !== 'reconnecting') {
      goIdle();
    }
  });
  let session: Session | undefined;
  let epoch: string | undefined;
  let heartbeatIntervalMs: number = CLIENT_DEFAULTS.heartbeatIntervalMs;
  let attempt = 0;
  let serverDelayMs: number | undefined;
  /** Until then, retries follow an announced restart at `restartRetryMs` (see CLIENT_DEFAULTS). */
  let restartRetryUntil: number | undefined;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped on every connect and on close, so an awaited ticket of an old attempt is dropped. */
  let connectGeneration = 0;
  let closed = false;
  /** Channels this server refused alone (SUBSCRIPTION_ERROR), with the epoch that refused them. */
  const refused = new Map<Channel, string | undefined>();

  const emit = (channel: Channel, item: ChannelItem) => wanted.get(channel)?.next(item);

  const healer = options.httpGet
    ? new SnapshotHealer({
        httpGet: options.httpGet,
        now,
        emit,
        fail: (error) => reportError(error, false),
      })
    : undefined;
  const poller = options.httpGet
    ? new SnapshotPoller({
        httpGet: options.httpGet,
        intervalMs: options.pollIntervalMs,
        channels: () => [...wanted.keys()],
        emit: (channel, snapshot) =>
          emit(channel, { kind: 'snapshot', channel, data: snapshot.data, receivedAt: now(), reason: 'polling' }),
        onPollingChange: (polling) => status.set({ polling }),
        onFailure: (error) =>
          logger.warn('polling the REST snapshot failed', restFailed(REST_PATHS.snapshot, errorMessage(error), now())),
        onServerBack: retryNow,
      })
    : undefined;

  const subscribeBatch = createTickBatcher<Channel>(flushSubscribe);
  const unsubscribeBatch = createTickBatcher<Channel>(flushUnsubscribe);

  // ---- status

  /** Report a failure on `errors$` (unless already reported) and, when it is one, as `lastError`. */
  function reportError(error: ClientError, asLastError = true, alreadyEmitted = false): void {
    if (!alreadyEmitted) {
      errors$.next(error);
    }
    if (asLastError) {
      status.set({ lastError: error });
    }
  }

  function isWanted(): boolean {
    return wanted.size > 0 || roundTrips.size > 0;
  }

  // ---- connecting

  function ensureConnected(): void {
    if (!closed && session === undefined && reconnectTimer === undefined && status.state !== 'connecting') {
      void connect();
    }
  }

  async function connect(): Promise<void> {
    reconnectTimer = undefined;
    const generation = ++connectGeneration;
    status.set({ state: 'connecting', nextRetryAt: undefined });
    let ticket: string | undefined;
    if (options.getTicket) {
      try {
        ticket = await options.getTicket();
      } catch (error) {
        if (generation === connectGeneration) {
          connectionEnded(
            connectionFailed(options.wsUrl, `could not get a connection ticket: ${errorMessage(error)}`, now()),
            false
          );
        }
        return;
      }
      if (generation !== connectGeneration) {
        return;
      }
      if (!isWanted()) {
        status.set({ state: 'disconnected' });
        return;
      }
    }
    const url = withTicket(options.wsUrl, ticket);
    let socket: WebSocketLike;
    try {
      socket = options.webSocketFactory(url);
    } catch (error) {
      connectionEnded(connectionFailed(url, errorMessage(error), now()), false);
      return;
    }
    const current: Session = {
      socket,
      url,
      acked: false,
      heartbeatIntervalMs,
      resumed: new Set(),
      restarted: new Set(),
      unanswered: [],
    };
    session = current;
    socket.onmessage = (event) => onFrame(current, event.data);
    socket.onerror = (event) => {
      current.detail ??= describeSocketError(event);
    };
    socket.onclose = (event) => onSocketClose(current, event.code, event.reason);
    armDeadPeer(current);
  }

  /** No frame of any kind for two heartbeat intervals (or no answer at all while connecting): dead. */
  function armDeadPeer(current: Session): void {
    clearTimeout(current.deadTimer);
    const silentMs = current.heartbeatIntervalMs * CLIENT_DEFAULTS.missedHeartbeats;
    current.deadTimer = setTimeout(() => {
      if (session !== current) {
        return;
      }
      logger.warn('no message from the server for two heartbeat intervals: closing the connection', { silentMs });
      const error = current.acked
        ? heartbeatTimeout(silentMs, now())
        : connectionFailed(current.url, `no answer from the server within ${silentMs} ms`, now());
      endSession(current, CLOSE_CODES.HEARTBEAT_TIMEOUT, 'no heartbeat from the server');
      connectionEnded(error, false);
    }, silentMs);
  }

  /** Forget a socket: its handlers are detached (a late close or message changes nothing). */
  function endSession(current: Session, closeCode?: number, reason?: string): void {
    clearTimeout(current.deadTimer);
    clearTimeout(current.reconnectRequestTimer);
    const ignore = () => undefined;
    current.socket.onopen = ignore;
    current.socket.onmessage = ignore;
    current.socket.onclose = ignore;
    // `ws` throws on an 'error' event without a listener, so a no-op one stays attached.
    current.socket.onerror = ignore;
    if (closeCode !== undefined) {
      try {
        current.socket.close(closeCode, reason);
      } catch (error) {
        logger.debug?.('closing the socket failed', error);
      }
    }
    if (session === current) {
      session = undefined;
    }
    onServer.clear();
    requested.clear();
  }

  function onSocketClose(current: Session, code: number, reason: string): void {
    if (session !== current) {
      return;
    }
    endSession(current);
    const explained = explainingError(current.explained, current.lastServerError, code);
    if (explained !== undefined) {
      connectionEnded(explained, true);
      return;
    }
    connectionEnded(closeError(code, reason || current.detail || '', current.acked, current.url, now()), false);
  }

  /** The socket is gone (or never came): reject round trips, then retry while anything wants it. */
  function connectionEnded(error: ClientError, alreadyEmitted: boolean): void {
    status.transition(() => {
      reportError(error, true, alreadyEmitted);
      roundTrips.rejectAll(error);
      if (closed) {
        return;
      }
      if (!isWanted()) {
        status.set({ state: 'disconnected', nextRetryAt: undefined });
        return;
      }
      scheduleReconnect();
    });
  }

  function scheduleReconnect(): void {
    attempt += 1;
    // The server's `reconnect {delay}` wins over our schedule for the next try.
    const announcedRestart = restartRetryUntil !== undefined && now() < restartRetryUntil;
    const delay =
      serverDelayMs ??
      (announcedRestart
        ? backoffDelay(1, [CLIENT_DEFAULTS.restartRetryMs], options.jitter, options.random)
        : backoffDelay(attempt, options.backoffMs, options.jitter, options.random));
    serverDelayMs = undefined;
    status.transition(() => {
      status.set({ state: 'reconnecting', attempt, nextRetryAt: now() + delay });
      if (wanted.size > 0) {
        poller?.start();
      }
    });
    reconnectTimer = setTimeout(() => void connect(), delay);
  }

  /**
   * REST answers again while we wait out the backoff (up to 16 s): the server is back, so try the
   * socket now instead of leaving the panels on polled data for the rest of the delay.
   */
  function retryNow(): void {
    if (!closed && session === undefined && reconnectTimer !== undefined) {
      clearTimeout(reconnectTimer);
      void connect();
    }
  }

  /** Nothing wants the connection any more: say goodbye and stop retrying. */
  function goIdle(): void {
    clearTimeout(reconnectTimer);
    reconnectTimer = undefined;
    connectGeneration += 1;
    const current = session;
    if (current !== undefined) {
      send(current, { event: 'disconnect' });
      endSession(current, CLOSE_CODES.NORMAL, 'no subscriptions left');
    }
    attempt = 0;
    status.transition(() => {
      poller?.stop();
      status.set({ state: 'disconnected', attempt: 0, nextRetryAt: undefined });
    });
  }

  function send(current: Session, message: ClientMessage): void {
    if (current.socket.readyState === OPEN) {
      current.socket.send(encodeMessage(message));
    }
  }

  // ---- inbound

  function onFrame(current: Session, data: unknown): void {
    if (session !== current) {
      return;
    }
    armDeadPeer(current);
    const parsed =
      typeof data === 'string'
        ? parseServerMessage(data, { maxLength: CLIENT_DEFAULTS.maxFrameChars })
        : ({ ok: false, error: { message: 'a binary frame; the protocol sends JSON text frames' } } as const);
    if (!parsed.ok) {
      const error = parseError(parsed.error.message, now());
      logger.warn('skipped a frame that is not valid MCI protocol', error);
      reportError(error, false);
      return;
    }
    onMessage(current, parsed.value);
  }

  function onMessage(current: Session, message: ServerMessage): void {
    switch (message.event) {
      case 'connection:ack':
        onAck(current, message.data.epoch, message.data.heartbeatIntervalMs);
        return;
      case 'connection:error':
      case 'error':
        onServerError(current, message);
        return;
      case 'connection:closed': {
        const { code, reason, message: text } = message.data;
        if (code !== undefined && current.explained === undefined) {
          if (current.lastServerError?.code === code) {
            // The `error` event just before said it better, and was reported already.
            current.explained = current.lastServerError;
          } else {
            current.explained = serverError(code, errorTriple(code, { why: text }), now());
            errors$.next(current.explained);
          }
        }
        current.detail = `the server closed the connection (${reason}): ${text}`;
        return;
      }
      case 'reconnect':
        onReconnectRequest(current, message.data);
        return;
      case 'subscribed':
        onSubscribed(current, message.data.channels, message.data.recovered);
        return;
      case 'unsubscribed':
        message.data.channels.forEach((channel) => onServer.delete(channel));
        if (onServer.size === 0 && requested.size === 0) {
          status.set({ state: 'connected' });
        } else if (status.state === 'streaming') {
          status.set({ state: 'subscribed' });
        }
        return;
      case 'heartbeat':
        send(current, { event: 'heartbeat:ack', data: { clientTime: Math.round(now()) } });
        return;
      case 'heartbeat:ack':
        roundTrips.answer(current, message.data.clientTime);
        return;
      case 'batch':
        message.data.events.forEach((event) => onData(event));
        return;
      default:
        onData(message);
    }
  }

  /**
   * Spec 001 `reconnect {reason, delay}`. On shutdown the server closes right after, and the next
   * try waits `delay`; a server that keeps the socket open (`session_refresh`) is left after
   * `delay` and the client reconnects at once.
   */
  function onReconnectRequest(current: Session, request: { reason: string; delay: number; message: string }): void {
    logger.debug?.('the server asked to reconnect', request);
    serverDelayMs = request.delay;
    restartRetryUntil = now() + request.delay + CLIENT_DEFAULTS.restartRetryWindowMs;
    clearTimeout(current.reconnectRequestTimer);
    current.reconnectRequestTimer = setTimeout(() => {
      if (session !== current) {
        return;
      }
      serverDelayMs = 0;
      endSession(current, CLOSE_CODES.NORMAL, 'reconnecting as the server asked');
      connectionEnded(
        connectionLost(`The server asked the client to reconnect (${request.reason}): ${request.message}`, now()),
        false
      );
    }, request.delay);
  }

  function onAck(current: Session, serverEpoch: string | undefined, intervalMs: number | undefined): void {
    current.acked = true;
    epoch = serverEpoch;
    heartbeatIntervalMs = intervalMs || CLIENT_DEFAULTS.heartbeatIntervalMs;
    current.heartbeatIntervalMs = heartbeatIntervalMs;
    armDeadPeer(current);
    attempt = 0;
    restartRetryUntil = undefined;
    status.transition(() => {
      poller?.stop();
      status.set({ state: 'connected', attempt: 0, nextRetryAt: undefined, lastError: undefined, epoch: serverEpoch });
    });
    // A restarted (possibly upgraded) server gets another chance at channels it refused.
    [...refused].filter(([, refusedBy]) => refusedBy !== serverEpoch).forEach(([channel]) => refused.delete(channel));
    const channels = [...wanted.keys()];
    const batch = channels.filter((channel) => !refused.has(channel));
    if (batch.length > 0) {
      sendSubscribe(current, batch);
    }
    // Asked alone, so the refusal shows again without taking the batch down.
    channels.filter((channel) => refused.has(channel)).forEach((channel) => sendSubscribe(current, [channel]));
    roundTrips.unsent().forEach((probe) => sendProbe(current, probe));
  }

  function onServerError(current: Session, message: ServerMessage & { event: 'error' | 'connection:error' }): void {
    const { code, error } = message.data;
    if (message.event === 'error' && code === 'INVALID_MESSAGE' && roundTrips.answerAll(current)) {
      // A spec-001 server that does not know the client heartbeat still answered: it is alive.
      return;
    }
    const clientError = serverError(code, error, now());
    if (message.event === 'connection:error') {
      current.explained ??= clientError;
    } else {
      current.lastServerError = clientError;
    }
    reportError(clientError);
    if (code === 'SUBSCRIPTION_ERROR') {
      onSubscribeRefused(current);
    }
  }

  /**
   * The server refused the oldest unanswered `subscribe` whole (e.g. a spec-001 server that does
   * not know an extension channel). Ask for each channel alone, so one unknown channel does not
   * take the others down; a channel refused alone is asked for alone from then on (same epoch).
   */
  function onSubscribeRefused(current: Session): void {
    const group = (current.unanswered.shift() ?? []).filter((channel) => requested.has(channel));
    group.forEach((channel) => requested.delete(channel));
    if (group.length > 1) {
      group.forEach((channel) => sendSubscribe(current, [channel]));
    } else if (group.length === 1) {
      refused.set(group[0], epoch);
      logger.warn(`the server refused the channel ${group[0]}`, current.lastServerError);
    }
  }

  function onSubscribed(
    current: Session,
    channels: Channel[],
    recovered: Partial<Record<Channel, boolean>> | undefined
  ): void {
    const answered = current.unanswered.findIndex(
      (group) => group.length === channels.length && group.every((channel) => channels.includes(channel))
    );
    if (answered >= 0) {
      current.unanswered.splice(answered, 1);
    }
    for (const channel of channels) {
      requested.delete(channel);
      onServer.add(channel);
      if (!wanted.has(channel)) {
        continue;
      }
      if (current.resumed.has(channel)) {
        if (current.restarted.has(channel) && recovered?.[channel] === true && epoch !== undefined) {
          // The replay starts at seq 1 of the new epoch.
          tracker.set(channel, { epoch, seq: 0 });
        }
        if (recovered?.[channel] !== true || current.restarted.has(channel)) {
          // The server could not replay all we missed (restarted, history too short): say so, then heal.
          emit(channel, { kind: 'gap', channel, receivedAt: now() });
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

  function onData(message: DataMessage): void {
    const channel = channelOfEvent(message.event);
    if (channel === undefined || !wanted.has(channel)) {
      return;
    }
    const snapshot = message.snapshot === true;
    const verdict = tracker.observe(channel, epoch, message.seq, snapshot);
    if (status.state === 'subscribed') {
      status.set({ state: 'streaming' });
    }
    if (verdict.kind === 'duplicate') {
      logger.debug?.('skipped an event already delivered', { channel, seq: message.seq });
      return;
    }
    if (verdict.kind === 'gap') {
      emit(channel, { kind: 'gap', channel, fromSeq: verdict.fromSeq, toSeq: verdict.toSeq, receivedAt: now() });
      healer?.heal(channel, 'gap');
    }
    const item: ChannelItem = { kind: 'event', channel, message, seq: message.seq, snapshot, receivedAt: now() };
    if (!healer?.hold(item, epoch)) {
      emit(channel, item);
    }
  }

  // ---- subscriptions

  function sendSubscribe(current: Session, channels: Channel[]): void {
    const resume = tracker.resumePoints(channels);
    const resumed = Object.keys(resume) as Channel[];
    for (const channel of resumed) {
      current.resumed.add(channel);
      if (epoch !== undefined && resume[channel]!.epoch !== epoch) {
        // A restarted server: what the old one sent after our last event is gone, but the new one
        // can replay everything it sent since it started (its history permitting).
        current.restarted.add(channel);
        resume[channel] = { epoch, seq: 0 };
      }
    }
    channels.forEach((channel) => requested.add(channel));
    current.unanswered.push(channels);
    send(current, {
      event: 'subscribe',
      data: {
        channels,
        ...(resumed.length > 0 ? { resume } : {}),
        ...(options.batchMs > 0 ? { batchMs: options.batchMs } : {}),
      },
    });
  }

  function flushSubscribe(channels: Channel[]): void {
    const current = session;
    if (closed) {
      return;
    }
    if (current === undefined || !current.acked) {
      // `connection:ack` subscribes every wanted channel at once.
      ensureConnected();
      return;
    }
    const fresh = channels.filter(
      (channel) => wanted.has(channel) && !onServer.has(channel) && !requested.has(channel)
    );
    if (fresh.length > 0) {
      sendSubscribe(current, fresh);
    }
  }

  function flushUnsubscribe(channels: Channel[]): void {
    const leaving = channels.filter((channel) => !wanted.has(channel));
    leaving.forEach((channel) => tracker.forget(channel));
    const current = session;
    const known = leaving.filter((channel) => onServer.has(channel) || requested.has(channel));
    if (current?.acked && known.length > 0) {
      // Forgotten at once: a re-subscribe before `unsubscribed` arrives must send `subscribe` again.
      known.forEach((channel) => {
        requested.delete(channel);
        onServer.delete(channel);
      });
      send(current, { event: 'unsubscribe', data: { channels: known } });
    }
    if (!isWanted()) {
      goIdle();
    }
  }

  function want(channel: Channel, subscriber: Subscriber<ChannelItem>): void {
    wanted.set(channel, subscriber);
    unsubscribeBatch.delete(channel);
    subscribeBatch.add(channel);
    if (status.state === 'reconnecting') {
      poller?.start();
    }
  }

  function unwant(channel: Channel, subscriber: Subscriber<ChannelItem>): void {
    if (closed || wanted.get(channel) !== subscriber) {
      return;
    }
    wanted.delete(channel);
    healer?.cancel(channel);
    subscribeBatch.delete(channel);
    unsubscribeBatch.add(channel);
  }

  function channel(name: Channel): Observable<ChannelItem> {
    if (!isChannel(name)) {
      // One unknown name in a shared `subscribe` would make the server refuse every channel in it.
      return new Observable<ChannelItem>((subscriber) => {
        reportError(
          serverError(
            'SUBSCRIPTION_ERROR',
            errorTriple('SUBSCRIPTION_ERROR', { why: `${JSON.stringify(name)} is not an MCI channel` }),
            now()
          ),
          false
        );
        subscriber.complete();
      });
    }
    let stream = streams.get(name);
    if (stream === undefined) {
      const source = new Observable<ChannelItem>((subscriber) => {
        if (closed) {
          subscriber.complete();
          return undefined;
        }
        want(name, subscriber);
        return () => unwant(name, subscriber);
      });
      // The last unsubscribe lingers, so a re-query within lingerMs keeps the subscription.
      stream = source.pipe(lingeringShare(options.lingerMs));
      streams.set(name, stream);
    }
    return stream;
  }

  // ---- round trips

  function sendProbe(current: Session, probe: Probe<Session>): void {
    send(current, { event: 'heartbeat', data: { clientTime: roundTrips.markSent(probe, current) } });
  }

  function roundTrip(timeoutMs: number = CLIENT_DEFAULTS.roundTripTimeoutMs): Promise<number> {
    if (closed) {
      return Promise.reject(toError(connectionFailed(options.wsUrl, 'the client is closed', now())));
    }
    const { promise, probe } = roundTrips.add(timeoutMs, (sent) =>
      sent
        ? roundTripTimeout(timeoutMs, now())
        : (status.value.lastError ?? connectionFailed(options.wsUrl, `no connection:ack within ${timeoutMs} ms`, now()))
    );
    if (session?.acked) {
      sendProbe(session, probe);
    } else {
      ensureConnected();
    }
    return promise;
  }

  // ---- close

  function close(): void {
    if (closed) {
      return;
    }
    closed = true;
    connectGeneration += 1;
    clearTimeout(reconnectTimer);
    reconnectTimer = undefined;
    subscribeBatch.clear();
    unsubscribeBatch.clear();
    healer?.reset();
    const current = session;
    if (current !== undefined) {
      send(current, { event: 'disconnect' });
      endSession(current, CLOSE_CODES.NORMAL, 'client closed');
    }
    roundTrips.rejectAll(connectionLost('The client was closed', now()));
    status.transition(() => {
      poller?.stop();
      status.set({ state: 'disconnected', nextRetryAt: undefined });
    });
    // Completing each source also ends its shared stream and cancels a pending linger timer.
    const subscribers = [...wanted.values()];
    wanted.clear();
    subscribers.forEach((subscriber) => subscriber.complete());
    status.complete();
    errors$.complete();
  }

  return {
    status$: status.status$,
    errors$: errors$.asObservable(),
    channel,
    subscribedChannels: () => [...onServer],
    roundTrip,
    close,
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `ws` puts the cause on the error event; browsers give none. */
function describeSocketError(event: unknown): string | undefined {
  const candidate = event as { message?: unknown; error?: { message?: unknown } } | null;
  const message = candidate?.message ?? candidate?.error?.message;
  return typeof message === 'string' && message !== '' ? message : undefined;
}
