/**
 * One client connection of the WebSocket gateway: the protocol state machine of spec 001 and its
 * extensions (docs/protocol.md): subscriptions, snapshots, resume, heartbeat, session lifetime,
 * rate limit, and every close the server initiates. Reading a frame is `inboundFrame`'s job and
 * writing is `ConnectionSender`'s; this class decides. It sees the socket only through
 * `SocketLike`, so it is tested without a network; the gateway creates one per accepted socket and
 * feeds it the events of subscribed channels. Over 400 lines because each protocol event (a
 * resume that waits for a gateway to catch up with the bus among them) and each close is one
 * short method here; splitting the state machine further would scatter the
 * `closing` state across files.
 */
import type { Logger } from 'pino';
import {
  PROTOCOL_VERSION,
  errorEvent,
  isStateChannel,
  wireClose,
  type Channel,
  type ClientMessageOf,
  type CloseCause,
  type ErrorCode,
  type ErrorTriple,
  type ServerMessage,
} from '../../src/protocol';
import type { Bus, PublishedEvent } from '../bus/Bus';
import { ConnectionSender, OPEN, type SenderShared, type SocketLike, type SocketWire } from './ConnectionSender';
import { inboundFrame, type InboundData } from './inboundFrame';
import { RateLimiter } from './RateLimiter';

/**
 * A slow consumer is closed because it does not read, so it may never read its close frame either:
 * past this grace its socket is dropped, instead of holding its unread bytes for `ws`'s 30 s
 * close timeout. A client that was only briefly stalled still reads `connection:closed` and 4004.
 */
const SLOW_CONSUMER_CLOSE_GRACE_MS = 5000;
/**
 * How long a subscribe waits for this process to see a resume point another gateway already
 * delivered (scale-out; docs/scaling.md) before answering `recovered: false`.
 */
const CATCH_UP_WAIT_MS = 2000;

export interface ConnectionLimits {
  heartbeatIntervalMs: number;
  /** Undefined: the session never expires (no authentication). */
  sessionLifetimeMs?: number;
  maxPayloadBytes: number;
  rateLimitPerSecond: number;
  maxBufferedBytes: number;
  maxQueuedEvents: number;
  maxQueuedBytes: number;
  reconnectDelayMs: number;
}

export interface ConnectionHooks {
  /** Data events written to the socket, per channel. */
  sent(channel: Channel, count: number): void;
  /** State-channel events replaced by a newer one for a slow client. */
  dropped(channel: Channel): void;
  /** The connection is being closed with 4004: more than a bound waited for its client. */
  slowConsumerClosed(): void;
  /** The connection ended (whoever closed it). */
  closed(connection: Connection): void;
}

export interface ConnectionOptions {
  id: string;
  socket: SocketLike;
  /** The TCP socket under `socket`, for corked drains and shared frames (see `ConnectionSender`). */
  wire?: SocketWire;
  /** The batch clock and the burst shared by the gateway's connections (see `ConnectionSender`). */
  shared?: SenderShared;
  hub: Bus;
  limits: ConnectionLimits;
  hooks: ConnectionHooks;
  logger: Logger;
  now: () => number;
}

export class Connection {
  readonly id: string;
  private readonly socket: SocketLike;
  private readonly hub: Bus;
  private readonly limits: ConnectionLimits;
  private readonly hooks: ConnectionHooks;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly connectedAt: number;
  private readonly channels = new Set<Channel>();
  private readonly sender: ConnectionSender;
  private readonly rateLimiter: RateLimiter;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private sessionTimer: NodeJS.Timeout | undefined;
  private terminateTimer: NodeJS.Timeout | undefined;
  private unansweredHeartbeats = 0;
  /** Set while a subscribe waits for the bus to catch up; later (un)subscribes queue behind it. */
  private waiting: Promise<void> | undefined;
  private closing = false;
  private ended = false;

