/**
 * The public contract of the MCI protocol client (docs/client.md). The data source, the load tool and
 * the Prometheus bridge program against these types only. The client depends on `src/protocol/`,
 * rxjs and a WebSocket-like interface: no Grafana, no DOM, no Node imports, so it runs in the
 * browser and in Node.
 */
import type { Observable } from 'rxjs';
import type { Channel, DataMessage, ErrorCode, ErrorTriple } from '../protocol';

/** Spec 001's connection states. */
export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'subscribed' | 'streaming' | 'reconnecting';

/** The smallest WebSocket the client needs (the browser's and the `ws` package's both fit). */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** Opens a socket; Node callers may pass headers (e.g. `Authorization: Bearer <key>`). */
export type WebSocketFactory = (url: string) => WebSocketLike;

/** `fetch`-like function used for REST (snapshot, ticket); injected so tests and Grafana's proxy fit. */
export type HttpGet = (path: string) => Promise<unknown>;

export interface ClientStatus {
  state: ConnectionState;
  /** Reconnect attempts since the last successful connection (0 while connected). */
  attempt: number;
  /** Epoch ms of the next reconnect try, while reconnecting. */
  nextRetryAt?: number;
  /** True while the socket is down and the client polls the REST snapshot instead. */
  polling: boolean;
  /** The last failure (close, auth error, server error), what/why/how, until the next success. */
  lastError?: ClientError;
  /** Epoch ms of the last state change. */
  since: number;
  /** The server's epoch (from `connection:ack`), once connected. */
  epoch?: string;
  /**
   * True when the server refused the credential itself (ticket request answered 401/403, or the
   * key was refused): the client stopped retrying. A new `channel()` subscription starts again.
   */
  credentialRefused?: boolean;
}

export interface ClientError extends ErrorTriple {
  /** A protocol error code when the server sent one, else a client-side kind. */
  code: ErrorCode | 'CONNECTION_FAILED' | 'CONNECTION_LOST' | 'HEARTBEAT_TIMEOUT' | 'PARSE_ERROR';
  /** Epoch ms. */
  at: number;
}

/** A message, batch member or REST item the client skipped because it broke the protocol. */
export interface SkippedMessage {
  /** The channel it belonged to; undefined when it had none (not JSON, no known event). */
  channel?: Channel;
  /** What was skipped, why, and how to fix it; `code` is 'PARSE_ERROR'. */
  error: ClientError;
  /** Where it came from. */
  source: 'websocket' | 'rest';
}

/** What a channel subscription yields. */
export type ChannelItem =
  /** A data event as the server sent it (spec 001 payload), with its `seq`. */
  | { kind: 'event'; channel: Channel; message: DataMessage; seq?: number; snapshot: boolean; receivedAt: number }
  /**
   * The channel's state re-read from `GET /api/telemetry/snapshot` (polling fallback, or healing
   * a gap): `data` is the snapshot's value for this channel (array of positions, orders, …).
   */
  | { kind: 'snapshot'; channel: Channel; data: unknown; receivedAt: number; reason: 'polling' | 'gap' | 'initial' }
  /** Events may be missing between the previous item and the next one (resume failed, seq jump). */
  | { kind: 'gap'; channel: Channel; fromSeq?: number; toSeq?: number; receivedAt: number };

export interface ClientOptions {
  /** `ws://host:port/telemetry` (or wss). */
  wsUrl: string;
  /**
   * More URLs of the same service (gateways of one scale-out, docs/scaling.md). The client starts
   * at a random one of `wsUrl` and these, and moves to the next after a failed or lost connection.
   */
  wsUrls?: string[];
  webSocketFactory: WebSocketFactory;
  /** Reads REST paths such as `/api/telemetry/snapshot`; absent disables polling and gap healing. */
  httpGet?: HttpGet;
  /**
   * Called before each connect; returns a one-time ticket appended as `?ticket=` (browser auth via
   * Grafana's proxy). Absent: connect without a ticket (no auth, or headers set by the factory).
   */
  getTicket?: () => Promise<string>;
  /** Delay before the last unsubscribe of a channel really unsubscribes (default 5000 ms). */
  lingerMs?: number;
  /** Reconnect delays in ms (default spec 001: 1000, 2000, 4000, 8000, 16000), then the last repeats. */
  backoffMs?: number[];
  /** Jitter as a fraction of each delay (default 0.2). */
  jitter?: number;
  /** REST polling interval while the socket is down (default 2000 ms). */
  pollIntervalMs?: number;
  /** Opt-in batching window asked in `subscribe` (protocol extension); 0 = spec-001 frames. */
  batchMs?: number;
  /** Logger for skipped frames and state changes (default: silent). */
  logger?: { warn(message: string, detail?: unknown): void; debug?(message: string, detail?: unknown): void };
  /**
   * The clock (default `Date.now`). Only the clock and `random` are injected: timers are the global
   * `setTimeout`/`clearTimeout`, so tests use fake timers (jest's replace both, and `Date.now` too).
   */
  now?: () => number;
  /** Random source in [0, 1) for the backoff jitter (default `Math.random`). */
  random?: () => number;
}

export interface MciClient {
  /** Connection status; replays the current value to new subscribers. */
  readonly status$: Observable<ClientStatus>;
  /** Server `error` events and client-side failures, as they happen. */
  readonly errors$: Observable<ClientError>;
  /** Every message, batch member or REST item skipped as invalid, as it happens (each is also logged). */
  readonly skipped$: Observable<SkippedMessage>;
  /**
   * A reference-counted subscription to one channel: the first subscriber opens the connection if
   * needed and subscribes; the last unsubscribe lingers `lingerMs`. Never errors: failures show
   * in `status$` and the client keeps reconnecting until `close()`.
   */
  channel(channel: Channel): Observable<ChannelItem>;
  /** Channels currently subscribed on the server (after linger). */
  subscribedChannels(): Channel[];
  /**
   * Connect (if needed) and round-trip one client heartbeat (protocol extension, docs/protocol.md):
   * resolves with the round-trip time in ms, rejects with a ClientError-shaped Error on failure.
   */
  roundTrip(timeoutMs?: number): Promise<number>;
  /** Close the socket, stop timers and polling, complete every stream. */
  close(): void;
}
