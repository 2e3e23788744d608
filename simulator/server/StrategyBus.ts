/**
 * Spec 002's strategy telemetry bus on the server: it listens to the hub's published `strategy`
 * events (the same numbered stream the WebSocket gateway sends), turns each into spec 002's
 * dialect when read (`toBusEvent`), keeps the newest `bufferSize` for resume and queries, counts them
 * per type and fans them out to the SSE subscribers whose `event_type` filter they match.
 * An event's id is `<epoch>:<seq>`, its `strategy` channel sequence number (docs/strategy-bus.md).
 * When the hub moves to a new epoch (a gateway's engine restarted, docs/scaling.md) the bus follows:
 * its buffer starts again, open streams get a `telemetry_gap`, and resuming with an id of the old
 * epoch gets one too.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import {
  BUS_EVENT_TYPES,
  BUS_TYPE_OF_KIND,
  toBusEvent,
  type BusEventType,
  type StrategyEvent,
} from '../../src/protocol';
import { formatEventId, type EventPoint } from './busQuery';
import { EventHistory } from './EventHistory';
import { sseEvent } from './sseFrames';
import type { SseCloseReason, SseSubscriber } from './SseSubscriber';

export interface BusEntry {
  readonly seq: number;
  readonly id: string;
  readonly type: BusEventType;
  /** The event's own time (epoch ms), what `since=<ISO time>` compares with. */
  readonly eventTime: number;
  /** `{type, timestamp, payload}` as JSON. */
  readonly json: string;
  /** The SSE frame: `id:` and `data:`. */
  readonly frame: string;
}

const decoder = new TextDecoder();

/**
 * An event as read (a stream, a replay, a query): its id, JSON and SSE frame are made once, when
 * first asked for, from the event or from a copy of the wire message the hub published. The bus
 * keeps only those wire messages, in a byte arena (`EventHistory`), not an object per event: at
 * thousands of strategy events a second, 5,000 kept objects (or Buffers, each a view that keeps
 * its 8 KB pool slab alive) would all outlive the young heap, so the old heap would fill with them.
 * The wire message is immutable, so the JSON made from it later is the one made at publish time.
 */
class KeptEvent implements BusEntry {
  private rendered: { id: string; type: BusEventType; json: string; frame: string } | undefined;

  constructor(
    readonly seq: number,
    readonly eventTime: number,
    private readonly epoch: string,
    private source: StrategyEvent | Uint8Array | undefined
  ) {}

  get type(): BusEventType {
    return this.render().type;
  }

  get id(): string {
    return this.render().id;
  }

  get json(): string {
    return this.render().json;
  }

  get frame(): string {
    return this.render().frame;
  }

  render(): { id: string; type: BusEventType; json: string; frame: string } {
    if (this.rendered === undefined) {
      const source = this.source!;
      const event =
        source instanceof Uint8Array ? (JSON.parse(decoder.decode(source)) as { data: StrategyEvent }).data : source;
      const id = formatEventId(this.epoch, this.seq);
      const json = JSON.stringify(toBusEvent(event));
      this.rendered = { id, type: BUS_TYPE_OF_KIND[event.kind], json, frame: sseEvent({ id, data: json }) };
      this.source = undefined;
    }
    return this.rendered;
  }
}

/** What a resume point could not give back: sent to the reader before the events that follow. */
export interface BusGap {
  type: 'telemetry_gap';
  /** `evicted`: the point is older than the buffer; `other_epoch`: it is from before a restart. */
  reason: 'evicted' | 'other_epoch';
  last_event_id: string;
  first_available_id: string | null;
  /** Events published after the point that the buffer no longer holds (unknown across a restart). */
  missed: number | null;
}

export type Replay = { ok: true; gap?: BusGap; entries: BusEntry[] } | { ok: false; newestSeq: number };

interface Subscription {
  subscriber: SseSubscriber;
  types: ReadonlySet<BusEventType> | undefined;
}

/** Events per second are measured over this many past seconds. */
const RATE_WINDOW_S = 60;

