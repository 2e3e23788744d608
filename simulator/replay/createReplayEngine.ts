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
 * times faster than the wall clock, as the EngineDriver expects).
 *
 * `readReplay` reads and parses the whole file before the server exists, so the server's start
 * (and the recording's first event) comes after the parse: parsing takes seconds for a large
 * file, and a clock started before it would send the events due meanwhile in one burst as soon as
 * the server listened. Once played out the server stays up with no new events.
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

/** One line of a recording, parsed as recorded (times unchanged); errors name the line. */
function checkedEvent(line: string, lineNumber: number, file: string): EngineEvent {
  let parsed: { time?: unknown; channel?: unknown; data?: unknown };
  try {
    // A plain parse: a reviver, called for every key, made parsing 2.5 times slower.
    parsed = JSON.parse(line) as typeof parsed;
  } catch (error) {
    throw new Error(
      `--replay: ${file} line ${lineNumber} is not JSON (${(error as Error).message}); give a file written by mci-sim record.`
    );
  }
  if (
    typeof parsed.time !== 'number' ||
    !(CHANNELS as readonly unknown[]).includes(parsed.channel) ||
    typeof parsed.data !== 'object' ||
    parsed.data === null
  ) {
    throw new Error(
      `--replay: ${file} line ${lineNumber} is not a recorded event (needs "time", a known "channel" and "data"); give a file written by mci-sim record.`
    );
  }
  return { time: parsed.time, channel: parsed.channel as Channel, data: parsed.data } as EngineEvent;
}

/**
 * Every line of a recording checked in order (`onEvent` gets each event, as recorded, with where
 * its line lies in `bytes`); errors name the line.
 */
function eachRecordedLine(
  bytes: Buffer,
  file: string,
  onEvent: (event: EngineEvent, start: number, end: number) => void
): void {
  let count = 0;
  let lastTime = Number.NEGATIVE_INFINITY;
  for (let start = 0, lineNumber = 1; start < bytes.length; lineNumber += 1) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline === -1 ? bytes.length : newline;
    const line = bytes.toString('utf8', start, end);
    if (line.trim() !== '') {
      const event = checkedEvent(line, lineNumber, file);
      if (event.time < lastTime) {
        throw new Error(
          `--replay: ${file} line ${lineNumber} goes back in time; recordings are in time order, re-record the file.`
        );
      }
      lastTime = event.time;
      count += 1;
      onEvent(event, start, end);
    }
    start = end + 1;
  }
  if (count === 0) {
    throw new Error(`--replay: ${file} holds no events; record some with mci-sim record --duration 1m --out ${file}.`);
  }
}

/** Parse a recording as recorded (times unchanged); errors name the line. */
export function parseRecording(text: string, file: string): EngineEvent[] {
  const events: EngineEvent[] = [];
  eachRecordedLine(Buffer.from(text, 'utf8'), file, (event) => events.push(event));
  return events;
}

/** Read and parse a `mci-sim record` file (times as recorded). */
export function readRecording(file: string): EngineEvent[] {
  const events: EngineEvent[] = [];
  eachRecordedLine(readRecordingBytes(file), file, (event) => events.push(event));
  return events;
}

function readRecordingBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new Error(
      `--replay: cannot read ${file} (${(error as Error).message}); give a file written by mci-sim record.`
    );
  }
}

/**
 * What an engine replays: the recorded events in order, each with its due time. From a file
 * (`readReplay`) it is the file's bytes and where each line lies, each event parsed again when it
 * is due: held parsed, a two-minute recording is millions of small objects on the heap, which
 * every full garbage collection of a replaying server marks (pauses of several hundred ms while
 * clients wait); as bytes it is outside the heap, and parsing a line when it is due costs
 * microseconds.
 */
interface Recording {
  readonly length: number;
  /** The due time of event `index`. */
  time(index: number): number;
  channel(index: number): Channel;
  /** Event `index` with its time fields at their due times. */
  event(index: number): EngineEvent;
}

export interface ReplayOptions {
  /** The server's `--speed`: virtual seconds per real second (default 1). */
  speed?: number;
  /** The recording's file, named in errors (default "the recording"). */
  file?: string;
}

