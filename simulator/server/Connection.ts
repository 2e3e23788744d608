/**
 * One client connection of the WebSocket gateway: the protocol state machine of spec 001 plus
 * DESIGN §3 (subscriptions, snapshots, resume, batching, heartbeat, session lifetime, rate limit,
 * bounded outbound queue). It sees the socket only through `SocketLike`, so it is tested without
 * a network; the gateway creates one per accepted socket and feeds it frames of subscribed channels.
 */
import type { Logger } from 'pino';
import {
  CLOSE_CODES,
  PROTOCOL_VERSION,
  encodeMessage,
  errorEvent,
  isStateChannel,
  parseClientMessage,
  type Channel,
  type ClientMessageOf,
  type CloseReason,
  type ErrorCode,
  type ErrorTriple,
  type ServerMessage,
} from '../../src/protocol';
import type { ChannelHub, Frame } from './ChannelHub';
import { OutboundQueue, type OutboundItem } from './OutboundQueue';
import { RateLimiter } from './RateLimiter';

/** The part of a `ws` WebSocket a connection uses. */
export interface SocketLike {
  readonly bufferedAmount: number;
  readonly readyState: number;
  /** `ws` sends a Buffer with `binary: false` as a text frame without re-encoding it. */
  send(data: Buffer, options: { binary: boolean }, callback: (error?: Error) => void): void;
  close(code: number, reason?: string): void;
  terminate(): void;
}

const OPEN = 1;
const TEXT_FRAME = { binary: false };
const BATCH_START = Buffer.from('{"event":"batch","data":{"events":[');
const COMMA = Buffer.from(',');
const BATCH_END = Buffer.from(']}}');

export interface ConnectionLimits {
  heartbeatIntervalMs: number;
  /** Undefined: the session never expires (no authentication). */
  sessionLifetimeMs?: number;
  maxPayloadBytes: number;
  rateLimitPerSecond: number;
  maxBufferedBytes: number;
  maxQueuedEvents: number;
  reconnectDelayMs: number;
}

export interface ConnectionHooks {
  /** Data events written to the socket, per channel. */
  sent(channel: Channel, count: number): void;
  /** State-channel frames replaced by a newer one for a slow client. */
  dropped(channel: Channel): void;
  /** The connection ended (whoever closed it). */
  closed(connection: Connection): void;
}

export interface ConnectionOptions {
  id: string;
  socket: SocketLike;
  hub: ChannelHub;
  limits: ConnectionLimits;
  hooks: ConnectionHooks;
  logger: Logger;
  now: () => number;
}

interface CloseRequest {
  reason: CloseReason;
  message: string;
  closeCode: number;
  code?: ErrorCode;
}

export class Connection {
  readonly id: string;
  private readonly socket: SocketLike;
  private readonly hub: ChannelHub;
  private readonly limits: ConnectionLimits;
  private readonly hooks: ConnectionHooks;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly connectedAt: number;
  private readonly channels = new Set<Channel>();
  private readonly queue: OutboundQueue;
  private readonly rateLimiter: RateLimiter;
  private batchMs = 0;
  private batch: Frame[] = [];
  private batchTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private sessionTimer: NodeJS.Timeout | undefined;
  private unansweredHeartbeats = 0;
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
    this.queue = new OutboundQueue(options.limits.maxQueuedEvents);
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

  /** A published frame of a channel this connection is subscribed to. */
  deliver(frame: Frame): void {
    if (this.closing || !this.channels.has(frame.channel)) {
      return;
    }
    if (this.batchMs > 0) {
      this.batch.push(frame);
      this.batchTimer ??= setTimeout(() => this.flushBatch(), this.batchMs);
      return;
    }
    this.enqueue({
      bytes: frame.bytes,
      channels: [frame.channel],
      stateChannel: isStateChannel(frame.channel) ? frame.channel : undefined,
    });
  }

