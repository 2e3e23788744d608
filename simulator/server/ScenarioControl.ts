/**
 * Starting and stopping anomaly scenarios, as the control API does it: on the engine of this
 * process (`mci-sim serve`, and the engine process of a scale-out), or carried over Redis to the
 * engine process from a gateway (`RedisScenarioControl`, docs/scaling.md). Async because the
 * second answers only once the engine did.
 */
import type { ActiveScenario, Engine, ScenarioName, ScenarioRun } from '../engine/types';

export interface ScenarioControl {
  start(run: ScenarioRun): Promise<ActiveScenario>;
  /** The scenarios still active after stopping `name`; undefined when it was not running. */
  stop(name: ScenarioName): Promise<ActiveScenario[] | undefined>;
}

/** The control of an engine in this process; `scheduleChanged` wakes its driver. */
export function localScenarioControl(engine: Engine, scheduleChanged: () => void): ScenarioControl {
  return {
    async start(run) {
      const active = engine.startScenario(run);
      scheduleChanged();
      return active;
    },
    async stop(name) {
      if (!engine.stopScenario(name)) {
        return undefined;
      }
      scheduleChanged();
      return engine.activeScenarios();
    },
  };
}
