/**
 * The bridge's MCI connection: the project's protocol client (`src/client`) in Node, with
 * `Authorization: Bearer` on the socket and on REST. The client brings the spec 001 states,
 * the reconnect backoff, resume from the last `seq`, heartbeat answers, dead-peer detection and the
 * REST snapshot when a gap cannot be replayed; this file only adapts its items to what the
 * Prometheus gauges read.
 */
import type { Logger } from 'pino';
import { distinctUntilChanged, filter, map, merge, share, type Observable } from 'rxjs';
import WebSocket from 'ws';
import {
  createMciClient,
  SNAPSHOT_PART,
  type ChannelItem,
  type ConnectionState,
  type WebSocketLike,
} from '../../src/client';
import type { Channel } from '../../src/protocol';
import type { TelemetryObservation, TelemetryState } from '../metrics/createTelemetryMetrics';
import type { BridgeSource } from './createBridge';

export const CONNECTION_STATES: readonly ConnectionState[] = [
  'disconnected',
  'connecting',
  'connected',
  'subscribed',
  'streaming',
  'reconnecting',
];
/** What the bridge exports: the channels the shared gauges read (market: the tick age per symbol). */
export const BRIDGE_CHANNELS: Channel[] = ['health', 'account', 'services', 'alerts', 'positions', 'orders', 'market'];
/** Snapshots of large books exceed the protocol's default 64 KiB frame limit. */
const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

export interface ClientTelemetrySourceOptions {
  /** `ws(s)://…/telemetry` */
  url: string;
  /** `http(s)://host:port` of the same server, for `GET /api/telemetry/snapshot`. */
  restUrl: string;
  apiKey?: string;
  channels?: Channel[];
  /** Reconnect delays (default: the client's spec 001 schedule). */
  backoffMs?: number[];
  logger: Logger;
}

export function createClientTelemetrySource(
  options: ClientTelemetrySourceOptions
): BridgeSource & Required<Pick<BridgeSource, 'skipped$'>> {
  const { logger } = options;
  const headers: Record<string, string> =
    options.apiKey === undefined ? {} : { Authorization: `Bearer ${options.apiKey}` };
  const client = createMciClient({
    wsUrl: options.url,
    webSocketFactory: (url) =>
      new WebSocket(url, { headers, maxPayload: MAX_PAYLOAD_BYTES }) as unknown as WebSocketLike,
    httpGet: async (path) => {
      const response = await fetch(`${options.restUrl}${path}`, { headers });
      if (!response.ok) {
        throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
      }
      return response.json();
    },
    backoffMs: options.backoffMs,
    logger: {
      warn: (message, detail) => logger.warn({ detail }, message),
      debug: (message, detail) => logger.debug({ detail }, message),
    },
  });
  const items$: Observable<ChannelItem> = merge(
    ...(options.channels ?? BRIDGE_CHANNELS).map((channel) => client.channel(channel))
  ).pipe(share());
  return {
    states: CONNECTION_STATES,
    liveStates: ['subscribed', 'streaming'],
    reconnectingState: 'reconnecting',
    state$: client.status$.pipe(
      map((status) => status.state),
      distinctUntilChanged()
    ),
    events$: items$.pipe(
      filter((item): item is Extract<ChannelItem, { kind: 'event' }> => item.kind === 'event'),
      map((item) => ({ channel: item.channel, data: item.message.data }) as TelemetryObservation)
    ),
    // REST re-reads (a gap the server could not replay, or polling while the socket is down) set
    // the gauges from the full state, so nothing missed on the wire stays wrong in Prometheus.
    snapshots$: items$.pipe(
      filter((item): item is Extract<ChannelItem, { kind: 'snapshot' }> => item.kind === 'snapshot'),
      map((item) => ({ [SNAPSHOT_PART[item.channel] ?? item.channel]: item.data }) as TelemetryState)
    ),
    // Each is logged by the client (logger.warn, with its reason); the bridge counts them.
    skipped$: client.skipped$,
    close: () => client.close(),
  };
}
