/**
 * The engine: wires markets, trading, service metrics, alerts and scenarios onto one virtual
 * clock. Everything happens in "jobs" that fire at fixed virtual times (market tick, service
 * sample, strategy bar, positions/account/health publication); `advance(ms)` runs every job due
 * in the span, in time order, ties broken by a fixed job order, and returns the events. What the
 * scenarios impose at each instant comes from `scenarioSchedule.ts`; trading from `trading.ts`.
 */
import { Faker, en } from '@faker-js/faker';
import type { Alert, Position, SystemHealth } from '../../src/protocol';
import { alertActivity, createActivityFactory } from './activity';
import { createAlertMonitor } from './alertMonitor';
import { ENGINE_DEFAULTS, ENGINE_PROFILES, tradingDayOf, type EngineProfileSettings } from './defaults';
import { createMarket } from './market';
import { toPaise } from './money';
import { createRandom, deriveSeed } from './random';
import { createScenarioSchedule } from './scenarioSchedule';
import { createServiceMetricsGenerator } from './serviceMetrics';
import { resolveSymbols } from './symbols';
import { resolveThresholds } from './thresholds';
import { createTrading } from './trading';
import type { TradingLimits } from './tradingControls';
import type { Engine, EngineConfig, EngineEvent, EngineSnapshot } from './types';

type JobName = 'market' | 'bar' | 'services' | 'positions' | 'account' | 'health';

interface Job {
  name: JobName;
  everyMs: number;
  nextAt: number;
}

