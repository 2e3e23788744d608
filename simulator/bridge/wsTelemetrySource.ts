/**
 * An MCI connection for the bridge, in Node: the spec 001 client states, `Authorization: Bearer`
 * auth, subscribe with `resume` from the last `seq` per channel, `heartbeat:ack`, a dead peer after
 * two missed heartbeats, the spec's reconnect backoff (1, 2, 4, 8, 16 s, then every 16 s) or the
 * delay a `reconnect` event asks for. Frames that fail validation are logged and skipped.
 *
 * Why not `src/client`: the project's protocol client (issue 5) had not landed when the bridge was
 * written; this file implements `BridgeSource` so swapping it for an adapter over that client is a
 * one-line change in `commands/bridge.ts`.
 */
import type { Logger } from 'pino';
import { BehaviorSubject, Subject } from 'rxjs';
import WebSocket from 'ws';
import {
  channelOfEvent,
  encodeMessage,
  parseServerMessage,
  subscribeMessage,
  type Channel,
  type DataMessage,
  type ResumePoint,
  type ServerMessage,
} from '../../src/protocol';
import type { TelemetryObservation } from '../metrics/createTelemetryMetrics';
import type { BridgeSource } from './createBridge';

/** Spec 001 client states, lower-case as the bridge exports them. */
export const CONNECTION_STATES = [
  'disconnected',
  'connecting',
  'connected',
  'subscribed',
  'streaming',
  'reconnecting',
] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

/** Spec 001: 1, 2, 4, 8, 16 s; after the fifth try the bridge keeps trying every 16 s. */
export const RECONNECT_BACKOFF_MS = [1000, 2000, 4000, 8000, 16_000] as const;
/** What the bridge exports: the channels the shared gauges read. */
export const BRIDGE_CHANNELS: Channel[] = ['health', 'account', 'services', 'alerts', 'positions', 'orders'];
/** Used until `connection:ack` says otherwise (spec 001: every 30 s). */
const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;
const MISSED_HEARTBEATS = 2;
/** Snapshots of large books exceed the protocol's default 64 KiB frame limit. */
const MAX_FRAME_CHARS = 32 * 1024 * 1024;

export interface WsTelemetrySourceOptions {
  url: string;
  apiKey?: string;
  channels?: Channel[];
  backoffMs?: readonly number[];
  logger: Logger;
}

