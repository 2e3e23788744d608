/**
 * Spec 004's WebSocket `/ws/metrics`: on connect an `initial` message with the last 50 samples,
 * then a `metric` message per sample (the engine's 25 per second and every ingested one) and an
 * `alert` message per alert raised. Same credential as the telemetry socket (an API key header or
 * a ticket); a refused client is told on the socket (browsers cannot read an HTTP 401 on an
 * upgrade) and closed with AUTH_REQUIRED. A client that stops reading is closed as a slow
 * consumer rather than buffering without bound. Clients only listen; what they send is ignored.
 */
import type { IncomingMessage } from 'http';
import type { Duplex } from 'stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  CLOSE_CODES,
  METRICS_API_PATHS,
  errorTriple,
  type MetricAlertData,
  type MetricMessageData,
  type MetricsSocketMessage,
} from '../../src/protocol';
import type { SeriesSample } from '../store/metrics/aggregateSamples';
import type { Authenticator } from './Authenticator';

/** How many samples `initial` carries (spec 004). */
export const INITIAL_SAMPLES = 50;
/** A client with more than this unsent is closed as a slow consumer. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface MetricsSocketOptions {
  authenticator: Authenticator;
  logger: Logger;
  /** The newest samples from the store, for `initial` before this process has seen any. */
  storedLatest?: (limit: number) => Promise<SeriesSample[]>;
}

export function metricMessageData(sample: SeriesSample): MetricMessageData {
  return {
    timestamp: new Date(sample.timestamp).toISOString(),
    service: sample.service,
    metric_type: sample.metric_type,
    value: sample.value,
  };
}

export class MetricsSocket {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 4096 });
  private readonly clients = new Set<WebSocket>();
  private readonly recent: MetricMessageData[] = [];

  constructor(private readonly options: MetricsSocketOptions) {}

  get clientCount(): number {
    return this.clients.size;
  }

  /** Does this upgrade belong here? (The HTTP server's upgrade handler routes by path.) */
  static handles(request: IncomingMessage): boolean {
    return new URL(request.url ?? '/', 'http://localhost').pathname === METRICS_API_PATHS.socket;
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const credential = this.options.authenticator.authenticateUpgrade(
      request.headers.authorization,
      url.searchParams.get('ticket')
    );
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      ws.on('error', () => undefined);
      if (credential === undefined) {
        const error = errorTriple('AUTH_REQUIRED', { why: 'The upgrade request carried no valid API key or ticket' });
        ws.send(JSON.stringify({ type: 'error', data: { code: 'AUTH_REQUIRED', ...error } }));
        ws.close(CLOSE_CODES.AUTH_REQUIRED, 'AUTH_REQUIRED');
        return;
      }
      void this.accept(ws);
    });
  }

  /** Samples published (by the engine or ingested): remembered for `initial` and sent to every client. */
  publishSamples(samples: readonly SeriesSample[]): void {
    for (const sample of samples) {
      const data = metricMessageData(sample);
      this.recent.push(data);
      this.broadcast({ type: 'metric', data });
    }
    if (this.recent.length > INITIAL_SAMPLES) {
      this.recent.splice(0, this.recent.length - INITIAL_SAMPLES);
    }
  }

  publishAlert(alert: MetricAlertData): void {
    this.broadcast({ type: 'alert', data: alert });
  }

  close(): void {
    for (const ws of this.clients) {
      ws.close(CLOSE_CODES.GOING_AWAY, 'server shutting down');
    }
    this.clients.clear();
  }

  private async accept(ws: WebSocket): Promise<void> {
    let initial = [...this.recent];
    if (initial.length === 0 && this.options.storedLatest !== undefined) {
      try {
        initial = (await this.options.storedLatest(INITIAL_SAMPLES)).map(metricMessageData);
      } catch (error) {
        this.options.logger.warn({ err: error }, '/ws/metrics: could not read the latest stored samples');
      }
    }
    if (ws.readyState !== ws.OPEN) {
      return;
    }
    // Registered only after `initial` is queued, so no live message overtakes it.
    ws.send(JSON.stringify({ type: 'initial', data: initial } satisfies MetricsSocketMessage));
    this.clients.add(ws);
    ws.on('close', () => this.clients.delete(ws));
  }

  private broadcast(message: MetricsSocketMessage): void {
    if (this.clients.size === 0) {
      return;
    }
    const text = JSON.stringify(message);
    for (const ws of this.clients) {
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        this.options.logger.warn({ bufferedBytes: ws.bufferedAmount }, '/ws/metrics client closed as a slow consumer');
        ws.close(CLOSE_CODES.SLOW_CONSUMER, 'SLOW_CONSUMER');
        this.clients.delete(ws);
        continue;
      }
      ws.send(text);
    }
  }
}
