import { EventEmitter } from 'events';
import { SseSubscriber, type SseCloseReason, type SseResponse } from './SseSubscriber';

/** A response whose socket takes `capacity` bytes and then refuses more until `read()`. */
class SlowResponse extends EventEmitter implements SseResponse {
  written: string[] = [];
  writableLength = 0;
  writableEnded = false;
  destroyed = false;
  ended: string | undefined;

  constructor(private readonly capacity: number) {
    super();
  }

  write(chunk: string): boolean {
    this.written.push(chunk);
    this.writableLength += Buffer.byteLength(chunk);
    return this.writableLength < this.capacity;
  }

  end(chunk?: string): void {
    this.writableEnded = true;
    this.ended = chunk;
  }

  destroy(): void {
    this.destroyed = true;
  }

  /** The reader takes everything written so far. */
  read(): void {
    this.writableLength = 0;
    this.emit('drain');
  }
}

function subscriber(response: SlowResponse, maxQueuedBytes = 1000) {
  const closed: SseCloseReason[] = [];
  let delivered = 0;
  const created = new SseSubscriber(response, {
    maxQueuedBytes,
    keepAliveMs: 60_000,
    onClosed: (reason) => closed.push(reason),
    onDelivered: (count) => (delivered += count),
  });
  return { created, closed, delivered: () => delivered };
}

afterEach(() => jest.useRealTimers());

describe('an SSE subscriber', () => {
  it('stops writing when the socket refuses more and writes the rest, in order, on drain', () => {
    const response = new SlowResponse(100);
    const { created, delivered } = subscriber(response);
    const frames = Array.from({ length: 6 }, (_, i) => `data: ${'x'.repeat(40)}${i}\n\n`);
    frames.forEach((frame) => created.sendEvents(frame, 1));
    expect(response.written).toEqual(frames.slice(0, 3));
    expect(delivered()).toBe(3);
    response.read();
    expect(response.written).toEqual(frames);
    expect(delivered()).toBe(6);
    created.readerLeft();
  });

  it('closes a reader that falls more than the byte bound behind, and reports it as a slow consumer', () => {
    jest.useFakeTimers();
    const response = new SlowResponse(100);
    const { created, closed } = subscriber(response, 500);
    for (let i = 0; i < 20 && !created.isClosed; i++) {
      created.sendEvents(`data: ${'y'.repeat(90)}\n\n`, 1);
    }
    expect(closed).toEqual(['slow_consumer']);
    expect(response.ended).toMatch(
      /^event: telemetry_closed\ndata: \{"reason":"slow_consumer","what":.*"how":.*\}\n\n$/
    );
    const written = response.written.length;
    created.sendEvents('data: late\n\n', 1);
    expect(response.written).toHaveLength(written);
    jest.advanceTimersByTime(5000);
    expect(response.destroyed).toBe(true);
  });

  it('sends a keep-alive comment each interval and none after it closed', () => {
    jest.useFakeTimers();
    const response = new SlowResponse(1_000_000);
    const created = new SseSubscriber(response, {
      maxQueuedBytes: 1000,
      keepAliveMs: 15_000,
      onClosed: () => undefined,
      onDelivered: () => undefined,
    });
    jest.advanceTimersByTime(45_000);
    expect(response.written.filter((chunk) => chunk.startsWith(': keep-alive'))).toHaveLength(3);
    created.readerLeft();
    jest.advanceTimersByTime(45_000);
    expect(response.written).toHaveLength(3);
    expect(response.ended).toBeUndefined();
  });
});
