/**
 * The client's socket, from the ticket to its close: connecting, the dead-peer timer, the end of a
 * socket (its handlers detached so a late event changes nothing), and retrying on the backoff for
 * as long as anything wants the connection, or stopping when the credential itself is refused.
 * What arrives on the socket goes to `onFrame`. (Past 350 lines on purpose: the attempt counter,
 * the retry timer, the connect generation and the refusal are one state machine; split, each part
 * would have to reach into the others.)
 */
import { CLOSE_CODES, encodeMessage, type Channel, type ClientMessage } from '../protocol';
import { CLIENT_DEFAULTS, type ResolvedClientOptions } from './clientDefaults';
import {
  closeError,
  connectionFailed,
  credentialRefused,
  errorMessage,
  explainingError,
  heartbeatTimeout,
  isCredentialRefusal,
} from './clientErrors';
import type { ClientStatusStore } from './ClientStatusStore';
import { reconnectDelay } from './reconnectDelay';
import type { RoundTripRegistry } from './RoundTripRegistry';
import type { SnapshotPoller } from './SnapshotPoller';
import type { ClientError, WebSocketLike } from './types';
import { UrlRotation } from './urlRotation';
import { withTicket } from './withTicket';

/** `WebSocket.OPEN` in the browser and in `ws`. */
const OPEN = 1;

/** One socket, from its creation to its close. */
export interface Session {
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

export interface SocketSessionDeps {
  options: ResolvedClientOptions;
  status: ClientStatusStore;
  roundTrips: RoundTripRegistry<Session>;
  poller: SnapshotPoller | undefined;
  /** Report a failure on `errors$` (unless already emitted) and, when it is one, as `lastError`. */
  reportError(error: ClientError, asLastError?: boolean, alreadyEmitted?: boolean): void;
  /** Anything (a channel or a round trip) wants the connection. */
  isWanted(): boolean;
  /** A channel wants the connection (polling only helps channels). */
  hasChannels(): boolean;
  onFrame(current: Session, data: unknown): void;
  /** A socket was forgotten: what the server had confirmed on it is gone with it. */
  onEnded(): void;
}

export class SocketSession {
  /** The socket in use, if any. */
  current: Session | undefined;
  private heartbeatIntervalMs: number = CLIENT_DEFAULTS.heartbeatIntervalMs;
  private attempt = 0;
  private serverDelayMs: number | undefined;
  /** Until then, retries follow an announced restart at `restartRetryMs` (see CLIENT_DEFAULTS). */
  private restartRetryUntil: number | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped on every connect and on close, so an awaited ticket of an old attempt is dropped. */
  private connectGeneration = 0;
  private isClosed = false;
  /** The server refused the credential: no retries until `retryAfterRefusal()`. */
  private refused = false;
  /** An issued ticket was refused once since the last ack (used or expired): the next refusal waits the backoff. */
  private ticketRetried = false;
  private readonly urls: UrlRotation;