  constructor(options: ConnectionOptions) {
    this.id = options.id;
    this.socket = options.socket;
    this.hub = options.hub;
    this.limits = options.limits;
    this.hooks = options.hooks;
    this.logger = options.logger;
    this.now = options.now;
    this.connectedAt = options.now();
    this.sender = new ConnectionSender(
      options.socket,
      options.limits,
      {
        sent: (channel, count) => options.hooks.sent(channel, count),
        dropped: (channel) => options.hooks.dropped(channel),
        onOverflow: (queued) => this.slowConsumer(queued),
      },
      options.wire,
      options.shared
    );
    this.rateLimiter = new RateLimiter(options.limits.rateLimitPerSecond, options.now);
  }

  /** Send `connection:ack` and start the heartbeat and session timers. */
  start(): void {
    this.sendControl({
      event: 'connection:ack',
      data: {
        connectionId: this.id,
        serverTime: this.now(),
        version: PROTOCOL_VERSION,
        epoch: this.hub.epoch,
        heartbeatIntervalMs: this.limits.heartbeatIntervalMs,
      },
    });
    this.heartbeatTimer = setInterval(() => this.heartbeat(), this.limits.heartbeatIntervalMs);
    if (this.limits.sessionLifetimeMs !== undefined) {
      this.sessionTimer = setTimeout(() => this.expireSession(), this.limits.sessionLifetimeMs);
    }
  }

  isSubscribed(channel: Channel): boolean {
    return this.channels.has(channel);
  }

  get subscriptions(): Channel[] {
    return [...this.channels];
  }

  /** A published event of a channel this connection is subscribed to. */
  deliver(event: PublishedEvent): void {
    if (this.closing || !this.channels.has(event.channel)) {
      return;
    }
    this.sender.deliver(event);
  }

  /**
   * The peer showed it is alive: a pong to our ping, or any frame at all. Liveness does not depend
   * on `heartbeat:ack`, so a plain WebSocket tool that never sends one is not closed.
   */
  heardFromPeer(): void {
    this.unansweredHeartbeats = 0;
  }

  /** An inbound frame. Bad input is answered, never fatal. */
  receive(data: InboundData, isBinary: boolean): void {
    if (this.closing) {
      return;
    }
    this.heardFromPeer();
    const decision = this.rateLimiter.take();
    if (decision === 'exceeded') {
      this.logger.warn({ connectionId: this.id }, 'rate limit exceeded; closing');
      this.sendError('RATE_LIMITED', {
        why: `More than ${this.limits.rateLimitPerSecond} messages per second, repeatedly`,
      });
      this.close('RATE_LIMITED', 'Rate limit exceeded');
      return;
    }
    if (decision === 'limited') {
      this.logger.info({ connectionId: this.id }, 'rate limited');
      this.sendError('RATE_LIMITED', {
        why: `The connection sent more than ${this.limits.rateLimitPerSecond} messages per second; this one was ignored`,
      });
      return;
    }
    if (decision === 'limited-again') {
      return;
    }
    const verdict = inboundFrame(data, isBinary, this.limits.maxPayloadBytes);
    if (verdict.kind === 'too-large') {
      this.sendError('MESSAGE_TOO_LARGE', {
        why: `The frame has ${verdict.size} bytes; the server accepts at most ${verdict.maxBytes}`,
      });
      this.close('MESSAGE_TOO_LARGE', 'Inbound frame too large');
      return;
    }
    if (verdict.kind === 'rejected') {
      this.logger.debug({ connectionId: this.id, event: verdict.event, reason: verdict.why }, 'invalid message');
      this.sendError(verdict.code, { why: verdict.why, ...(verdict.how === undefined ? {} : { how: verdict.how }) });
      return;
    }
    const message = verdict.message;
    switch (message.event) {
      case 'subscribe':
        this.inOrder(() => this.subscribe(message), this.resumePointsAhead(message));
        break;
      case 'unsubscribe':
        this.inOrder(() => this.unsubscribe(message), []);
        break;
      case 'heartbeat:ack':
        // Already counted: every frame shows the peer is alive.
        break;
      case 'heartbeat':
        // Extension: the client probes us; echo its time so it measures the round trip.
        this.sendControl({
          event: 'heartbeat:ack',
          data: { clientTime: message.data.clientTime, serverTime: this.now() },
        });
        break;
      case 'disconnect':
        this.close('CLIENT_DISCONNECT', 'Connection closed gracefully');
        break;
      default:
        this.sendError('INVALID_MESSAGE', { why: 'Unhandled event' });
    }
  }

