/**
 * `mci-sim serve --replay FILE`: an Engine that plays back a `mci-sim record` file (NDJSON, one
 * `{"time","channel","event","data"}` per line) instead of simulating, so a load test can be
 * repeated event for event. The server drives it like the real engine (EngineDriver), so
 * `--speed` replays it that many times faster than recorded.
 *
 * Every epoch-millisecond field (`time`, `timestamp`, `*At`, `lastHeartbeat`) becomes the wall-clock
 * time at which the server is due to send the event: a field recorded at `t` is served as
 * `start + (t − t0) / speed`, where `t0` is the recording's first time and `start` the server's
 * start. Clients therefore see live-looking times at any `--speed`, and `mci-sim load` measures
 * each event's latency from its scheduled send time: a server that falls behind its schedule
 * sends late events still stamped with their due time, so the delay is counted, not hidden
 * (coordinated omission, docs/load.md). The engine's own clock stays virtual (it runs `speed`
 * times faster than the wall clock, as the EngineDriver expects). The file is read whole and every
 * line checked at start, then kept as bytes, each line parsed again when its event is due; once
 * played out the server stays up with no new events.
 */
import { readFileSync } from 'fs';
import {
  CHANNELS,
  TERMINAL_ORDER_STATUSES,
  type Alert,
  type Channel,
  type MarketData,
  type Order,
} from '../../src/protocol';
import type { ActiveScenario, Engine, EngineConfig, EngineEvent, EngineSnapshot } from '../engine/types';

/** Terminal orders kept for REST, newest first, as the engine keeps a bounded recent list. */
const RECENT_ORDERS = 200;
const TERMINAL: ReadonlySet<string> = new Set(TERMINAL_ORDER_STATUSES);
/** Below this a number is not an epoch-ms time (e.g. a duration or uptime): left alone. */
const EPOCH_MS_FLOOR = 1e12;
const NEWLINE = 0x0a;

const isTimeKey = (key: string) =>
  key === 'time' || key === 'timestamp' || key === 'lastHeartbeat' || key.endsWith('At');

type ToTime = (t: number) => number;

/**
 * Map every epoch-ms time field in `value` by `toTime`, in place. A walk after a plain
 * `JSON.parse` costs about a third of a reviver, which is called back for every value.
 */
function shiftTimes<T>(value: T, toTime: ToTime): T {
  const object = value as Record<string, unknown>;
  for (const key in object) {
    const field = object[key];
    if (typeof field === 'object' && field !== null) {
      shiftTimes(field, toTime);
    } else if (typeof field === 'number' && field >= EPOCH_MS_FLOOR && isTimeKey(key)) {
      object[key] = toTime(field);
    }
  }
  return value;
}

/**
 * Every recorded event of `bytes` in order, each as where its line lies, with the time and channel
 * that line was checked to have (every line is parsed once to check it; errors name the line).
 */
function recordedLines(bytes: Buffer, file: string, toTime: ToTime): RecordedLines {
  const recorded: RecordedLines = { bytes, times: [], channels: [], starts: [], ends: [] };
  for (let start = 0, lineNumber = 1; start < bytes.length; lineNumber += 1) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline === -1 ? bytes.length : newline;
    const line = bytes.toString('utf8', start, end);
    if (line.trim() !== '') {
      const event = parseLine(line, lineNumber, file, toTime);
      const last = recorded.times.length - 1;
      if (last >= 0 && event.time < recorded.times[last]) {
        throw new Error(
          `--replay: ${file} line ${lineNumber} goes back in time; recordings are in time order, re-record the file.`
        );
      }
      recorded.times.push(event.time);
      recorded.channels.push(event.channel);
      recorded.starts.push(start);
      recorded.ends.push(end);
    }
    start = end + 1;
  }
  if (recorded.times.length === 0) {
    throw new Error(`--replay: ${file} holds no events; record some with mci-sim record --duration 1m --out ${file}.`);
  }
  return recorded;
}