  constructor(private readonly deps: SocketSessionDeps) {
    this.urls = new UrlRotation([deps.options.wsUrl, ...deps.options.wsUrls], deps.options.random);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  ensureConnected(): void {
    const { status } = this.deps;
    if (
      !this.isClosed &&
      this.current === undefined &&
      this.reconnectTimer === undefined &&
      status.state !== 'connecting'
    ) {
      void this.connect();
    }
  }

  /**
   * REST answers again while we wait out the backoff (up to 16 s): the server is back, so try the
   * socket now instead of leaving the panels on polled data for the rest of the delay.
   */
  retryNow(): void {
    if (!this.isClosed && this.current === undefined && this.reconnectTimer !== undefined) {
      clearTimeout(this.reconnectTimer);
      void this.connect();
    }
  }

  /** A new subscription after the credential was refused: try again (the settings may be fixed). */
  retryAfterRefusal(): void {
    if (this.refused) {
      this.refused = false;
      this.ensureConnected();
    }
  }

  /** `connection:ack`: the connection is established, with the server's heartbeat period. */
  acknowledged(current: Session, intervalMs: number | undefined): void {
    current.acked = true;
    this.ticketRetried = false;
    this.heartbeatIntervalMs = intervalMs || CLIENT_DEFAULTS.heartbeatIntervalMs;
    current.heartbeatIntervalMs = this.heartbeatIntervalMs;
    this.armDeadPeer(current);
    this.attempt = 0;
    this.restartRetryUntil = undefined;
  }

  /** The server announced a restart: wait `delayMs` for the next try, then retry fast for a while. */
  announceRestart(delayMs: number): void {
    this.serverDelayMs = delayMs;
    this.restartRetryUntil = this.deps.options.now() + delayMs + CLIENT_DEFAULTS.restartRetryWindowMs;
  }

  /** Leave a socket the server asked us to leave, and connect again at once. */
  reconnectNow(current: Session, error: ClientError): void {
    this.serverDelayMs = 0;
    this.endSession(current, CLOSE_CODES.NORMAL, 'reconnecting as the server asked');
    this.connectionEnded(error, false);
  }

  send(current: Session, message: ClientMessage): void {
    if (current.socket.readyState === OPEN) {
      current.socket.send(encodeMessage(message));
    }
  }

  /** Forget a socket: its handlers are detached (a late close or message changes nothing). */
  endSession(current: Session, closeCode?: number, reason?: string): void {
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
        this.deps.options.logger.debug?.('closing the socket failed', error);
      }
    }
    if (this.current === current) {
      this.current = undefined;
    }
    this.deps.onEnded();
  }

  /** The socket is gone (or never came): reject round trips, then retry while anything wants it. */
  connectionEnded(error: ClientError, alreadyEmitted: boolean): void {
    const { status, roundTrips, reportError, isWanted } = this.deps;
    this.urls.advance();
    status.transition(() => {
      reportError(error, true, alreadyEmitted);
      roundTrips.rejectAll(error);
      if (this.isClosed) {
        return;
      }
      if (!isWanted()) {
        status.set({ state: 'disconnected', nextRetryAt: undefined });
        return;
      }
      this.scheduleReconnect();
    });
  }

  /** Nothing wants the connection any more: say goodbye and stop retrying. */
  goIdle(): void {
    this.stopRetrying();
    const current = this.current;
    if (current !== undefined) {
      this.send(current, { event: 'disconnect' });
      this.endSession(current, CLOSE_CODES.NORMAL, 'no subscriptions left');
    }
    this.attempt = 0;
    const { status, poller } = this.deps;
    status.transition(() => {
      poller?.stop();
      status.set({ state: 'disconnected', attempt: 0, nextRetryAt: undefined });
    });
  }

  /** The client closes: no more tries, and the socket (if any) is left with `disconnect`. */
  close(): void {
    this.isClosed = true;
    this.stopRetrying();
    const current = this.current;
    if (current !== undefined) {
      this.send(current, { event: 'disconnect' });
      this.endSession(current, CLOSE_CODES.NORMAL, 'client closed');
    }
  }

  private stopRetrying(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.connectGeneration += 1;
  }

  private async connect(): Promise<void> {
    const { options, status, isWanted } = this.deps;
    const { now } = options;
    this.reconnectTimer = undefined;
    const generation = ++this.connectGeneration;
    status.set({ state: 'connecting', nextRetryAt: undefined, credentialRefused: undefined });
    let ticket: string | undefined;
    if (options.getTicket) {
      try {
        ticket = await options.getTicket();
      } catch (error) {
        if (generation === this.connectGeneration && isCredentialRefusal(error)) {
          this.stopOnRefusal(
            credentialRefused(`the connection ticket request was refused: ${errorMessage(error)}`, now()),
            false
          );
        } else if (generation === this.connectGeneration) {
          this.connectionEnded(
            connectionFailed(this.urls.current, `could not get a connection ticket: ${errorMessage(error)}`, now()),
            false
          );
        }
        return;
      }
      if (generation !== this.connectGeneration) {
        return;
      }
      if (!isWanted()) {
        status.set({ state: 'disconnected' });
        return;
      }
    }
    const url = withTicket(this.urls.current, ticket);
    let socket: WebSocketLike;
    try {
      socket = options.webSocketFactory(url);
    } catch (error) {
      this.connectionEnded(connectionFailed(url, errorMessage(error), now()), false);
      return;
    }
    const current: Session = {
      socket,
      url,
      acked: false,
      heartbeatIntervalMs: this.heartbeatIntervalMs,
      resumed: new Set(),
      restarted: new Set(),
      unanswered: [],
    };
    this.current = current;
    socket.onmessage = (event) => this.deps.onFrame(current, event.data);
    socket.onerror = (event) => {
      current.detail ??= describeSocketError(event);
    };
    socket.onclose = (event) => this.onSocketClose(current, event.code, event.reason);
    this.armDeadPeer(current);
  }