  /** An inbound frame. Bad input is answered, never fatal. */
  receive(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    if (this.closing) {
      return;
    }
    const decision = this.rateLimiter.take();
    if (decision === 'exceeded') {
      this.logger.warn({ connectionId: this.id }, 'rate limit exceeded; closing');
      this.sendError('RATE_LIMITED', {
        why: `More than ${this.limits.rateLimitPerSecond} messages per second, repeatedly`,
      });
      this.close({
        reason: 'error',
        code: 'RATE_LIMITED',
        message: 'Rate limit exceeded',
        closeCode: CLOSE_CODES.RATE_LIMITED,
      });
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
    const size = byteLength(data);
    if (size > this.limits.maxPayloadBytes) {
      this.sendError('MESSAGE_TOO_LARGE', {
        why: `The frame has ${size} bytes; the server accepts at most ${this.limits.maxPayloadBytes}`,
      });
      this.close({
        reason: 'error',
        code: 'MESSAGE_TOO_LARGE',
        message: 'Inbound frame too large',
        closeCode: CLOSE_CODES.MESSAGE_TOO_BIG,
      });
      return;
    }
    if (isBinary) {
      this.sendError('INVALID_MESSAGE', {
        why: 'Binary frames are not part of the protocol',
        how: 'Send JSON text frames',
      });
      return;
    }
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data as ArrayBuffer).toString('utf8');
    const parsed = parseClientMessage(text, { maxLength: this.limits.maxPayloadBytes });
    if (!parsed.ok) {
      const event = eventName(text);
      const isChannelError =
        (event === 'subscribe' || event === 'unsubscribe') &&
        (parsed.error.path.startsWith('data.channels') || parsed.error.path.startsWith('data.resume'));
      if (event === 'heartbeat:ack') {
        // A malformed ack still proves the peer is alive; it is answered, not counted as missed.
        this.unansweredHeartbeats = 0;
      }
      this.logger.debug({ connectionId: this.id, reason: parsed.error.message }, 'invalid message');
      this.sendError(isChannelError ? 'SUBSCRIPTION_ERROR' : 'INVALID_MESSAGE', { why: parsed.error.message });
      return;
    }
    const message = parsed.value;
    switch (message.event) {
      case 'subscribe':
        this.subscribe(message);
        break;
      case 'unsubscribe':
        this.unsubscribe(message);
        break;
      case 'heartbeat:ack':
        this.unansweredHeartbeats = 0;
        break;
      case 'heartbeat':
        // Extension: the client probes us; echo its time so it measures the round trip.
        this.sendControl({
          event: 'heartbeat:ack',
          data: { clientTime: message.data.clientTime, serverTime: this.now() },
        });
        break;
      case 'disconnect':
        this.close({
          reason: 'client_disconnect',
          message: 'Connection closed gracefully',
          closeCode: CLOSE_CODES.NORMAL,
        });
        break;
      default:
        this.sendError('INVALID_MESSAGE', { why: 'Unhandled event' });
    }
  }

  /** Graceful shutdown: `reconnect`, then `connection:closed` with `server_shutdown`. */
  shutdown(): void {
    if (this.closing) {
      return;
    }
    this.flushBatch();
    this.writeNow({
      event: 'reconnect',
      data: {
        reason: 'server_restart',
        delay: this.limits.reconnectDelayMs,
        message: `The server is restarting; please reconnect in ${Math.round(this.limits.reconnectDelayMs / 1000)} s`,
      },
    });
    this.close({
      reason: 'server_shutdown',
      message: 'The server is shutting down',
      closeCode: CLOSE_CODES.GOING_AWAY,
    });
  }

  /** Close because of an internal failure (SERVER_ERROR). */
  fail(why: string): void {
    this.sendError('SERVER_ERROR', { why });
    this.close({
      reason: 'error',
      code: 'SERVER_ERROR',
      message: 'Internal error',
      closeCode: CLOSE_CODES.SERVER_ERROR,
    });
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
    clearTimeout(this.batchTimer);
    this.batch = [];
    this.logger.info(
      { connectionId: this.id, code, durationMs: this.now() - this.connectedAt, channels: this.subscriptions },
      'connection closed'
    );
    this.hooks.closed(this);
  }