  /** Tell the client something it should know without closing (SERVER_ERROR, the socket stays open). */
  notice(why: string): void {
    this.sendError('SERVER_ERROR', {
      what: 'Live data paused',
      why,
      how: 'Nothing to do: the connection stays open and resumes where it stopped when the server recovers',
    });
  }

  /** Graceful shutdown: `reconnect`, then `connection:closed` with `server_shutdown`. */
  shutdown(): void {
    if (this.closing) {
      return;
    }
    this.sender.flushBatch();
    this.sender.writeNow({
      event: 'reconnect',
      data: {
        reason: 'server_restart',
        delay: this.limits.reconnectDelayMs,
        message: `The server is restarting; please reconnect in ${Math.round(this.limits.reconnectDelayMs / 1000)} s`,
      },
    });
    this.close('SERVER_SHUTDOWN', 'The server is shutting down');
  }

  /** Close because of an internal failure (SERVER_ERROR). */
  fail(why: string): void {
    this.sendError('SERVER_ERROR', { why });
    this.close('SERVER_ERROR', 'Internal error');
  }

  /** End the session now with SESSION_EXPIRED (its timer, or the control API). */
  expireSession(): void {
    this.logger.info({ connectionId: this.id }, 'session expired');
    this.sendError('SESSION_EXPIRED');
    this.close('SESSION_EXPIRED', 'The session outlived its lifetime; authenticate again');
  }