  /** No frame of any kind for two heartbeat intervals (or no answer at all while connecting): dead. */
  armDeadPeer(current: Session): void {
    const { logger, now } = this.deps.options;
    clearTimeout(current.deadTimer);
    const silentMs = current.heartbeatIntervalMs * CLIENT_DEFAULTS.missedHeartbeats;
    current.deadTimer = setTimeout(() => {
      if (this.current !== current) {
        return;
      }
      logger.warn('no message from the server for two heartbeat intervals: closing the connection', { silentMs });
      const error = current.acked
        ? heartbeatTimeout(silentMs, now())
        : connectionFailed(current.url, `no answer from the server within ${silentMs} ms`, now());
      this.endSession(current, CLOSE_CODES.HEARTBEAT_TIMEOUT, 'no heartbeat from the server');
      this.connectionEnded(error, false);
    }, silentMs);
  }

  private onSocketClose(current: Session, code: number, reason: string): void {
    if (this.current !== current) {
      return;
    }
    this.endSession(current);
    const explained = explainingError(current.explained, current.lastServerError, code);
    const { now } = this.deps.options;
    const error = explained ?? closeError(code, reason || current.detail || '', current.acked, current.url, now());
    if (error.code === 'AUTH_REQUIRED' && !current.acked) {
      this.authRequired(error, explained !== undefined);
      return;
    }
    this.connectionEnded(error, explained !== undefined);
  }

  /**
   * The server wants a valid credential. Without a ticket the key itself was refused: stop. With
   * one, the ticket the endpoint issued was used or expired, which is no refusal: fetch a new one
   * and retry at once (once; a second refusal in a row waits the backoff).
   */
  private authRequired(error: ClientError, alreadyEmitted: boolean): void {
    if (this.deps.options.getTicket === undefined) {
      this.stopOnRefusal(error, alreadyEmitted);
      return;
    }
    if (!this.ticketRetried) {
      this.ticketRetried = true;
      this.serverDelayMs = 0;
    }
    this.connectionEnded(error, alreadyEmitted);
  }

  /** The credential was refused: report it, reject round trips, stop polling and retrying. */
  private stopOnRefusal(error: ClientError, alreadyEmitted: boolean): void {
    const { status, roundTrips, reportError, poller } = this.deps;
    this.refused = true;
    this.attempt = 0;
    status.transition(() => {
      reportError(error, true, alreadyEmitted);
      roundTrips.rejectAll(error);
      poller?.stop();
      status.set({ state: 'disconnected', attempt: 0, nextRetryAt: undefined, credentialRefused: true });
    });
  }

  private scheduleReconnect(): void {
    const { options, status, poller, hasChannels } = this.deps;
    this.attempt += 1;
    const delay = reconnectDelay({
      attempt: this.attempt,
      serverDelayMs: this.serverDelayMs,
      restartRetryUntil: this.restartRetryUntil,
      now: options.now(),
      backoffMs: options.backoffMs,
      restartRetryMs: CLIENT_DEFAULTS.restartRetryMs,
      jitter: options.jitter,
      random: options.random,
    });
    this.serverDelayMs = undefined;
    status.transition(() => {
      status.set({ state: 'reconnecting', attempt: this.attempt, nextRetryAt: options.now() + delay });
      if (hasChannels()) {
        poller?.start();
      }
    });
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }
}

/** `ws` puts the cause on the error event; browsers give none. */
export function describeSocketError(event: unknown): string | undefined {
  const candidate = event as { message?: unknown; error?: { message?: unknown } } | null;
  const message = candidate?.message ?? candidate?.error?.message;
  return typeof message === 'string' && message !== '' ? message : undefined;
}
