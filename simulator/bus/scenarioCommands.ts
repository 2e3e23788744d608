/**
 * The scenario commands a gateway sends the engine process over Redis (docs/scaling.md), and their
 * answers: JSON on pub/sub, checked on arrival because anything connected to Redis can publish.
 */
import { isScenarioName } from '../engine/scenarioSpec';
import type { ActiveScenario, ScenarioName, ScenarioRun } from '../engine/types';
import type { ErrorBody } from '../server/httpErrors';

export type ScenarioCommand = { id: string; replyTo: string } & (
  | { op: 'start'; run: ScenarioRun }
  | { op: 'stop'; name: ScenarioName }
);

export type ScenarioAnswer =
  | { id: string; ok: true; started: ActiveScenario }
  | { id: string; ok: true; active: ActiveScenario[] | null }
  | { id: string; ok: false; status: number; body: ErrorBody };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isDuration = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** A command as the engine received it; undefined when it is not one. */
export function parseScenarioCommand(text: string): ScenarioCommand | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value) || typeof value.id !== 'string' || typeof value.replyTo !== 'string') {
    return undefined;
  }
  const { id, replyTo } = value;
  if (value.op === 'stop' && isScenarioName(value.name)) {
    return { id, replyTo, op: 'stop', name: value.name };
  }
  const run = value.run;
  if (
    value.op === 'start' &&
    isObject(run) &&
    isScenarioName(run.name) &&
    isDuration(run.offsetMs) &&
    (run.durationMs === undefined || isDuration(run.durationMs))
  ) {
    const durationMs = run.durationMs as number | undefined;
    return {
      id,
      replyTo,
      op: 'start',
      run: { name: run.name, offsetMs: run.offsetMs as number, ...(durationMs === undefined ? {} : { durationMs }) },
    };
  }
  return undefined;
}

/** An answer as the gateway received it; undefined when it is not one. */
export function parseScenarioAnswer(text: string): ScenarioAnswer | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) && typeof value.id === 'string' && typeof value.ok === 'boolean'
      ? (value as ScenarioAnswer)
      : undefined;
  } catch {
    return undefined;
  }
}
