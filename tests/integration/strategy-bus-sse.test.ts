/**
 * Spec 002's SSE stream read as its users read it: by a real EventSource (the `eventsource`
 * package) and by `curl -N` (spawned, bounded by --max-time). The server runs in this process with
 * a fake engine that publishes spec 002's eight examples in turn, a known number of times, so
 * counts are exact.
 */
import * as v from 'valibot';
import pino from 'pino';
import { BUS_EVENT_TYPES, BusEventSchema, REST_PATHS } from '../../src/protocol';
import { createSimulatorServer, type SimulatorServer } from '../../simulator/server/createSimulatorServer';
import { DEFAULT_SERVE_CONFIG, type ServeConfig } from '../../simulator/server/serverConfig';
import { createFakeEngine } from '../../simulator/server/testing/fakeEngine';
import { curlStream, parseSse, recordEventSource, type RecordingEventSource } from '../support/sseClient';

const servers: SimulatorServer[] = [];
const sources: RecordingEventSource[] = [];

async function start(strategyCount: number, overrides: Partial<ServeConfig> = {}) {
  const server = createSimulatorServer(
    { ...DEFAULT_SERVE_CONFIG, port: 0, auth: false, sseRetryMs: 100, ...overrides },
    {
      createEngine: (config) => createFakeEngine(config, { orderEveryMs: 60_000, strategyEveryMs: 10, strategyCount }),
      logger: pino({ level: 'silent' }),
      processMetrics: false,
    }
  );
  servers.push(server);
  const info = await server.listen();
  const url = (path: string) => `${info.httpUrl}${path}`;
  const stats = async () => (await (await fetch(url(REST_PATHS.telemetryStats))).json()) as Record<string, unknown>;
  // Poll stats until the engine published everything (bounded).
  const allPublished = async () => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const current = await stats();
      if (current.total_events === strategyCount) {
        return current;
      }
      if (Date.now() > deadline) {
        throw new Error(`only ${current.total_events} of ${strategyCount} events were published in 15 s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { server, url, stats, allPublished, stream: url(REST_PATHS.telemetryStream) };
}

function open(url: string, init = {}, named: string[] = []): RecordingEventSource {
  const source = recordEventSource(url, init, named);
  sources.push(source);
  return source;
}

const seqOf = (id: string) => Number(id.slice(id.lastIndexOf(':') + 1));
const typeOf = (data: string) => (JSON.parse(data) as { type: string }).type;

afterEach(async () => {
  sources.splice(0).forEach((source) => source.close());
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('the strategy bus read by an EventSource', () => {
  it('delivers only the filtered types, each with an id and valid in spec 002’s dialect', async () => {
    const bus = await start(400);
    const source = open(`${bus.stream}?event_type=order_event,position_event`);
    const messages = await source.until((received) => received.length >= 6);
    for (const message of messages) {
      expect(['order_event', 'position_event']).toContain(typeOf(message.data));
      expect(message.id).toMatch(new RegExp(`^${bus.server.epoch}:\\d+$`));
      const parsed = v.safeParse(BusEventSchema, JSON.parse(message.data));
      expect(parsed.success ? [] : v.flatten(parsed.issues)).toEqual([]);
    }
  });

  it('delivers every one of the eight types, each valid in spec 002’s dialect', async () => {
    const bus = await start(16);
    await bus.allPublished();
    const source = open(bus.stream, { fetch: withLastEventId(`${bus.server.epoch}:0`) });
    const messages = await source.until((received) => received.length === 16);
    expect(new Set(messages.map((message) => typeOf(message.data)))).toEqual(new Set(BUS_EVENT_TYPES));
    expect(messages.every((message) => v.safeParse(BusEventSchema, JSON.parse(message.data)).success)).toBe(true);
  });

  it('resumes within the buffer after a lost connection, without losing or repeating an event', async () => {
    const bus = await start(300);
    const sentIds: Array<string | undefined> = [];
    // The first stream ends after a few chunks of live events; the EventSource reconnects on its own.
    const source = open(bus.stream, { fetch: cutFirstStream(4, sentIds) });
    const messages = await source.until((received) => received.some((message) => seqOf(message.id) === 300));
    const seqs = messages.map((message) => seqOf(message.id));
    expect(sentIds.length).toBeGreaterThanOrEqual(2);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0] + i));
    // The reconnection carried the id of the last event the first stream delivered.
    expect(sentIds[0]).toBeUndefined();
    expect(sentIds[1]).toMatch(new RegExp(`^${bus.server.epoch}:\\d+$`));
    expect(seqs).toContain(seqOf(sentIds[1]!) + 1);
  });

  it('marks a resume point older than the buffer with a telemetry_gap event, then sends what it holds', async () => {
    const bus = await start(40, { busBufferSize: 10 });
    await bus.allPublished();
    const source = open(bus.stream, { fetch: withLastEventId(`${bus.server.epoch}:5`) }, ['telemetry_gap']);
    const messages = await source.until((received) => received.length >= 11);
    expect(messages[0].event).toBe('telemetry_gap');
    expect(JSON.parse(messages[0].data)).toEqual({
      type: 'telemetry_gap',
      reason: 'evicted',
      last_event_id: `${bus.server.epoch}:5`,
      first_available_id: `${bus.server.epoch}:31`,
      missed: 25,
    });
    expect(messages.slice(1).map((message) => seqOf(message.id))).toEqual([31, 32, 33, 34, 35, 36, 37, 38, 39, 40]);
  });

  it('marks a resume point from before a restart, then sends everything the buffer holds', async () => {
    const bus = await start(8);
    await bus.allPublished();
    const source = open(bus.stream, { fetch: withLastEventId('an-older-epoch:3') }, ['telemetry_gap']);
    const messages = await source.until((received) => received.length >= 9);
    expect(JSON.parse(messages[0].data)).toMatchObject({ reason: 'other_epoch', missed: null });
    expect(messages.slice(1).map((message) => seqOf(message.id))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('reports in its statistics exactly the counts it delivered', async () => {
    const bus = await start(24);
    await bus.allPublished();
    const source = open(bus.stream, { fetch: withLastEventId(`${bus.server.epoch}:0`) });
    const messages = await source.until((received) => received.length === 24);
    const delivered = Object.fromEntries(BUS_EVENT_TYPES.map((type) => [type, 0]));
    messages.forEach((message) => (delivered[typeOf(message.data)] += 1));
    const stats = await bus.stats();
    expect(stats).toMatchObject({
      total_events: 24,
      event_counts: delivered,
      buffer_fill: 24,
      buffer_size: DEFAULT_SERVE_CONFIG.busBufferSize,
      subscribers: 1,
      events_delivered: 24,
      slow_consumers_closed: 0,
    });
    expect(stats.events_per_second).toEqual(expect.any(Number));
  });
});

describe('the strategy bus read by curl -N', () => {
  it('streams retry, a comment, filtered events with ids, and keep-alive comments', async () => {
    const bus = await start(400, { sseKeepAliveMs: 100 });
    const text = await curlStream(`${bus.stream}?event_type=engine_health`, 2);
    const parsed = parseSse(text);
    expect(parsed.retry).toEqual([100]);
    expect(parsed.comments.filter((comment) => comment.startsWith('keep-alive')).length).toBeGreaterThanOrEqual(2);
    expect(parsed.events.length).toBeGreaterThan(0);
    for (const event of parsed.events) {
      expect([event.event, typeOf(event.data)]).toEqual(['message', 'engine_health']);
      expect(event.id).toMatch(new RegExp(`^${bus.server.epoch}:\\d+$`));
    }
  });

  it('resumes after the Last-Event-ID header it is given', async () => {
    const bus = await start(20);
    await bus.allPublished();
    const text = await curlStream(bus.stream, 1, ['-H', `Last-Event-ID: ${bus.server.epoch}:12`]);
    expect(parseSse(text).events.map((event) => seqOf(event.id))).toEqual([13, 14, 15, 16, 17, 18, 19, 20]);
  });

  it('answers an unknown event_type with 400 and what/why/how instead of an empty stream', async () => {
    const bus = await start(1);
    const text = await curlStream(`${bus.stream}?event_type=order_events`, 5, ['-w', '\n%{http_code}']);
    const [body, status] = [text.slice(0, text.lastIndexOf('\n')), text.slice(text.lastIndexOf('\n') + 1)];
    expect(status).toBe('400');
    expect(JSON.parse(body)).toMatchObject({
      code: 'INVALID_MESSAGE',
      error: { why: expect.stringContaining('"order_events"'), how: expect.stringContaining('order_event') },
    });
  });
});

/** A fetch for EventSource that starts from `id`, as a reconnecting EventSource would. */
function withLastEventId(id: string) {
  return (url: string | URL, init: RequestInit) =>
    fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), 'Last-Event-ID': id } });
}

/** A fetch for EventSource whose first stream ends after `chunks` chunks; records each request's Last-Event-ID. */
function cutFirstStream(chunks: number, sentIds: Array<string | undefined>) {
  return async (url: string | URL, init: RequestInit) => {
    sentIds.push((init.headers as Record<string, string>)['Last-Event-ID']);
    const response = await fetch(url, init);
    if (sentIds.length > 1) {
      return response;
    }
    const reader = response.body!.getReader();
    let passed = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done || passed >= chunks) {
          await reader.cancel();
          controller.close();
          return;
        }
        passed += 1;
        controller.enqueue(value);
      },
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
}