/** A recorded time → the wall-clock time it is due, for a replay starting at `start`. */
export function scheduledTime(recorded: number, firstRecorded: number, start: number, speed: number): number {
  return Math.round(start + (recorded - firstRecorded) / speed);
}

/** Map every epoch-ms time field of `value` (objects and arrays, at any depth) in place. */
export function mapTimes(value: Record<string, unknown> | unknown[], toTime: (t: number) => number): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item !== null && typeof item === 'object') {
        mapTimes(item as Record<string, unknown>, toTime);
      }
    }
    return;
  }
  for (const key of Object.keys(value)) {
    const field = value[key];
    if (typeof field === 'number') {
      if (field >= EPOCH_MS_FLOOR && isTimeKey(key)) {
        value[key] = toTime(field);
      }
    } else if (field !== null && typeof field === 'object') {
      mapTimes(field as Record<string, unknown>, toTime);
    }
  }
}

/**
 * An engine replaying `events` (as `parseRecording` returns them) from `config.startTime`. It takes
 * the events over: their time fields are rewritten in place to their due times, so give each
 * engine its own parse.
 */
export function createReplayEngine(events: EngineEvent[], config: EngineConfig, options: ReplayOptions = {}): Engine {
  const speed = options.speed ?? 1;
  const first = events[0].time;
  const toTime = (t: number) => scheduledTime(t, first, config.startTime, speed);
  for (const event of events) {
    event.time = toTime(event.time);
    mapTimes(event.data as Record<string, unknown>, toTime);
  }
  const recording: Recording = {
    length: events.length,
    time: (index) => events[index].time,
    channel: (index) => events[index].channel,
    event: (index) => events[index],
  };
  return new ReplayEngine(recording, config.startTime, speed, options.file ?? 'the recording');
}

/**
 * Read and check `file` now and return the engine factory a server calls with its start time, so
 * the replay's schedule starts when the server does, after the read. The factory starts one engine.
 */
export function readReplay(file: string, options: ReplayOptions = {}): (config: EngineConfig) => Engine {
  const speed = options.speed ?? 1;
  const bytes = readRecordingBytes(file);
  const times: number[] = [];
  const channels: Channel[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  eachRecordedLine(bytes, file, (event, start, end) => {
    times.push(event.time);
    channels.push(event.channel);
    starts.push(start);
    ends.push(end);
  });
  let used = false;
  return (config) => {
    if (used) {
      throw new Error(
        `--replay: ${file} was already handed to an engine; read the file again (readReplay) for another engine.`
      );
    }
    used = true;
    const toTime = (t: number) => scheduledTime(t, times[0], config.startTime, speed);
    const recording: Recording = {
      length: times.length,
      time: (index) => toTime(times[index]),
      channel: (index) => channels[index],
      event: (index) => {
        // Checked when the file was read: it parses, as the same event.
        const event = JSON.parse(bytes.toString('utf8', starts[index], ends[index])) as EngineEvent;
        const due = { time: toTime(event.time), channel: event.channel, data: event.data } as EngineEvent;
        mapTimes(due.data as Record<string, unknown>, toTime);
        return due;
      },
    };
    return new ReplayEngine(recording, config.startTime, speed, file);
  };
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
    private readonly recording: Recording,
    private readonly startTime: number,
    private readonly speed: number,
    private readonly file: string
  ) {
    this.clock = startTime;
    // The state before the first event of each state channel is its first recorded value.
    for (const channel of ['positions', 'account', 'health', 'market', 'services'] as const) {
      let first = 0;
      while (first < recording.length && recording.channel(first) !== channel) {
        first += 1;
      }
      if (first === recording.length) {
        throw new Error(
          `--replay: ${file} has no ${channel} event, so the server has no state to start from; record at least 5 s (mci-sim record --duration 1m).`
        );
      }
      this.latest.set(channel, recording.event(first).data);
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
    const { recording } = this;
    return this.next < recording.length ? this.virtualTime(recording.time(this.next)) : Number.POSITIVE_INFINITY;
  }

  advance(ms: number): EngineEvent[] {
    this.clock += ms;
    const { recording } = this;
    const due: EngineEvent[] = [];
    while (this.next < recording.length && this.virtualTime(recording.time(this.next)) <= this.clock) {
      const event = recording.event(this.next);
      this.next += 1;
      this.remember(event);
      due.push(event);
    }
    return due;
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