export function createWsTelemetrySource(options: WsTelemetrySourceOptions): BridgeSource {
  const { logger } = options;
  const channels = options.channels ?? BRIDGE_CHANNELS;
  const backoff = options.backoffMs ?? RECONNECT_BACKOFF_MS;
  const state$ = new BehaviorSubject<ConnectionState>('disconnected');
  const events$ = new Subject<TelemetryObservation>();
  const resume = new Map<Channel, ResumePoint>();
  let epoch: string | undefined;
  let socket: WebSocket | undefined;
  let attempt = 0;
  let serverDelayMs: number | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let deadTimer: NodeJS.Timeout | undefined;
  let heartbeatIntervalMs = DEFAULT_HEARTBEAT_INTERVAL_MS;
  let closed = false;

  const setState = (state: ConnectionState) => {
    if (state$.value !== state) {
      state$.next(state);
    }
  };
  const send = (message: Parameters<typeof encodeMessage>[0]) => {
    if (socket?.readyState === WebSocket.OPEN) {
      socket.send(encodeMessage(message));
    }
  };
  const armDeadPeerTimer = () => {
    clearTimeout(deadTimer);
    deadTimer = setTimeout(() => {
      logger.warn(
        { missed: MISSED_HEARTBEATS, heartbeatIntervalMs },
        'no heartbeat from the server: treating the connection as dead'
      );
      socket?.terminate();
    }, heartbeatIntervalMs * MISSED_HEARTBEATS);
  };

  const onData = (message: DataMessage) => {
    const channel = channelOfEvent(message.event);
    if (channel === undefined) {
      return;
    }
    if (message.seq !== undefined && epoch !== undefined) {
      resume.set(channel, { epoch, seq: message.seq });
    }
    setState('streaming');
    events$.next({ channel, data: message.data } as TelemetryObservation);
  };

  const onMessage = (message: ServerMessage) => {
    armDeadPeerTimer();
    switch (message.event) {
      case 'connection:ack': {
        if (message.data.epoch !== epoch) {
          // A new server epoch restarted every sequence: resuming from old ones would skip events.
          resume.clear();
          epoch = message.data.epoch;
        }
        heartbeatIntervalMs = message.data.heartbeatIntervalMs || DEFAULT_HEARTBEAT_INTERVAL_MS;
        armDeadPeerTimer();
        setState('connected');
        const points = Object.fromEntries([...resume].filter(([channel]) => channels.includes(channel)));
        send(subscribeMessage({ channels, ...(Object.keys(points).length > 0 ? { resume: points } : {}) }));
        return;
      }
      case 'subscribed':
        attempt = 0;
        setState('subscribed');
        logger.info({ channels: message.data.channels, recovered: message.data.recovered }, 'subscribed');
        return;
      case 'heartbeat':
        send({ event: 'heartbeat:ack', data: { clientTime: Date.now() } });
        return;
      case 'batch':
        message.data.events.forEach(onData);
        return;
      case 'reconnect':
        serverDelayMs = message.data.delay;
        logger.info({ reason: message.data.reason, delayMs: message.data.delay }, 'the server asked to reconnect');
        return;
      case 'connection:error':
      case 'error':
        logger.error({ code: message.data.code, ...message.data.error }, `server ${message.event}`);
        return;
      case 'connection:closed':
        logger.info({ reason: message.data.reason, message: message.data.message }, 'the server closed the connection');
        return;
      default:
        if (channelOfEvent(message.event) !== undefined) {
          onData(message as DataMessage);
        }
    }
  };

  const scheduleReconnect = () => {
    const delay = serverDelayMs ?? backoff[Math.min(attempt, backoff.length - 1)];
    serverDelayMs = undefined;
    attempt += 1;
    setState('reconnecting');
    logger.info({ attempt, delayMs: delay }, 'reconnecting');
    reconnectTimer = setTimeout(connect, delay);
  };

  function connect() {
    if (closed) {
      return;
    }
    setState('connecting');
    const headers = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : undefined;
    const current = new WebSocket(options.url, { headers, maxPayload: MAX_FRAME_CHARS * 4 });
    socket = current;
    current.on('message', (raw) => {
      const parsed = parseServerMessage(raw.toString('utf8'), { maxLength: MAX_FRAME_CHARS });
      if (!parsed.ok) {
        logger.warn(
          { kind: parsed.error.kind, reason: parsed.error.message },
          'skipped a frame that is not valid MCI protocol'
        );
        return;
      }
      onMessage(parsed.value);
    });
    current.on('error', (error) => logger.warn({ err: error.message, url: options.url }, 'connection failed'));
    current.on('close', (code, reason) => {
      clearTimeout(deadTimer);
      if (socket !== current) {
        return;
      }
      socket = undefined;
      if (closed) {
        setState('disconnected');
        return;
      }
      logger.warn({ code, reason: reason.toString('utf8') }, 'connection closed');
      scheduleReconnect();
    });
  }

  connect();

  return {
    states: CONNECTION_STATES,
    liveStates: ['subscribed', 'streaming'],
    reconnectingState: 'reconnecting',
    state$: state$.asObservable(),
    events$: events$.asObservable(),
    close() {
      if (closed) {
        return;
      }
      closed = true;
      clearTimeout(reconnectTimer);
      clearTimeout(deadTimer);
      if (socket) {
        send({ event: 'disconnect' });
        socket.close(1000, 'bridge stopping');
        // Do not wait for the server's close frame to stop.
        socket.terminate();
        socket = undefined;
      }
      setState('disconnected');
      state$.complete();
      events$.complete();
    },
  };
}
