/**
 * The public contract of the simulator engine, fixed up front so the server, the
 * recorder and the load tools can be built against it. The engine is a deterministic model with
 * no I/O: it advances on a virtual clock the caller drives and returns canonical events, already
 * at the spec's cadence (market 1 s, positions 1 s when changed, account and health 5 s,
 * services 1 s, orders/activity/alerts/strategy on each change). Sequence numbers are the
 * server's business, not the engine's.
 */
import type {
  AccountMetrics,
  Alert,
  Channel,
  DataMessageOf,
  MarketData,
  Order,
  Position,
  ServiceMetricName,
  ServiceMetrics,
  ServiceName,
  SystemHealth,
} from '../../src/protocol';

/** One canonical event: what goes on the wire as `{event: CHANNEL_EVENTS[channel], data}`. */
export type EngineEvent = {
  [C in Channel]: { channel: C; /** virtual epoch ms */ time: number; data: DataMessageOf<C>['data'] };
}[Channel];

export type ScenarioName =
  | 'normal'
  | 'volatile-market'
  | 'flash-crash'
  | 'cpu-spike'
  | 'latency-storm'
  | 'error-burst'
  | 'memory-leak'
  | 'engine-stall'
  | 'order-rejections'
  | 'runaway-orders'
  | 'stale-market';

/** `name@offset/duration` as data: offset from the engine's start (or from now when started live). */
export interface ScenarioRun {
  name: ScenarioName;
  offsetMs: number;
  /** Omitted: the scenario's documented default duration. */
  durationMs?: number;
}

export interface ActiveScenario extends Required<ScenarioRun> {
  startedAt: number;
  endsAt: number;
}

export interface SymbolSpec {
  symbol: string;
  /** Price at the open. */
  price: number;
  /** Annualised volatility, e.g. 0.25. */
  volatility: number;
}

export interface Threshold {
  warning: number;
  critical: number;
  /** 'above' for latency, error_rate, cpu, memory; 'below' for throughput. */
  direction: 'above' | 'below';
}

export type Thresholds = Record<ServiceMetricName, Threshold>;

/**
 * How busy the strategies are. `lively` (the default, for demos): five-second bars, about ten
 * orders a minute, and the engine joins a session under way with open positions and working
 * orders. `realistic`: one-minute bars, about one order a minute, starting flat.
 */
export type EngineProfile = 'lively' | 'realistic';

export interface EngineConfig {
  seed: number;
  /** Virtual epoch ms at which the engine starts (the server passes the wall clock at start). */
  startTime: number;
  /** Symbols by name (known NSE symbols get realistic levels) or full specs; default ~20 NSE symbols. */
  symbols?: Array<string | SymbolSpec>;
  /**
   * Extension: size of the universe. Fewer than `symbols` (or the defaults) keeps the first ones;
   * more invents further NSE-looking names deterministically from the seed (load tests use 500).
   */
  symbolCount?: number;
  scenarios?: ScenarioRun[];
  thresholds?: Partial<Thresholds>;
  /** Load controls (see docs/load.md): market ticks per second per symbol, new orders per second. */
  rates?: { marketTicksPerSecond?: number; ordersPerSecond?: number };
  initialCash?: number;
  /**
   * Pre-trade risk limits (`tradingControls.ts`): order submissions per second before the
   * exchange gateway throttles; default `ENGINE_DEFAULTS.orderMessagesPerSecond`, raised to twice
   * `rates.ordersPerSecond`.
   */
  limits?: { orderMessagesPerSecond?: number };
  /** Extension: the strategies' cadence and start, `lively` unless set (see `EngineProfile`). */
  profile?: EngineProfile;
}

export interface EngineSnapshot {
  timestamp: number;
  positions: Position[];
  /** Open orders and the most recent terminal ones, newest first. */
  orders: Order[];
  account: AccountMetrics;
  health: SystemHealth;
  market: MarketData[];
  services: ServiceMetrics;
  /** Active alerts. */
  alerts: Alert[];
}

export interface Engine {
  /** Current virtual time, epoch ms. */
  now(): number;
  /** Virtual time at which the next event is due (lets a server sleep exactly until then). */
  nextEventTime(): number;
  /** Advance the virtual clock by `ms` and return every event due in that span, in time order. */
  advance(ms: number): EngineEvent[];
  snapshot(): EngineSnapshot;
  /** Start a scenario `offsetMs` from now (live control API). */
  startScenario(run: ScenarioRun): ActiveScenario;
  /** Stop a running scenario; false when it was not running. */
  stopScenario(name: ScenarioName): boolean;
  activeScenarios(): ActiveScenario[];
  /**
   * Extension: running and not yet started scenarios (the control API may list both). Optional
   * so existing implementations of this interface stay valid; `createEngine` provides it.
   */
  scheduledScenarios?(): ActiveScenario[];
  readonly symbols: readonly string[];
}

export type ServiceMetricKey = `${ServiceName}.${ServiceMetricName}`;
