/**
 * One SSE reader: writes its frames to the HTTP response while the socket takes them, and queues
 * them while it does not (`write()` returned false) until `drain`. A reader that falls behind is
 * bounded like a WebSocket client: once the frames waiting for it (queued here plus buffered in
 * the response) pass `maxQueuedBytes`, it gets a `telemetry_closed` event with the reason and the
 * stream ends; the reader's EventSource reconnects and resumes with `Last-Event-ID`. A
 * keep-alive comment goes out every `keepAliveMs` so proxies keep an idle stream open.
 */
import { sseComment, sseEvent } from './sseFrames';

/** The part of `http.ServerResponse` a subscriber uses. */
export interface SseResponse {
  readonly writableLength: number;
  readonly writableEnded: boolean;
  write(chunk: string): boolean;
  end(chunk?: string): void;
  destroy(): void;
  once(event: 'drain', listener: () => void): void;
}

export interface SseSubscriberOptions {
  maxQueuedBytes: number;
  keepAliveMs: number;
  /** The stream is over (slow consumer, shutdown or the reader left): unregister it. */
  onClosed(reason: SseCloseReason): void;
  /** `count` frames of bus events reached the response. */
  onDelivered(count: number): void;
}

export type SseCloseReason = 'slow_consumer' | 'shutdown' | 'client_closed';

/** How long a closed stream's last frames may wait for the reader before the socket is dropped. */
const CLOSE_GRACE_MS = 5000;

export class SseSubscriber {
  private readonly pending: string[] = [];
  /** How many bus events each pending frame holds. */
  private readonly counts: number[] = [];
  private pendingBytes = 0;
  private waitingForDrain = false;
  private closed = false;
  private readonly keepAlive: NodeJS.Timeout;

  constructor(
    private readonly response: SseResponse,
    private readonly options: SseSubscriberOptions
  ) {
    this.keepAlive = setInterval(() => {
      // A reader that is behind has frames waiting already; no need to add a comment.
      if (!this.waitingForDrain) {
        this.write(sseComment(`keep-alive ${new Date().toISOString()}`));
      }
    }, options.keepAliveMs);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Frames of the stream's own (retry, markers): not counted as delivered events. */
  sendControl(frame: string): void {
    this.send(frame, 0);
  }

  /** One or more bus event frames, in order. */
  sendEvents(frames: string, count: number): void {
    this.send(frames, count);
  }

  /** End the stream: the reason goes to the reader as a last `telemetry_closed` event. */
  close(reason: SseCloseReason, detail: Record<string, unknown> = {}): void {
    if (this.closed) {
      return;
    }
    this.finish();
    this.options.onClosed(reason);
    if (reason === 'client_closed' || this.response.writableEnded) {
      return;
    }
    this.response.end(sseEvent({ event: 'telemetry_closed', data: JSON.stringify({ reason, ...detail }) }));
    // A reader that stopped reading would hold the socket (and its buffered frames) forever.
    setTimeout(() => this.response.destroy(), CLOSE_GRACE_MS).unref();
  }

  /** The reader went away: stop without writing. */
  readerLeft(): void {
    this.close('client_closed');
  }

  private send(frame: string, count: number): void {
    if (this.closed) {
      return;
    }
    if (!this.waitingForDrain) {
      this.write(frame);
      this.options.onDelivered(count);
      return;
    }
    this.pending.push(frame);
    this.pendingBytes += Buffer.byteLength(frame);
    this.counts.push(count);
    const waiting = this.pendingBytes + this.response.writableLength;
    if (waiting > this.options.maxQueuedBytes) {
      this.close('slow_consumer', {
        what: 'Stream closed: the reader is too slow',
        why: `${waiting} bytes of events were waiting for it, more than the bound of ${this.options.maxQueuedBytes}`,
        how: 'Read faster, or filter with event_type; reconnect with Last-Event-ID to resume from the buffer',
      });
    }
  }

  private write(frame: string): void {
    if (!this.response.write(frame) && !this.waitingForDrain) {
      this.waitingForDrain = true;
      this.response.once('drain', () => this.drain());
    }
  }

  private drain(): void {
    this.waitingForDrain = false;
    while (!this.closed && !this.waitingForDrain && this.pending.length > 0) {
      const frame = this.pending.shift()!;
      this.pendingBytes -= Buffer.byteLength(frame);
      this.options.onDelivered(this.counts.shift()!);
      this.write(frame);
    }
  }

  private finish(): void {
    this.closed = true;
    clearInterval(this.keepAlive);
    this.pending.length = 0;
    this.counts.length = 0;
    this.pendingBytes = 0;
  }
}
