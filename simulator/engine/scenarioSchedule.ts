/**
 * The scenarios on the engine's clock: the scripted and live-started runs, when each starts and
 * ends (announced as activity entries), and what the running ones impose at an instant: metric
 * overrides for the service and health generators, a shock for the market, conditions for
 * trading, and whether the engine is stalled. Finished scenarios stay until their wind-down ramp
 * is over, because they still shape the metrics.
 */
import { CALM_MARKET, type MarketShock } from './market';
import type { ActivityDetails, ActivityFactory } from './activity';
import { ENGINE_DEFAULTS } from './defaults';
import { formatDuration } from './duration';
import { isScenarioName } from './scenarioSpec';
import { crashDriftPerMs, envelope, isAlertingScenario, SCENARIOS, scenarioTarget, targetLevel } from './scenarios';
import type { MetricOverride, OverrideKey } from './serviceMetrics';
import { METRIC_CAP } from './thresholds';
import type { TradingConditions } from './trading';
import type { ActiveScenario, EngineEvent, ScenarioName, ScenarioRun, Thresholds } from './types';

export interface ScenarioSchedule {
  /** Validate a run and schedule it `run.offsetMs` after `from`; throws what/why/how on a bad run. */
  schedule(run: ScenarioRun, from: number): ActiveScenario;
  /** Start a run now (after its offset); a running scenario of the same name gives way to it. */
  start(run: ScenarioRun, now: number): ActiveScenario;
  /** End a running scenario now or cancel a scheduled one; false when there was none. */
  stop(name: ScenarioName, now: number): boolean;
  /** Announce scenario starts and ends due by `time` as activity entries; forget finished ones. */
  update(time: number, out: EngineEvent[]): void;
  overridesAt(time: number): Map<OverrideKey, MetricOverride>;
  shockAt(time: number): MarketShock;
  conditionsAt(time: number): TradingConditions;
  isStalled(time: number): boolean;
  /** Running at `now`. */
  active(now: number): ActiveScenario[];
  /** Running or not yet started at `now`. */
  scheduled(now: number): ActiveScenario[];
}

type ScheduledScenario = ActiveScenario & { announced: boolean; finished: boolean };

export function createScenarioSchedule(thresholds: Thresholds, activity: ActivityFactory): ScenarioSchedule {
  const scenarios: ScheduledScenario[] = [];

  const isRunning = (s: ActiveScenario, time: number) => s.startedAt <= time && time < s.endsAt;

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

  return {
    schedule,
    start(run, now) {
      const started = schedule(run, now);
      // A scenario of the same name already running gives way to the new one.
      for (const s of scenarios) {
        if (s.name === run.name && s.startedAt < started.startedAt && s.endsAt > started.startedAt) {
          s.endsAt = started.startedAt;
        }
      }
      return started;
    },
    stop(name, now) {
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
    update(time, out) {
      for (const s of scenarios) {
        if (!s.announced && s.startedAt <= time) {
          s.announced = true;
          const details: ActivityDetails = { kind: 'scenario_started', scenario: s.name, endsAt: s.endsAt };
          const text = `Scenario ${s.name} started for ${formatDuration(s.durationMs)}: ${SCENARIOS[s.name].description}`;
          const severity = isAlertingScenario(SCENARIOS[s.name]) ? 'warning' : 'info';
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
    },
    overridesAt(time) {
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
    },
    shockAt(time) {
      let shock = CALM_MARKET;
      for (const s of scenarios) {
        if (!isRunning(s, time)) {
          continue;
        }
        const definition = SCENARIOS[s.name];
        shock = {
          volatilityMultiplier: shock.volatilityMultiplier * (definition.volatilityMultiplier ?? 1),
          driftPerMs: shock.driftPerMs + crashDriftPerMs(s, time),
          staleShare: Math.max(shock.staleShare, definition.staleFeed?.symbolShare ?? 0),
        };
      }
      return shock;
    },
    conditionsAt(time) {
      let stalled = false;
      let rejectProbability: number = ENGINE_DEFAULTS.backgroundRejectProbability;
      let extraOrdersPerSecond = 0;
      let rejectReason: string | undefined;
      let runawayLimitMultiple = 0;
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
        runawayLimitMultiple = Math.max(runawayLimitMultiple, definition.runaway?.limitMultiple ?? 0);
      }
      return { stalled, rejectProbability, extraOrdersPerSecond, rejectReason, runawayLimitMultiple };
    },
    isStalled: (time) => scenarios.some((s) => isRunning(s, time) && SCENARIOS[s.name].stall === true),
    active: (now) => scenarios.filter((s) => isRunning(s, now)).map(publicScenario),
    scheduled: (now) => scenarios.filter((s) => s.endsAt > now).map(publicScenario),
  };
}

/** A scenario as the public contract shows it, without the schedule's bookkeeping. */
function publicScenario(s: ActiveScenario): ActiveScenario {
  return { name: s.name, offsetMs: s.offsetMs, durationMs: s.durationMs, startedAt: s.startedAt, endsAt: s.endsAt };
}
