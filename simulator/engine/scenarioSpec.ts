/**
 * Scenario scripts as data: `name@offset/duration` (e.g. `cpu-spike@30s/2m`), so tests, the CLI
 * and the control API replay exactly the same thing. Offset and duration use `parseDuration`.
 */
import { parseDuration } from './duration';
import type { ScenarioName, ScenarioRun } from './types';

/** Every scenario the engine knows, in the order the docs list them. */
export const SCENARIO_NAMES = [
  'normal',
  'volatile-market',
  'flash-crash',
  'cpu-spike',
  'latency-storm',
  'error-burst',
  'memory-leak',
  'engine-stall',
  'order-rejections',
  'runaway-orders',
  'stale-market',
] as const satisfies readonly ScenarioName[];

const nameSet: ReadonlySet<string> = new Set(SCENARIO_NAMES);

export function isScenarioName(value: unknown): value is ScenarioName {
  return typeof value === 'string' && nameSet.has(value);
}

const HOW = 'write NAME[@OFFSET][/DURATION], e.g. cpu-spike@30s/2m or flash-crash@1m';

/**
 * Parse one `NAME[@OFFSET][/DURATION]`. Offset defaults to 0 (now); a missing duration means the
 * scenario's documented default. Throws an Error saying what, why and how.
 */
export function parseScenarioRun(text: string): ScenarioRun {
  const input = typeof text === 'string' ? text.trim() : '';
  const match = /^([a-z-]+)(?:@([^/]*))?(?:\/(.*))?$/.exec(input);
  if (match === null) {
    throw new Error(`Invalid scenario "${String(text)}": it is not of the form NAME@OFFSET/DURATION; ${HOW}.`);
  }
  const [, name, offsetText, durationText] = match;
  if (!isScenarioName(name)) {
    throw new Error(`Invalid scenario "${text}": unknown scenario "${name}"; use one of ${SCENARIO_NAMES.join(', ')}.`);
  }
  const run: ScenarioRun = { name, offsetMs: 0 };
  if (offsetText !== undefined) {
    run.offsetMs = parsePart(text, 'offset', offsetText);
  }
  if (durationText !== undefined) {
    const durationMs = parsePart(text, 'duration', durationText);
    if (durationMs <= 0) {
      throw new Error(`Invalid scenario "${text}": the duration must be longer than 0; ${HOW}.`);
    }
    run.durationMs = durationMs;
  }
  return run;
}

/** Parse a whole script: each entry is one `NAME@OFFSET/DURATION`. */
export function parseScenarioScript(texts: readonly string[]): ScenarioRun[] {
  return texts.map(parseScenarioRun);
}

/** The canonical text of a run, the inverse of `parseScenarioRun`. */
export function formatScenarioRun(run: ScenarioRun): string {
  const duration = run.durationMs === undefined ? '' : `/${formatMs(run.durationMs)}`;
  return `${run.name}@${formatMs(run.offsetMs)}${duration}`;
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function parsePart(text: string, what: string, part: string): number {
  try {
    return parseDuration(part);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`Invalid scenario "${text}": bad ${what}. ${why}`);
  }
}