  private subscribe(message: ClientMessageOf<'subscribe'>): void {
    const requested = [...new Set(message.data.channels)];
    if (message.data.batchMs !== undefined) {
      this.flushBatch();
      this.batchMs = message.data.batchMs;
    }
    const replays = new Map<Channel, Frame[]>();
    const recovered: Partial<Record<Channel, boolean>> = {};
    for (const channel of requested) {
      const point = message.data.resume?.[channel];
      if (point !== undefined) {
        const result = this.hub.resume(channel, point);
        recovered[channel] = result.recovered;
        if (result.recovered) {
          replays.set(channel, result.frames);
        }
      }
      this.channels.add(channel);
    }
    this.sendControl({
      event: 'subscribed',
      data: {
        channels: requested,
        subscribedAt: this.now(),
        ...(Object.keys(recovered).length > 0 ? { recovered } : {}),
        ...(this.batchMs > 0 ? { batchMs: this.batchMs } : {}),
      },
    });
    this.logger.info({ connectionId: this.id, channels: requested, recovered, batchMs: this.batchMs }, 'subscribed');
    for (const channel of requested) {
      const replay = replays.get(channel) ?? [];
      replay.forEach((frame) => this.deliver(frame));
      const upToDate = replay.length > 0 && replay[replay.length - 1].seq === this.hub.seq(channel);
      if (isStateChannel(channel) && !upToDate) {
        const snapshot = this.hub.snapshotFrame(channel);
        if (snapshot !== undefined) {
          this.deliver(snapshot);
        }
      }
    }
  }

  private unsubscribe(message: ClientMessageOf<'unsubscribe'>): void {
    const channels = [...new Set(message.data.channels)];
    this.flushBatch();
    channels.forEach((channel) => this.channels.delete(channel));
    this.sendControl({ event: 'unsubscribed', data: { channels, unsubscribedAt: this.now() } });
    this.logger.info({ connectionId: this.id, channels }, 'unsubscribed');
  }

  private heartbeat(): void {
    if (this.unansweredHeartbeats >= 2) {
      this.logger.info({ connectionId: this.id }, 'heartbeat timeout');
      this.close({
        reason: 'error',
        message: 'Two heartbeats went unanswered; the peer is considered dead',
        closeCode: CLOSE_CODES.HEARTBEAT_TIMEOUT,
      });
      return;
    }
    this.unansweredHeartbeats += 1;
    this.sendControl({
      event: 'heartbeat',
      data: { serverTime: this.now(), connectionUptime: this.now() - this.connectedAt },
    });
    // A client that resumed reading is drained here too, even when no write callback is pending.
    this.drain();
  }

  /** End the session now with SESSION_EXPIRED (its timer, or the control API). */
  expireSession(): void {
    this.logger.info({ connectionId: this.id }, 'session expired');
    this.sendError('SESSION_EXPIRED');
    this.close({
      reason: 'session_expired',
      code: 'SESSION_EXPIRED',
      message: 'The session outlived its lifetime; authenticate again',
      closeCode: CLOSE_CODES.SESSION_EXPIRED,
    });
  }

  private sendError(code: ErrorCode, override: Partial<ErrorTriple> = {}): void {
    this.sendControl(errorEvent(code, override));
  }

  /** Control messages keep their order with data: a pending batch goes first. */
  private sendControl(message: ServerMessage): void {
    this.flushBatch();
    this.enqueue({ bytes: Buffer.from(encodeMessage(message), 'utf8'), channels: [] });
  }

  private flushBatch(): void {
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    if (this.batch.length === 0) {
      return;
    }
    const frames = this.batch;
    this.batch = [];
    this.enqueue(batchOf(frames));
  }