/** The recorded event at `index`, parsed from its line (which was checked when it was read). */
function recordedEvent(recorded: RecordedLines, index: number, toTime: ToTime): EngineEvent {
  const line = recorded.bytes.toString('utf8', recorded.starts[index], recorded.ends[index]);
  return parseLine(line, index + 1, '(recording)', toTime);
}

function parseLine(line: string, lineNumber: number, file: string, toTime: ToTime): EngineEvent {
  let parsed: { time?: unknown; channel?: unknown; data?: unknown };
  try {
    parsed = shiftTimes(JSON.parse(line) as typeof parsed, toTime);
  } catch (error) {
    throw new Error(
      `--replay: ${file} line ${lineNumber} is not JSON (${(error as Error).message}); give a file written by mci-sim record.`
    );
  }
  if (
    typeof parsed.time !== 'number' ||
    !(CHANNELS as readonly unknown[]).includes(parsed.channel) ||
    typeof parsed.data !== 'object'
  ) {
    throw new Error(
      `--replay: ${file} line ${lineNumber} is not a recorded event (needs "time", a known "channel" and "data"); give a file written by mci-sim record.`
    );
  }
  return { time: parsed.time, channel: parsed.channel as Channel, data: parsed.data } as EngineEvent;
}

/** Parse the recording with every time field mapped by `toTime`; errors name the line. */
export function parseRecording(text: string, file: string, toTime: (t: number) => number = (t) => t): EngineEvent[] {
  const recorded = recordedLines(Buffer.from(text, 'utf8'), file, toTime);
  return recorded.times.map((_, index) => recordedEvent(recorded, index, toTime));
}

/**
 * A recording kept as the file's bytes and where each line lies, each event parsed again when it
 * is due. Held parsed, a two-minute recording is millions of small objects on the heap, and every
 * full garbage collection of a replaying server marks them all: pauses of the event loop of
 * several hundred milliseconds while clients wait. As bytes it is outside the heap, and parsing
 * one line when it is due costs microseconds.
 */
interface RecordedLines {
  bytes: Buffer;
  /** Each event's due time (already mapped). */
  times: number[];
  channels: Channel[];
  /** Each event's line in `bytes`: from `starts[i]` up to (not including) `ends[i]`. */
  starts: number[];
  ends: number[];
}

export interface ReplayOptions {
  /** The server's `--speed`: virtual seconds per real second (default 1). */
  speed?: number;
}

/** A recorded time → the wall-clock time it is due, for a replay starting at `start`. */
export function scheduledTime(recorded: number, firstRecorded: number, start: number, speed: number): number {
  return Math.round(start + (recorded - firstRecorded) / speed);
}

/** The first line gives the first recorded time; every line is then checked with its times mapped to when they are due. */
export function createReplayEngine(file: string, config: EngineConfig, options: ReplayOptions = {}): Engine {
  const speed = options.speed ?? 1;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new Error(
      `--replay: cannot read ${file} (${(error as Error).message}); give a file written by mci-sim record.`
    );
  }
  const firstEnd = bytes.indexOf(NEWLINE);
  const firstTime = parseRecording(bytes.toString('utf8', 0, firstEnd === -1 ? bytes.length : firstEnd), file)[0].time;
  const toTime = (t: number) => scheduledTime(t, firstTime, config.startTime, speed);
  return new ReplayEngine(recordedLines(bytes, file, toTime), toTime, config.startTime, speed, file);
}

/**
 * The order to forget when the recent list is full: the oldest terminal one, else the oldest. A
 * walk over the map, not a copy of it: this runs for every order event of a long replay.
 */
function oldestClosedOrOldest(orders: Map<string, Order>): Order {
  for (const order of orders.values()) {
    if (TERMINAL.has(order.status)) {
      return order;
    }
  }
  return orders.values().next().value!;
}