export function createEngine(config: EngineConfig): Engine {
  const { seed, startTime } = validateConfig(config);
  const faker = new Faker({ locale: [en] });
  faker.seed(deriveSeed(seed, 'faker'));
  const newId = () => faker.string.uuid();
  const activity = createActivityFactory(newId);
  const thresholds = resolveThresholds(config.thresholds);
  const specs = resolveSymbols(config.symbols, config.symbolCount, seed, faker);
  const ticksPerSecond = config.rates?.marketTicksPerSecond ?? ENGINE_DEFAULTS.marketTicksPerSecond;
  const ordersPerSecond = config.rates?.ordersPerSecond ?? ENGINE_DEFAULTS.ordersPerSecond;
  assertRate('rates.marketTicksPerSecond', ticksPerSecond, 0.001, 1000);
  assertRate('rates.ordersPerSecond', ordersPerSecond, 0, 100_000);
  const initialCash = config.initialCash ?? ENGINE_DEFAULTS.initialCash;
  if (!(Number.isFinite(initialCash) && initialCash > 0)) {
    throw new Error(`Invalid initialCash ${initialCash}: expected an amount > 0 in account currency, e.g. 1000000.`);
  }
  const tickMs = Math.max(1, Math.round(1000 / ticksPerSecond));
  const profile = resolveProfile(config.profile);

  const market = createMarket(specs, createRandom(deriveSeed(seed, 'market')), tickMs);
  const generator = createServiceMetricsGenerator(createRandom(deriveSeed(seed, 'services')), thresholds);
  const monitor = createAlertMonitor(thresholds, newId);
  const trading = createTrading({
    market,
    random: createRandom(deriveSeed(seed, 'trading')),
    activity,
    initialCashPaise: toPaise(initialCash),
    ordersPerSecond,
    startTime,
    limits: resolveLimits(config.limits, ordersPerSecond),
    tickMs,
    barMs: profile.barMs,
    barTimeframe: profile.barTimeframe,
  });

  let now = startTime;
  let day = tradingDayOf(startTime);
  let lastHeartbeat = startTime;
  let lastEngineSampleAt = startTime;
  let engineMetrics = generator.engine(startTime, 0, new Map());
  let services = generator.sample(startTime, 0, new Map());
  let lastPositions: Position[] = [];
  const pending: EngineEvent[] = [
    {
      channel: 'activity',
      time: startTime,
      data: activity(
        'system',
        'info',
        `Simulated engine started: ${specs.length} symbols, seed ${seed}`,
        { kind: 'engine_started', seed, symbols: specs.length },
        startTime
      ),
    },
  ];
  if (profile.joinMidSession) {
    trading.joinSession(startTime, pending);
  }

  const jobs: Job[] = [
    { name: 'market', everyMs: tickMs, nextAt: startTime + tickMs },
    { name: 'bar', everyMs: profile.barMs, nextAt: startTime + profile.barMs },
    {
      name: 'services',
      everyMs: ENGINE_DEFAULTS.servicesIntervalMs,
      nextAt: startTime + ENGINE_DEFAULTS.servicesIntervalMs,
    },
    {
      name: 'positions',
      everyMs: ENGINE_DEFAULTS.positionsIntervalMs,
      nextAt: startTime + ENGINE_DEFAULTS.positionsIntervalMs,
    },
    {
      name: 'account',
      everyMs: ENGINE_DEFAULTS.accountIntervalMs,
      nextAt: startTime + ENGINE_DEFAULTS.accountIntervalMs,
    },
    { name: 'health', everyMs: ENGINE_DEFAULTS.healthIntervalMs, nextAt: startTime + ENGINE_DEFAULTS.healthIntervalMs },
  ];

  const scenarios = createScenarioSchedule(thresholds, activity);
  for (const run of config.scenarios ?? []) {
    scenarios.schedule(run, startTime);
  }

  function health(time: number): SystemHealth {
    return {
      ...engineMetrics,
      uptime: time - startTime,
      lastHeartbeat,
      status: statusOf(monitor.active()),
      timestamp: time,
      trading: trading.tradingState(),
    };
  }

  function runJob(job: Job, time: number, out: EngineEvent[]): void {
    switch (job.name) {
      case 'market': {
        const today = tradingDayOf(time);
        if (today !== day) {
          day = today;
          market.rollDay();
          trading.startDay();
          out.push({
            channel: 'activity',
            time,
            data: activity(
              'system',
              'info',
              'New trading day: day P&L and market statistics reset',
              { kind: 'day_rolled' },
              time
            ),
          });
        }
        market.tick(job.everyMs, scenarios.shockAt(time), time);
        const tradingChanged = trading.tick(time, scenarios.conditionsAt(time), out);
        out.push({ channel: 'market', time, data: { symbols: market.quotes(time), timestamp: time } });
        if (tradingChanged !== undefined) {
          // Published at once, not at the next health cadence: the kill switch is alerted on.
          out.push({ channel: 'health', time, data: health(time) });
        }
        return;
      }
      case 'bar':
        trading.bar(time, scenarios.conditionsAt(time), out);
        return;
      case 'services': {
        services = generator.sample(time, job.everyMs, scenarios.overridesAt(time));
        out.push({ channel: 'services', time, data: services });
        for (const change of monitor.evaluate(services, time)) {
          out.push({ channel: 'alerts', time, data: { type: change.type, alert: change.alert, timestamp: time } });
          out.push({ channel: 'activity', time, data: alertActivity(activity, change.type, change.alert, time) });
        }
        return;
      }
      case 'positions': {
        const positions = trading.positions();
        if (!samePositions(positions, lastPositions)) {
          lastPositions = positions;
          out.push({ channel: 'positions', time, data: { positions, timestamp: time } });
        }
        return;
      }
      case 'account':
        out.push({ channel: 'account', time, data: trading.account(time) });
        return;
      case 'health': {
        engineMetrics = generator.engine(time, time - lastEngineSampleAt, scenarios.overridesAt(time));
        lastEngineSampleAt = time;
        if (!scenarios.isStalled(time)) {
          lastHeartbeat = time;
        }
        out.push({ channel: 'health', time, data: health(time) });
        return;
      }
    }
  }

  function nextJobTime(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const job of jobs) {
      next = Math.min(next, job.nextAt);
    }
    return next;
  }

  return {
    symbols: specs.map((spec) => spec.symbol),
    now: () => now,
    nextEventTime: () => (pending.length > 0 ? now : nextJobTime()),
    advance(ms) {
      if (!(Number.isFinite(ms) && ms >= 0)) {
        throw new Error(`Cannot advance the engine by ${ms} ms: expected a finite number of milliseconds ≥ 0.`);
      }
      const target = now + ms;
      const out = pending.splice(0, pending.length);
      for (let time = nextJobTime(); time <= target; time = nextJobTime()) {
        scenarios.update(time, out);
        for (const job of jobs) {
          if (job.nextAt === time) {
            runJob(job, time, out);
            job.nextAt += job.everyMs;
          }
        }
        now = time;
      }
      now = target;
      return out;
    },
    snapshot(): EngineSnapshot {
      return {
        timestamp: now,
        positions: trading.positions(),
        orders: trading.orders(),
        account: trading.account(now),
        health: health(now),
        market: market.marketData(now),
        services,
        alerts: monitor.active(),
      };
    },
    startScenario: (run) => scenarios.start(run, now),
    stopScenario: (name) => scenarios.stop(name, now),
    activeScenarios: () => scenarios.active(now),
    scheduledScenarios: () => scenarios.scheduled(now),
  };
}

