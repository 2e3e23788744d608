/**
 * The engine: wires markets, trading, service metrics, alerts and scenarios onto one virtual
 * clock. Everything happens in "jobs" that fire at fixed virtual times (market tick, service
 * sample, strategy bar, positions/account/health publication); `advance(ms)` runs every job due
 * in the span, in time order, ties broken by a fixed job order, and returns the events.
 */
import { Faker, en } from '@faker-js/faker';
import type { Alert, Position, SystemHealth } from '../../src/protocol';
import { createActivityFactory, type ActivityDetails } from './activity';
import { createAlertMonitor } from './alertMonitor';
import { ENGINE_DEFAULTS, tradingDayOf } from './defaults';
import { formatDuration } from './duration';
import { CALM_MARKET, createMarket, type MarketShock } from './market';
import { toPaise } from './money';
import { createRandom, deriveSeed } from './random';
import { isScenarioName } from './scenarioSpec';
import { crashDriftPerMs, envelope, SCENARIOS, scenarioTarget, targetLevel } from './scenarios';
import { createServiceMetricsGenerator, type MetricOverride, type OverrideKey } from './serviceMetrics';
import { resolveSymbols } from './symbols';
import { METRIC_CAP, resolveThresholds } from './thresholds';
import { createTrading, type TradingConditions } from './trading';
import type {
  ActiveScenario,
  Engine,
  EngineConfig,
  EngineEvent,
  EngineSnapshot,
  ScenarioName,
  ScenarioRun,
} from './types';

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

  const market = createMarket(specs, createRandom(deriveSeed(seed, 'market')), tickMs);
  const generator = createServiceMetricsGenerator(createRandom(deriveSeed(seed, 'services')), thresholds);
  const monitor = createAlertMonitor(thresholds, newId);
  const trading = createTrading({
    market,
    random: createRandom(deriveSeed(seed, 'trading')),
    activity,
    initialCashPaise: toPaise(initialCash),
    ordersPerSecond,
    tickMs,
  });

  let now = startTime;
  let day = tradingDayOf(startTime);
  let lastHeartbeat = startTime;
  let lastEngineSampleAt = startTime;
  let engineMetrics = generator.engine(startTime, 0, new Map());
  let services = generator.sample(startTime, 0, new Map());
  let lastPositions: Position[] = [];
  const scenarios: Array<ActiveScenario & { announced: boolean; finished: boolean }> = [];
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

  const jobs: Job[] = [
    { name: 'market', everyMs: tickMs, nextAt: startTime + tickMs },
    { name: 'bar', everyMs: ENGINE_DEFAULTS.barMs, nextAt: startTime + ENGINE_DEFAULTS.barMs },
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

  for (const run of config.scenarios ?? []) {
    schedule(run, startTime);
  }

  function schedule(run: ScenarioRun, from: number): ActiveScenario {
    if (!isScenarioName(run.name)) {
      throw new Error(`Unknown scenario "${String(run.name)}": use one of ${Object.keys(SCENARIOS).join(', ')}.`);
    }
    const offsetMs = run.offsetMs;
    const durationMs = run.durationMs ?? SCENARIOS[run.name].defaultDurationMs;
    if (!(Number.isSafeInteger(offsetMs) && offsetMs >= 0)) {
      throw new Error(
        `Invalid offset ${offsetMs} for scenario ${run.name}: expected whole milliseconds ≥ 0, e.g. 30000.`
      );
    }
    if (!(Number.isSafeInteger(durationMs) && durationMs > 0)) {
      throw new Error(
        `Invalid duration ${durationMs} for scenario ${run.name}: expected whole milliseconds > 0, e.g. 120000.`
      );
    }
    const instance = {
      name: run.name,
      offsetMs,
      durationMs,
      startedAt: from + offsetMs,
      endsAt: from + offsetMs + durationMs,
      announced: false,
      finished: false,
    };
    scenarios.push(instance);
    return publicScenario(instance);
  }

  const isRunning = (s: ActiveScenario, time: number) => s.startedAt <= time && time < s.endsAt;

  /** Announce scenario starts and ends due by `time` as activity entries; forget finished ones. */
  function updateScenarios(time: number, out: EngineEvent[]): void {
    for (const s of scenarios) {
      if (!s.announced && s.startedAt <= time) {
        s.announced = true;
        const details: ActivityDetails = { kind: 'scenario_started', scenario: s.name, endsAt: s.endsAt };
        const text = `Scenario ${s.name} started for ${formatDuration(s.durationMs)}: ${SCENARIOS[s.name].description}`;
        const severity = SCENARIOS[s.name].alert ? 'warning' : 'info';
        out.push({ channel: 'activity', time, data: activity('system', severity, text, details, time) });
      }
      if (s.announced && !s.finished && s.endsAt <= time) {
        s.finished = true;
        const details: ActivityDetails = { kind: 'scenario_ended', scenario: s.name };
        out.push({
          channel: 'activity',
          time,
          data: activity('system', 'info', `Scenario ${s.name} ended`, details, time),
        });
      }
    }
    // Keep finished scenarios until their wind-down ramp is over; they still shape the metrics.
    for (let i = scenarios.length - 1; i >= 0; i--) {
      if (scenarios[i].finished && envelope(scenarios[i], time) === 0 && time >= scenarios[i].endsAt) {
        scenarios.splice(i, 1);
      }
    }
  }

  function overridesAt(time: number): Map<OverrideKey, MetricOverride> {
    const out = new Map<OverrideKey, MetricOverride>();
    for (const s of scenarios) {
      const definition = SCENARIOS[s.name];
      const weight = envelope(s, time);
      const target = scenarioTarget(definition, thresholds);
      if (weight <= 0 || target === undefined || definition.alert === undefined) {
        continue;
      }
      const { service, metric, severity } = definition.alert;
      out.set(`${service}.${metric}`, { target, weight });
      for (const name of definition.engine ?? []) {
        out.set(`engine.${name}`, { target: targetLevel(thresholds[name], severity, METRIC_CAP[name]), weight });
      }
    }
    return out;
  }

  function shockAt(time: number): MarketShock {
    let shock = CALM_MARKET;
    for (const s of scenarios) {
      if (!isRunning(s, time)) {
        continue;
      }
      const definition = SCENARIOS[s.name];
      shock = {
        volatilityMultiplier: shock.volatilityMultiplier * (definition.volatilityMultiplier ?? 1),
        driftPerMs: shock.driftPerMs + crashDriftPerMs(s, time),
      };
    }
    return shock;
  }

  function conditionsAt(time: number): TradingConditions {
    let stalled = false;
    let rejectProbability: number = ENGINE_DEFAULTS.backgroundRejectProbability;
    let extraOrdersPerSecond = 0;
    let rejectReason: string | undefined;
    for (const s of scenarios) {
      if (!isRunning(s, time)) {
        continue;
      }
      const definition = SCENARIOS[s.name];
      stalled ||= definition.stall === true;
      if (definition.rejections) {
        rejectProbability = Math.max(rejectProbability, definition.rejections.probability);
        extraOrdersPerSecond += definition.rejections.extraOrdersPerSecond;
        rejectReason = `scenario ${s.name}`;
      }
    }
    return { stalled, rejectProbability, extraOrdersPerSecond, rejectReason };
  }

  function isStalled(time: number): boolean {
    return scenarios.some((s) => isRunning(s, time) && SCENARIOS[s.name].stall === true);
  }

  function health(time: number): SystemHealth {
    return {
      ...engineMetrics,
      uptime: time - startTime,
      lastHeartbeat,
      status: statusOf(monitor.active()),
      timestamp: time,
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
        market.tick(job.everyMs, shockAt(time));
        trading.tick(time, conditionsAt(time), out);
        out.push({ channel: 'market', time, data: { symbols: market.quotes(time), timestamp: time } });
        return;
      }
      case 'bar':
        trading.bar(time, conditionsAt(time), out);
        return;
      case 'services': {
        services = generator.sample(time, job.everyMs, overridesAt(time));
        out.push({ channel: 'services', time, data: services });
        for (const change of monitor.evaluate(services, time)) {
          out.push({ channel: 'alerts', time, data: { type: change.type, alert: change.alert, timestamp: time } });
          out.push({ channel: 'activity', time, data: alertActivity(change.type, change.alert, time) });
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
        engineMetrics = generator.engine(time, time - lastEngineSampleAt, overridesAt(time));
        lastEngineSampleAt = time;
        if (!isStalled(time)) {
          lastHeartbeat = time;
        }
        out.push({ channel: 'health', time, data: health(time) });
        return;
      }
    }
  }

  function alertActivity(type: 'raised' | 'resolved', alert: Alert, time: number) {
    const details: ActivityDetails = {
      kind: type === 'raised' ? 'alert_raised' : 'alert_resolved',
      alertId: alert.id,
      service: alert.service,
      metric: alert.metric,
      severity: alert.severity,
      value: alert.value,
      threshold: alert.threshold,
    };
    if (type === 'resolved') {
      return activity('system', 'info', `Resolved: ${alert.message}`, details, time);
    }
    const text = `${alert.severity === 'critical' ? 'Critical' : 'Warning'}: ${alert.message}`;
    return activity('system', alert.severity === 'critical' ? 'error' : 'warning', text, details, time);
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
        updateScenarios(time, out);
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
    startScenario(run) {
      const started = schedule(run, now);
      // A scenario of the same name already running gives way to the new one.
      for (const s of scenarios) {
        if (s.name === run.name && s.startedAt < started.startedAt && s.endsAt > started.startedAt) {
          s.endsAt = started.startedAt;
        }
      }
      return started;
    },
    stopScenario(name: ScenarioName) {
      let stopped = false;
      for (let i = scenarios.length - 1; i >= 0; i--) {
        const s = scenarios[i];
        if (s.name !== name || s.endsAt <= now) {
          continue;
        }
        if (s.startedAt > now) {
          // Scheduled but not started: cancel it.
          scenarios.splice(i, 1);
        } else {
          // durationMs stays the planned one: a stopped leak winds down from where it had grown to.
          s.endsAt = now;
        }
        stopped = true;
      }
      return stopped;
    },
    activeScenarios: () => scenarios.filter((s) => isRunning(s, now)).map(publicScenario),
    scheduledScenarios: () => scenarios.filter((s) => s.endsAt > now).map(publicScenario),
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

function publicScenario(s: ActiveScenario): ActiveScenario {
  return { name: s.name, offsetMs: s.offsetMs, durationMs: s.durationMs, startedAt: s.startedAt, endsAt: s.endsAt };
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

function assertRate(name: string, value: number, min: number, max: number): void {
  if (!(Number.isFinite(value) && value >= min && value <= max)) {
    throw new Error(`Invalid ${name} ${value}: expected a number between ${min} and ${max}.`);
  }
}