class ReplayEngine implements Engine {
  private clock: number;
  private next = 0;
  private readonly latest = new Map<Channel, EngineEvent['data']>();
  private readonly orders = new Map<string, Order>();
  private readonly alerts = new Map<string, Alert>();
  readonly symbols: readonly string[];

  /**
   * `events` carry their due wall-clock times; the clock is virtual (`speed` times faster), so an
   * event is due when the clock reaches `startTime + (time − startTime) × speed`.
   */
  constructor(
    private readonly recorded: RecordedLines,
    private readonly toTime: ToTime,
    private readonly startTime: number,
    private readonly speed: number,
    private readonly file: string
  ) {
    this.clock = startTime;
    // The state before the first event of each state channel is its first recorded value.
    for (const channel of ['positions', 'account', 'health', 'market', 'services'] as const) {
      const first = recorded.channels.indexOf(channel);
      if (first === -1) {
        throw new Error(
          `--replay: ${file} has no ${channel} event, so the server has no state to start from; record at least 5 s (mci-sim record --duration 1m).`
        );
      }
      this.latest.set(channel, this.event(first).data);
    }
    const market = this.latest.get('market') as { symbols: Record<string, unknown> };
    this.symbols = Object.keys(market.symbols);
  }

  now(): number {
    return this.clock;
  }

  private virtualTime(wallTime: number): number {
    return this.startTime + (wallTime - this.startTime) * this.speed;
  }

  nextEventTime(): number {
    const { times } = this.recorded;
    return this.next < times.length ? this.virtualTime(times[this.next]) : Number.POSITIVE_INFINITY;
  }

  advance(ms: number): EngineEvent[] {
    this.clock += ms;
    const { times } = this.recorded;
    const due: EngineEvent[] = [];
    while (this.next < times.length && this.virtualTime(times[this.next]) <= this.clock) {
      const event = this.event(this.next);
      this.next += 1;
      this.remember(event);
      due.push(event);
    }
    return due;
  }

  private event(index: number): EngineEvent {
    return recordedEvent(this.recorded, index, this.toTime);
  }

  private remember(event: EngineEvent): void {
    this.latest.set(event.channel, event.data);
    if (event.channel === 'orders') {
      const { order } = event.data;
      this.orders.delete(order.id);
      this.orders.set(order.id, order);
      if (this.orders.size > RECENT_ORDERS) {
        this.orders.delete(oldestClosedOrOldest(this.orders).id);
      }
    } else if (event.channel === 'alerts') {
      if (event.data.type === 'raised') {
        this.alerts.set(event.data.alert.id, event.data.alert);
      } else {
        this.alerts.delete(event.data.alert.id);
      }
    }
  }

  snapshot(): EngineSnapshot {
    const data = <C extends Channel>(channel: C) =>
      this.latest.get(channel) as Extract<EngineEvent, { channel: C }>['data'];
    const { timestamp: _account, ...account } = data('account');
    const { timestamp: _health, ...health } = data('health');
    const market = data('market');
    return {
      // Wall-clock time, like the events' fields.
      timestamp: Math.round(this.startTime + (this.clock - this.startTime) / this.speed),
      positions: data('positions').positions,
      orders: [...this.orders.values()].reverse(),
      account,
      health,
      market: Object.entries(market.symbols).map(
        ([symbol, quote]): MarketData => ({
          symbol,
          ...quote,
          high: quote.high ?? quote.price,
          low: quote.low ?? quote.price,
          open: quote.open ?? quote.price,
          timestamp: quote.timestamp ?? market.timestamp,
        })
      ),
      services: data('services'),
      alerts: [...this.alerts.values()],
    };
  }

  startScenario(): ActiveScenario {
    throw new Error(
      `Scenarios cannot start while the server replays ${this.file}: the recording already fixes every event. Record the scenario instead (mci-sim record --scenario NAME@OFFSET).`
    );
  }

  stopScenario(): boolean {
    return false;
  }

  activeScenarios(): ActiveScenario[] {
    return [];
  }
}
