/**
 * What the client does with each frame the server sends: parse it (a bad frame is skipped with a
 * warning), then route it: `connection:ack`, server errors, `reconnect` requests, subscription
 * answers, heartbeats, and data events (batches unpacked in order) to the channels.
 */
import {
  channelOfEvent,
  errorTriple,
  parseServerMessage,
  type ProtocolViolation,
  type ServerMessage,
} from '../protocol';
import { CLIENT_DEFAULTS, type ResolvedClientOptions } from './clientDefaults';
import { connectionLost, parseError, serverError } from './clientErrors';
import type { ChannelSubscriptions } from './ChannelSubscriptions';
import type { ClientStatusStore } from './ClientStatusStore';
import type { Probe, RoundTripRegistry } from './RoundTripRegistry';
import type { SnapshotPoller } from './SnapshotPoller';
import type { Session, SocketSession } from './SocketSession';
import type { ClientError, SkippedMessage } from './types';

export interface ServerMessageDeps {
  options: ResolvedClientOptions;
  status: ClientStatusStore;
  sessions: SocketSession;
  subscriptions: ChannelSubscriptions;
  roundTrips: RoundTripRegistry<Session>;
  poller: SnapshotPoller | undefined;
  reportError(error: ClientError, asLastError?: boolean): void;
  /** Put a failure on `errors$` only. */
  emitError(error: ClientError): void;
  /** A message or batch member that broke the protocol was left out. */
  skip(skipped: SkippedMessage): void;
  sendProbe(current: Session, probe: Probe<Session>): void;
}

/** Returns the socket's `onmessage` handler (the frame's `data`, for the socket it came on). */
export function createServerMessageHandler(deps: ServerMessageDeps): (current: Session, data: unknown) => void {
  const { options, status, sessions, subscriptions, roundTrips, poller, reportError } = deps;
  const { now, logger } = options;

  function onFrame(current: Session, data: unknown): void {
    if (sessions.current !== current) {
      return;
    }
    sessions.armDeadPeer(current);
    const parsed =
      typeof data === 'string'
        ? parseServerMessage(data, { maxLength: CLIENT_DEFAULTS.maxFrameChars })
        : ({ ok: false, error: { message: 'a binary frame; the protocol sends JSON text frames' } } as const);
    if (!parsed.ok) {
      skipViolation(parsed.error);
      return;
    }
    parsed.skipped?.forEach(skipViolation);
    onMessage(current, parsed.value);
  }

  function skipViolation(violation: Pick<ProtocolViolation, 'message' | 'event'>): void {
    const channel = violation.event === undefined ? undefined : channelOfEvent(violation.event);
    const error = parseError(violation.message, now());
    deps.skip(channel === undefined ? { error, source: 'websocket' } : { channel, error, source: 'websocket' });
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
            deps.emitError(current.explained);
          }
        }
        current.detail = `the server closed the connection (${reason}): ${text}`;
        return;
      }
      case 'reconnect':
        onReconnectRequest(current, message.data);
        return;
      case 'subscribed':
        subscriptions.onSubscribed(current, message.data.channels, message.data.recovered);
        return;
      case 'unsubscribed':
        subscriptions.onUnsubscribed(message.data.channels);
        return;
      case 'heartbeat':
        sessions.send(current, { event: 'heartbeat:ack', data: { clientTime: Math.round(now()) } });
        return;
      case 'heartbeat:ack':
        roundTrips.answer(current, message.data.clientTime);
        return;
      case 'batch':
        message.data.events.forEach((event) => subscriptions.deliver(event));
        return;
      default:
        subscriptions.deliver(message);
    }
  }

  function onAck(current: Session, serverEpoch: string | undefined, intervalMs: number | undefined): void {
    sessions.acknowledged(current, intervalMs);
    status.transition(() => {
      poller?.stop();
      status.set({ state: 'connected', attempt: 0, nextRetryAt: undefined, lastError: undefined, epoch: serverEpoch });
    });
    subscriptions.subscribeAll(current, serverEpoch);
    roundTrips.unsent().forEach((probe) => deps.sendProbe(current, probe));
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
      subscriptions.onSubscribeRefused(current);
    }
  }

  /**
   * Spec 001 `reconnect {reason, delay}`. On shutdown the server closes right after, and the next
   * try waits `delay`; a server that keeps the socket open (`session_refresh`) is left after
   * `delay` and the client reconnects at once.
   */
  function onReconnectRequest(current: Session, request: { reason: string; delay: number; message: string }): void {
    logger.debug?.('the server asked to reconnect', request);
    sessions.announceRestart(request.delay);
    clearTimeout(current.reconnectRequestTimer);
    current.reconnectRequestTimer = setTimeout(() => {
      if (sessions.current !== current) {
        return;
      }
      sessions.reconnectNow(
        current,
        connectionLost(`The server asked the client to reconnect (${request.reason}): ${request.message}`, now())
      );
    }, request.delay);
  }

  return onFrame;
}