/** Positions are published when anything in them changed (a fill, or a held symbol's price). */
function samePositions(a: readonly Position[], b: readonly Position[]): boolean {
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (
      x.symbol !== y.symbol ||
      x.qty !== y.qty ||
      x.side !== y.side ||
      x.currentPrice !== y.currentPrice ||
      x.entryPrice !== y.entryPrice
    ) {
      return false;
    }
  }
  return true;
}

function statusOf(alerts: readonly Alert[]): SystemHealth['status'] {
  if (alerts.some((alert) => alert.severity === 'critical')) {
    return 'critical';
  }
  return alerts.length > 0 ? 'degraded' : 'healthy';
}

function validateConfig(config: EngineConfig): { seed: number; startTime: number } {
  if (!Number.isSafeInteger(config.seed)) {
    throw new Error(`Invalid seed ${config.seed}: expected a whole number, e.g. 42.`);
  }
  if (!(Number.isSafeInteger(config.startTime) && config.startTime >= 0)) {
    throw new Error(
      `Invalid startTime ${config.startTime}: expected epoch milliseconds ≥ 0, e.g. 1736135100000 (2025-01-06 09:15 IST).`
    );
  }
  return { seed: config.seed, startTime: config.startTime };
}

function resolveProfile(name: EngineConfig['profile']): EngineProfileSettings {
  const profile = name ?? ENGINE_DEFAULTS.profile;
  if (!Object.hasOwn(ENGINE_PROFILES, profile)) {
    throw new Error(
      `Invalid profile "${String(profile)}": use ${Object.keys(ENGINE_PROFILES).join(' or ')} (lively: about ten orders a minute from the first second; realistic: about one a minute).`
    );
  }
  return ENGINE_PROFILES[profile];
}

function resolveLimits(limits: EngineConfig['limits'], ordersPerSecond: number): TradingLimits {
  const orderMessagesPerSecond =
    limits?.orderMessagesPerSecond ?? Math.max(ENGINE_DEFAULTS.orderMessagesPerSecond, 2 * ordersPerSecond);
  assertRate('limits.orderMessagesPerSecond', orderMessagesPerSecond, 1, 1_000_000);
  return {
    orderMessagesPerSecond,
    killSwitchAfterMs: ENGINE_DEFAULTS.killSwitchAfterMs,
    killSwitchCooldownMs: ENGINE_DEFAULTS.killSwitchCooldownMs,
  };
}

function assertRate(name: string, value: number, min: number, max: number): void {
  if (!(Number.isFinite(value) && value >= min && value <= max)) {
    throw new Error(`Invalid ${name} ${value}: expected a number between ${min} and ${max}.`);
  }
}