  private enqueue(item: OutboundItem): void {
    if (this.closing) {
      return;
    }
    if (this.queue.length === 0 && this.socket.bufferedAmount < this.limits.maxBufferedBytes) {
      this.write(item);
      return;
    }
    const result = this.queue.push(item);
    if (result === 'coalesced') {
      this.hooks.dropped(item.stateChannel as Channel);
    } else if (result === 'overflow') {
      this.logger.warn({ connectionId: this.id, queued: this.queue.length }, 'slow consumer; closing');
      this.close({
        reason: 'error',
        message: `The client did not read fast enough: more than ${this.limits.maxQueuedEvents} events waited; resume from the last seq`,
        closeCode: CLOSE_CODES.SLOW_CONSUMER,
      });
    }
  }

  private drain(): void {
    while (!this.closing && this.queue.length > 0 && this.socket.bufferedAmount < this.limits.maxBufferedBytes) {
      this.write(this.queue.shift()!);
    }
  }

  private write(item: OutboundItem): void {
    if (this.socket.readyState !== OPEN) {
      return;
    }
    this.socket.send(item.bytes, TEXT_FRAME, (error) => {
      if (error === undefined || error === null) {
        this.drain();
      }
    });
    countChannels(item.channels, this.hooks);
  }

  /** Write past the queue: used only on the way out. */
  private writeNow(message: ServerMessage): void {
    if (this.socket.readyState === OPEN) {
      this.socket.send(Buffer.from(encodeMessage(message), 'utf8'), TEXT_FRAME, () => undefined);
    }
  }

  /** Every close the server initiates says why with `connection:closed` first. */
  private close(request: CloseRequest): void {
    if (this.closing) {
      return;
    }
    this.flushBatch();
    // Whatever waits for a client that is being closed is dropped: it resumes from its last seq.
    this.drain();
    this.closing = true;
    this.writeNow({
      event: 'connection:closed',
      data: { reason: request.reason, message: request.message, ...(request.code ? { code: request.code } : {}) },
    });
    this.logger.info(
      { connectionId: this.id, reason: request.reason, closeCode: request.closeCode },
      'closing connection'
    );
    if (this.socket.readyState === OPEN) {
      this.socket.close(request.closeCode, request.message.slice(0, 120));
    }
  }
}

/**
 * Connections with the same channels receive the same published frames in the same tick, so their
 * windows hold the same frames: the first to flush joins the bytes, the others reuse them (one
 * join per window for all such clients, not one per client). Keyed by the window's first frame;
 * a window of other frames (other channels, another start) simply joins its own.
 */
const sharedBatches = new WeakMap<Frame, { frames: Frame[]; item: OutboundItem }>();

function batchOf(frames: Frame[]): OutboundItem {
  const shared = sharedBatches.get(frames[0]);
  if (
    shared &&
    shared.frames.length === frames.length &&
    shared.frames.every((frame, index) => frame === frames[index])
  ) {
    return shared.item;
  }
  // The events are already serialised once per channel; the batch only joins their bytes.
  const parts: Buffer[] = [BATCH_START];
  frames.forEach((frame, index) => parts.push(...(index === 0 ? [frame.bytes] : [COMMA, frame.bytes])));
  parts.push(BATCH_END);
  const item: OutboundItem = { bytes: Buffer.concat(parts), channels: frames.map((frame) => frame.channel) };
  sharedBatches.set(frames[0], { frames, item });
  return item;
}

function countChannels(channels: readonly string[], hooks: ConnectionHooks): void {
  if (channels.length === 0) {
    return;
  }
  const counts = new Map<string, number>();
  channels.forEach((channel) => counts.set(channel, (counts.get(channel) ?? 0) + 1));
  counts.forEach((count, channel) => hooks.sent(channel as Channel, count));
}

function byteLength(data: Buffer | ArrayBuffer | Buffer[]): number {
  if (Array.isArray(data)) {
    return data.reduce((sum, part) => sum + part.length, 0);
  }
  return data.byteLength;
}

/** The `event` of a frame that failed validation, when it has one (to tell channel errors apart). */
function eventName(text: string): string | undefined {
  try {
    const value = JSON.parse(text) as { event?: unknown };
    return typeof value === 'object' && value !== null && typeof value.event === 'string' ? value.event : undefined;
  } catch {
    return undefined;
  }
}
