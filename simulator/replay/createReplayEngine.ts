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
 * times faster than the wall clock, as the EngineDriver expects). The file is read whole at start;
 * once played out the server stays up with no new events.
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

const isTimeKey = (key: string) =>
  key === 'time' || key === 'timestamp' || key === 'lastHeartbeat' || key.endsWith('At');

/** Parse the recording with every time field mapped by `toTime`; errors name the line. */
export function parseRecording(text: string, file: string, toTime: (t: number) => number = (t) => t): EngineEvent[] {
  const events: EngineEvent[] = [];
  const shift = (key: string, value: unknown) =>
    typeof value === 'number' && isTimeKey(key) && value >= EPOCH_MS_FLOOR ? toTime(value) : value;
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') {
      return;
    }
    let parsed: { time?: unknown; channel?: unknown; data?: unknown };
    try {
      parsed = JSON.parse(line, (key, value) => shift(key, value));
    } catch (error) {
      throw new Error(
        `--replay: ${file} line ${index + 1} is not JSON (${(error as Error).message}); give a file written by mci-sim record.`
      );
    }
    if (
      typeof parsed.time !== 'number' ||
      !(CHANNELS as readonly unknown[]).includes(parsed.channel) ||
      typeof parsed.data !== 'object'
    ) {
      throw new Error(
        `--replay: ${file} line ${index + 1} is not a recorded event (needs "time", a known "channel" and "data"); give a file written by mci-sim record.`
      );
    }
    if (events.length > 0 && parsed.time < events[events.length - 1].time) {
      throw new Error(
        `--replay: ${file} line ${index + 1} goes back in time; recordings are in time order, re-record the file.`
      );
    }
    events.push({ time: parsed.time, channel: parsed.channel as Channel, data: parsed.data } as EngineEvent);
  });
  if (events.length === 0) {
    throw new Error(`--replay: ${file} holds no events; record some with mci-sim record --duration 1m --out ${file}.`);
  }
  return events;
}

export interface ReplayOptions {
  /** The server's `--speed`: virtual seconds per real second (default 1). */
  speed?: number;
}

/** A recorded time → the wall-clock time it is due, for a replay starting at `start`. */
export function scheduledTime(recorded: number, firstRecorded: number, start: number, speed: number): number {
  return Math.round(start + (recorded - firstRecorded) / speed);
}

/** A first pass reads the first recorded time, a second parses with every time mapped to its due time. */
export function createReplayEngine(file: string, config: EngineConfig, options: ReplayOptions = {}): Engine {
  const speed = options.speed ?? 1;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `--replay: cannot read ${file} (${(error as Error).message}); give a file written by mci-sim record.`
    );
  }
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  const firstTime = parseRecording(firstLine, file)[0].time;
  const events = parseRecording(text, file, (t) => scheduledTime(t, firstTime, config.startTime, speed));
  return new ReplayEngine(events, config.startTime, speed, file);
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
    private readonly events: EngineEvent[],
    private readonly startTime: number,
    private readonly speed: number,
    private readonly file: string
  ) {
    this.clock = startTime;
    // The state before the first event of each state channel is its first recorded value.
    for (const channel of ['positions', 'account', 'health', 'market', 'services'] as const) {
      const first = events.find((event) => event.channel === channel);
      if (first === undefined) {
        throw new Error(
          `--replay: ${file} has no ${channel} event, so the server has no state to start from; record at least 5 s (mci-sim record --duration 1m).`
        );
      }
      this.latest.set(channel, first.data);
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
    return this.next < this.events.length ? this.virtualTime(this.events[this.next].time) : Number.POSITIVE_INFINITY;
  }

  advance(ms: number): EngineEvent[] {
    this.clock += ms;
    const due: EngineEvent[] = [];
    while (this.next < this.events.length && this.virtualTime(this.events[this.next].time) <= this.clock) {
      const event = this.events[this.next];
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
