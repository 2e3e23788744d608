/**
 * Spec 002's strategy bus over HTTP (docs/strategy-bus.md): the SSE stream, its statistics and
 * the recent-events query. Every parameter is checked before anything is streamed, so a typo is a
 * 400 with what/why/how instead of a silently empty stream.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { REST_PATHS, type BusEventType } from '../../../src/protocol';
import { parseEventId, parseEventTypes, parseLimit, parseSince, type EventPoint } from '../busQuery';
import { HttpError } from '../httpErrors';
import { sseComment, sseEvent, sseRetry } from '../sseFrames';
import { SseSubscriber } from '../SseSubscriber';
import type { BusEntry, Replay } from '../StrategyBus';
import type { RouteDeps } from './routeTypes';

type Query = Record<string, unknown>;

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  connection: 'keep-alive',
  // Reverse proxies (nginx) must not buffer a stream.
  'x-accel-buffering': 'no',
};

export function registerStrategyBusRoutes(app: FastifyInstance, deps: Pick<RouteDeps, 'strategyBus' | 'sse'>): void {
  const { strategyBus: bus, sse } = deps;
  const config = { access: 'telemetry' } as const;

  app.get(REST_PATHS.telemetryStats, { config }, async () => bus.stats());

  app.get(REST_PATHS.telemetryEvents, { config }, async (request, reply) => {
    const query = request.query as Query;
    const types = parseEventTypes(query.event_type);
    const limit = parseLimit(query.limit);
    const since = parseSince(query.since, bus.epoch);
    let entries: BusEntry[];
    let gap: unknown;
    if (since?.kind === 'id') {
      const replay = resumable(bus.replayAfter(since.point, types), since.point, 'since');
      entries = replay.entries;
      gap = replay.gap;
    } else {
      const fromMs = since?.kind === 'time' ? since.ms : -Infinity;
      entries = bus
        .buffered()
        .filter((entry) => (types === undefined || types.has(entry.type)) && entry.eventTime >= fromMs);
    }
    const newest = entries.slice(Math.max(0, entries.length - limit));
    // Each event's JSON was written once, when it was published: prefix its id instead of re-encoding.
    const events = newest.map((entry) => `{"id":${JSON.stringify(entry.id)},${entry.json.slice(1)}`);
    const head = JSON.stringify({ count: newest.length, ...(gap === undefined ? {} : { gap }) }).slice(0, -1);
    return reply.type('application/json; charset=utf-8').send(`${head},"events":[${events.join(',')}]}`);
  });

  app.get(REST_PATHS.telemetryStream, { config }, async (request, reply) => {
    const query = request.query as Query;
    const types = parseEventTypes(query.event_type);
    const point = lastEventId(request, query, bus.epoch);
    const replay = point === undefined ? undefined : resumable(bus.replayAfter(point, types), point, 'Last-Event-ID');

    reply.hijack();
    const response = reply.raw;
    // Hijacked: the headers the app's hooks set on the reply (CORS) are copied by hand.
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) {
        response.setHeader(name, value);
      }
    }
    response.writeHead(200, SSE_HEADERS);
    let unsubscribe = () => undefined as void;
    const subscriber = new SseSubscriber(response, {
      maxQueuedBytes: sse.maxQueuedBytes,
      keepAliveMs: sse.keepAliveMs,
      onDelivered: bus.hooks.delivered,
      onClosed: (reason) => {
        unsubscribe();
        bus.hooks.closed(reason);
        if (reason === 'slow_consumer') {
          request.log.info(
            { remote: request.ip, path: REST_PATHS.telemetryStream },
            'SSE stream closed: slow consumer'
          );
        }
      },
    });
    subscriber.sendControl(sseRetry(sse.retryMs));
    subscriber.sendControl(sseComment(`strategy bus ${bus.epoch}, event types: ${describe(types)}`));
    if (replay?.gap !== undefined) {
      subscriber.sendControl(sseEvent({ event: 'telemetry_gap', data: JSON.stringify(replay.gap) }));
    }
    if (replay !== undefined && replay.entries.length > 0) {
      subscriber.sendEvents(replay.entries.map((entry) => entry.frame).join(''), replay.entries.length);
    }
    // Replayed and subscribed in one turn of the event loop: nothing published in between is lost.
    if (!subscriber.isClosed) {
      unsubscribe = bus.subscribe(subscriber, types);
    }
    response.on('close', () => subscriber.readerLeft());
  });
}

/** `Last-Event-ID` (what EventSource sends on reconnection) or `?last_event_id=`. */
function lastEventId(request: FastifyRequest, query: Query, epoch: string): EventPoint | undefined {
  const raw = request.headers['last-event-id'] ?? query.last_event_id;
  if (raw === undefined || raw === '') {
    return undefined;
  }
  if (typeof raw !== 'string') {
    throw new HttpError('INVALID_MESSAGE', {
      what: 'Request rejected',
      why: 'Last-Event-ID was given more than once',
      how: 'Send one Last-Event-ID header (or one last_event_id parameter)',
    });
  }
  return parseEventId(raw, epoch, 'Last-Event-ID');
}

function resumable(replay: Replay, point: EventPoint, parameter: string): Extract<Replay, { ok: true }> {
  if (!replay.ok) {
    throw new HttpError('INVALID_MESSAGE', {
      what: 'Request rejected',
      why: `${parameter} ${point.epoch}:${point.seq} is after the newest event of this server (${point.epoch}:${replay.newestSeq})`,
      how: `Pass an id the stream or /events sent, or leave ${parameter} out to start with the live events`,
    });
  }
  return replay;
}

function describe(types: ReadonlySet<BusEventType> | undefined): string {
  return types === undefined ? 'all' : [...types].join(',');
}