export class StrategyBus {
  /** The kept events' wire messages (`{"data":…}` at least), oldest first; time is the event's. */
  private readonly kept: EventHistory;
  private newestSeq = 0;
  private total = 0;
  private delivered = 0;
  private slowConsumersClosed = 0;
  private readonly counts = new Map<BusEventType, number>(BUS_EVENT_TYPES.map((type) => [type, 0]));
  private readonly subscriptions = new Set<Subscription>();
  /** Events published in each of the last seconds (wall clock), keyed by second. */
  private readonly perSecond = new Map<number, number>();
  private readonly metrics: { subscribers: Gauge; slowClosed: Counter; sent: Counter };
  private readonly startSecond: number;
  private currentEpoch: string;

  constructor(
    epoch: string,
    private readonly bufferSize: number,
    private readonly now: () => number,
    registry: Registry
  ) {
    this.currentEpoch = epoch;
    // Bounded by count, as before: strategy events are a few hundred bytes each.
    this.kept = new EventHistory(bufferSize, Number.MAX_SAFE_INTEGER);
    this.startSecond = Math.floor(now() / 1000);
    this.metrics = {
      subscribers: new Gauge({
        name: 'mci_sse_subscribers',
        help: 'SSE streams of the strategy bus currently open.',
        registers: [registry],
      }),
      sent: new Counter({
        name: 'mci_sse_events_sent_total',
        help: 'Strategy bus events written to SSE streams (one per stream).',
        registers: [registry],
      }),
      slowClosed: new Counter({
        name: 'mci_sse_slow_consumers_closed_total',
        help: 'SSE streams closed because their reader fell too far behind.',
        registers: [registry],
      }),
    };
  }

  /** The epoch of the ids it gives out. */
  get epoch(): string {
    return this.currentEpoch;
  }

  /**
   * Move to `epoch` (no-op when it is the current one): the kept events and their numbering belong
   * to the old one, so they go; every open stream is told with a `telemetry_gap` and stays open.
   */
  follow(epoch: string): void {
    if (epoch === this.currentEpoch) {
      return;
    }
    const previous = this.currentEpoch;
    const gap: BusGap = {
      type: 'telemetry_gap',
      reason: 'other_epoch',
      last_event_id: formatEventId(this.currentEpoch, this.newestSeq),
      first_available_id: null,
      missed: null,
    };
    this.currentEpoch = epoch;
    this.kept.clear();
    this.newestSeq = 0;
    if (previous === '') {
      // A gateway that had seen no run yet: there is nothing before this epoch to miss.
      return;
    }
    const frame = sseEvent({ event: 'telemetry_gap', data: JSON.stringify(gap) });
    for (const { subscriber } of this.subscriptions) {
      subscriber.sendControl(frame);
    }
  }

  /**
   * One published `strategy` event with its channel sequence number, and the epoch of that number
   * when the hub can change epochs (a gateway): an event of a new epoch moves the bus to it first.
   * `wire`: the message the hub published for it (`{"event":…,"data":…}`); with it the event's
   * spec 002 rendering waits until someone reads it.
   */
  publish(seq: number, event: StrategyEvent, epoch: string = this.currentEpoch, wire?: Uint8Array): void {
    this.follow(epoch);
    const type = BUS_TYPE_OF_KIND[event.kind];
    // Without the wire message, a JSON copy of the event: the object itself might change later.
    const bytes =
      wire === undefined
        ? Buffer.from(JSON.stringify({ data: event }), 'utf8')
        : Buffer.from(wire.buffer, wire.byteOffset, wire.byteLength);
    this.kept.push({ seq, time: event.timestamp, bytes });
    this.newestSeq = seq;
    this.total += 1;
    this.counts.set(type, (this.counts.get(type) ?? 0) + 1);
    this.countSecond();
    if (this.subscriptions.size > 0) {
      const entry = new KeptEvent(seq, event.timestamp, this.currentEpoch, event);
      for (const { subscriber, types } of this.subscriptions) {
        if (types === undefined || types.has(type)) {
          subscriber.sendEvents(entry.frame, 1);
        }
      }
    }
  }

  /** The kept events, oldest first (rendered when read). */
  buffered(): BusEntry[] {
    return this.kept.toArray().map((copy) => new KeptEvent(copy.seq, copy.time, this.currentEpoch, copy.bytes));
  }

