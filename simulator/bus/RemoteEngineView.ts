/**
 * What a gateway knows of the engine running in another process: the engine's full snapshot
 * (orders, alerts, active scenarios, symbols), which the engine process writes to Redis twice a
 * second and every gateway reads back. It serves REST's orders and alerts; the state channels come
 * from the bus itself. Scenarios run on the engine process: the control routes reach it through
 * `RedisScenarioControl`, so this view's own start and stop are never the way and refuse.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ActiveScenario, Engine, EngineEvent, EngineSnapshot } from '../engine/types';
import { HttpError } from '../server/httpErrors';

/** How often the engine process writes its snapshot, and each gateway reads it. */
export const SNAPSHOT_INTERVAL_MS = 500;

/** The engine's state as it travels through Redis. */
export interface PublishedSnapshot {
  snapshot: EngineSnapshot;
  activeScenarios: ActiveScenario[];
  symbols: string[];
}

const EMPTY: PublishedSnapshot = {
  snapshot: {
    timestamp: 0,
    positions: [],
    orders: [],
    account: {
      equity: 0,
      cash: 0,
      buyingPower: 0,
      portfolioValue: 0,
      dayPL: 0,
      dayPLPercent: 0,
      totalPL: 0,
      totalPLPercent: 0,
    },
    health: { status: 'healthy', latency: 0, uptime: 0, cpu: 0, memory: 0, lastHeartbeat: 0 },
    market: [],
    services: {
      services: Object.fromEntries(
        ['auth', 'api', 'database', 'cache', 'queue'].map((name) => [
          name,
          { latency: 0, throughput: 0, error_rate: 0, cpu: 0, memory: 0 },
        ])
      ) as EngineSnapshot['services']['services'],
      timestamp: 0,
    },
    alerts: [],
  },
  activeScenarios: [],
  symbols: [],
};

const ON_ENGINE = new HttpError(
  'SERVER_ERROR',
  {
    what: 'Scenarios are controlled on the engine process',
    why: 'This is a gateway (mci-sim gateway): it serves clients from Redis and runs no engine',
    how: 'Use POST /api/sim/scenarios, which carries the command to mci-sim engine over Redis',
  },
  501
);

export class RemoteEngineView implements Engine {
  private current: PublishedSnapshot = EMPTY;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly logger: Logger
  ) {}

  /** Read the snapshot now and then every `SNAPSHOT_INTERVAL_MS` until `stop()`. */
  start(): void {
    const read = () => {
      this.redis
        .get(this.key)
        .then((text) => {
          if (text !== null) {
            this.current = JSON.parse(text) as PublishedSnapshot;
          }
        })
        .catch((error: unknown) => this.logger.debug({ err: error }, 'reading the engine snapshot failed'))
        .finally(() => {
          if (this.timer !== undefined) {
            this.timer = setTimeout(read, SNAPSHOT_INTERVAL_MS);
          }
        });
    };
    this.timer = setTimeout(read, 0);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  get symbols(): readonly string[] {
    return this.current.symbols;
  }

  now(): number {
    return this.current.snapshot.timestamp;
  }

  nextEventTime(): number {
    return Number.POSITIVE_INFINITY;
  }

  advance(): EngineEvent[] {
    return [];
  }

  snapshot(): EngineSnapshot {
    return this.current.snapshot;
  }

  activeScenarios(): ActiveScenario[] {
    return this.current.activeScenarios;
  }

  startScenario(): ActiveScenario {
    throw ON_ENGINE;
  }

  stopScenario(): boolean {
    throw ON_ENGINE;
  }
}