  /** The socket is gone (whoever closed it): stop every timer. Idempotent. */
  handleSocketClosed(code: number): void {
    if (this.ended) {
      return;
    }
    this.ended = true;
    this.closing = true;
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.sessionTimer);
    clearTimeout(this.terminateTimer);
    this.sender.stop();
    this.logger.info(
      { connectionId: this.id, code, durationMs: this.now() - this.connectedAt, channels: this.subscriptions },
      'connection closed'
    );
    this.hooks.closed(this);
  }

  /**
   * Resume points of this epoch that this process has not seen yet: with several gateways, a
   * client may have had them from another one a moment before this one.
   */
  private resumePointsAhead(message: ClientMessageOf<'subscribe'>): Array<[Channel, number]> {
    const resume = message.data.resume ?? {};
    return (Object.entries(resume) as Array<[Channel, { epoch: string; seq: number }]>)
      .filter(([channel, point]) => point.epoch === this.hub.epoch && point.seq > this.hub.seq(channel))
      .map(([channel, point]) => [channel, point.seq]);
  }

  /** Run `handle` now, or after the bus caught up with `ahead` and after earlier waiting messages. */
  private inOrder(handle: () => void, ahead: Array<[Channel, number]>): void {
    if (ahead.length === 0 && this.waiting === undefined) {
      handle();
      return;
    }
    const previous = this.waiting ?? Promise.resolve();
    const current = previous
      .then(() => Promise.all(ahead.map(([channel, seq]) => this.hub.whenCaughtUp(channel, seq, CATCH_UP_WAIT_MS))))
      .then(() => {
        if (!this.closing) {
          handle();
        }
      })
      .catch((error: unknown) => this.logger.error({ connectionId: this.id, err: error }, 'subscribe failed'))
      .finally(() => {
        if (this.waiting === current) {
          this.waiting = undefined;
        }
      });
    this.waiting = current;
  }

  private subscribe(message: ClientMessageOf<'subscribe'>): void {
    const requested = [...new Set(message.data.channels)];
    if (message.data.batchMs !== undefined) {
      this.sender.setBatchMs(message.data.batchMs);
    }
    const replays = new Map<Channel, PublishedEvent[]>();
    const recovered: Partial<Record<Channel, boolean>> = {};
    for (const channel of requested) {
      const point = message.data.resume?.[channel];
      if (point !== undefined) {
        const result = this.hub.resume(channel, point);
        recovered[channel] = result.recovered;
        if (result.recovered) {
          replays.set(channel, result.events);
        }
      }
      this.channels.add(channel);
    }
    const batchMs = this.sender.batchMs;
    this.sendControl({
      event: 'subscribed',
      data: {
        channels: requested,
        subscribedAt: this.now(),
        ...(Object.keys(recovered).length > 0 ? { recovered } : {}),
        ...(batchMs > 0 ? { batchMs } : {}),
      },
    });
    this.logger.info({ connectionId: this.id, channels: requested, recovered, batchMs }, 'subscribed');
    for (const channel of requested) {
      const replay = replays.get(channel) ?? [];
      replay.forEach((event) => this.deliver(event));
      const upToDate = replay.length > 0 && replay[replay.length - 1].seq === this.hub.seq(channel);
      if (isStateChannel(channel) && !upToDate) {
        const snapshot = this.hub.snapshotEvent(channel);
        if (snapshot !== undefined) {
          this.deliver(snapshot);
        }
      }
    }
  }

  private unsubscribe(message: ClientMessageOf<'unsubscribe'>): void {
    const channels = [...new Set(message.data.channels)];
    this.sender.flushBatch();
    channels.forEach((channel) => this.channels.delete(channel));
    this.sendControl({ event: 'unsubscribed', data: { channels, unsubscribedAt: this.now() } });
    this.logger.info({ connectionId: this.id, channels }, 'unsubscribed');
  }

  /**
   * Each interval: a `heartbeat` event (spec 001) and a protocol ping. A peer that neither pongs
   * nor sends anything for two intervals is dead.
   */
  private heartbeat(): void {
    if (this.closing) {
      return;
    }
    if (this.unansweredHeartbeats >= 2) {
      this.logger.info({ connectionId: this.id }, 'heartbeat timeout');
      this.close(
        'HEARTBEAT_TIMEOUT',
        'Two heartbeats went unanswered (no pong, no message); the peer is considered dead'
      );
      return;
    }
    this.unansweredHeartbeats += 1;
    this.sendControl({
      event: 'heartbeat',
      data: { serverTime: this.now(), connectionUptime: this.now() - this.connectedAt },
    });
    if (this.socket.readyState === OPEN) {
      this.socket.ping();
    }
    // A client that resumed reading is drained here too, even when no write callback is pending.
    this.sender.drain();
  }

  private slowConsumer(queued: { events: number; bytes: number }): void {
    if (this.closing) {
      return;
    }
    this.logger.warn(
      { connectionId: this.id, queued: queued.events, heldBytes: queued.bytes },
      'slow consumer; closing'
    );
    const { maxQueuedEvents, maxQueuedBytes } = this.limits;
    this.hooks.slowConsumerClosed();
    this.close(
      'SLOW_CONSUMER',
      `The client did not read fast enough: more than ${maxQueuedEvents} events or ${maxQueuedBytes} bytes waited for it; resume from the last seq`
    );
  }

  private sendError(code: ErrorCode, override: Partial<ErrorTriple> = {}): void {
    this.sendControl(errorEvent(code, override));
  }

  private sendControl(message: ServerMessage): void {
    if (!this.closing) {
      this.sender.sendControl(message);
    }
  }

  /** Every close the server initiates says why with `connection:closed` first. */
  private close(cause: CloseCause, message: string): void {
    if (this.closing) {
      return;
    }
    const { reason, closeCode, code } = wireClose(cause);
    this.sender.flushBatch();
    // Whatever waits for a client that is being closed is dropped: it resumes from its last seq.
    this.sender.drain();
    this.closing = true;
    this.sender.stop();
    this.sender.writeNow({ event: 'connection:closed', data: { reason, message, ...(code ? { code } : {}) } });
    this.logger.info({ connectionId: this.id, reason, closeCode }, 'closing connection');
    if (this.socket.readyState === OPEN) {
      this.socket.close(closeCode, message.slice(0, 120));
    }
    if (cause === 'SLOW_CONSUMER') {
      this.terminateTimer = setTimeout(() => this.socket.terminate(), SLOW_CONSUMER_CLOSE_GRACE_MS);
    }
  }
}