  /**
   * The kept events after `point` that match `types`. When the buffer no longer holds everything
   * after it (older than the buffer, or from another epoch), every kept event that matches, with
   * the gap described. A point past the newest event of this epoch cannot be resumed.
   */
  replayAfter(point: EventPoint, types: ReadonlySet<BusEventType> | undefined): Replay {
    const kept = this.buffered();
    const matching = (entry: BusEntry) => types === undefined || types.has(entry.type);
    const lastId = formatEventId(point.epoch, point.seq);
    const firstId = kept.length > 0 ? kept[0].id : null;
    if (point.epoch !== this.currentEpoch) {
      const gap: BusGap = {
        type: 'telemetry_gap',
        reason: 'other_epoch',
        last_event_id: lastId,
        first_available_id: firstId,
        missed: null,
      };
      return { ok: true, gap, entries: kept.filter(matching) };
    }
    if (point.seq > this.newestSeq) {
      return { ok: false, newestSeq: this.newestSeq };
    }
    const oldest = kept.length > 0 ? kept[0].seq : this.newestSeq + 1;
    if (point.seq < oldest - 1) {
      const gap: BusGap = {
        type: 'telemetry_gap',
        reason: 'evicted',
        last_event_id: lastId,
        first_available_id: firstId,
        missed: oldest - point.seq - 1,
      };
      return { ok: true, gap, entries: kept.filter(matching) };
    }
    return { ok: true, entries: kept.filter((entry) => entry.seq > point.seq && matching(entry)) };
  }

  /** Register a stream; returns its unsubscribe. Replay first, then subscribe, in one turn. */
  subscribe(subscriber: SseSubscriber, types: ReadonlySet<BusEventType> | undefined): () => void {
    const subscription = { subscriber, types };
    this.subscriptions.add(subscription);
    this.metrics.subscribers.set(this.subscriptions.size);
    return () => {
      this.subscriptions.delete(subscription);
      this.metrics.subscribers.set(this.subscriptions.size);
    };
  }

  /** Bookkeeping the subscribers report. */
  readonly hooks = {
    delivered: (count: number) => {
      this.delivered += count;
      this.metrics.sent.inc(count);
    },
    closed: (reason: SseCloseReason) => {
      if (reason === 'slow_consumer') {
        this.slowConsumersClosed += 1;
        this.metrics.slowClosed.inc();
      }
    },
  };

  /** Close every stream (server shutdown). */
  closeAll(): void {
    for (const { subscriber } of [...this.subscriptions]) {
      subscriber.close('shutdown', {
        what: 'Stream closed: the server is shutting down',
        how: 'Reconnect with Last-Event-ID',
      });
    }
  }

  /** `GET /api/telemetry/stats`. */
  stats(): Record<string, unknown> {
    const first = this.kept.firstSeq;
    return {
      epoch: this.currentEpoch,
      total_events: this.total,
      event_counts: Object.fromEntries(this.counts),
      event_types: [...BUS_EVENT_TYPES],
      buffer_size: this.bufferSize,
      buffer_fill: this.kept.length,
      oldest_event_id: first === undefined ? null : formatEventId(this.currentEpoch, first),
      newest_event_id: first === undefined ? null : formatEventId(this.currentEpoch, this.newestSeq),
      subscribers: this.subscriptions.size,
      events_per_second: this.eventsPerSecond(),
      events_delivered: this.delivered,
      slow_consumers_closed: this.slowConsumersClosed,
    };
  }

  private countSecond(): void {
    const second = Math.floor(this.now() / 1000);
    this.perSecond.set(second, (this.perSecond.get(second) ?? 0) + 1);
    for (const key of this.perSecond.keys()) {
      if (key <= second - RATE_WINDOW_S) {
        this.perSecond.delete(key);
      }
    }
  }

  /** Mean over the last minute's complete seconds (over the seconds since start, right after it). */
  private eventsPerSecond(): number {
    const second = Math.floor(this.now() / 1000);
    const from = Math.max(this.startSecond, second - RATE_WINDOW_S);
    let events = 0;
    for (const [key, count] of this.perSecond) {
      if (key >= from && key < second) {
        events += count;
      }
    }
    return second > from ? Math.round((events / (second - from)) * 100) / 100 : 0;
  }
}
