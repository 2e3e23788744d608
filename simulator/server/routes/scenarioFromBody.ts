/**
 * The body of `POST /api/sim/scenarios`, in either of its two spellings, as a scenario run; a
 * rejection says which part is wrong and what a good body looks like.
 */
import { parseScenarioRun, SCENARIO_NAMES } from '../../engine/scenarioSpec';
import type { ScenarioRun } from '../../engine/types';
import { HttpError } from '../httpErrors';

/** `{"scenario": "cpu-spike@0s/2m"}` or `{"name": "cpu-spike", "offset": "0s", "duration": "2m"}`. */
export function scenarioFromBody(body: unknown): ScenarioRun {
  const reject = (why: string) =>
    new HttpError('INVALID_MESSAGE', {
      what: 'Scenario rejected',
      why,
      how: `Send {"scenario": "cpu-spike@0s/2m"} or {"name": "cpu-spike", "offset": "0s", "duration": "2m"}; names: ${SCENARIO_NAMES.join(', ')}`,
    });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw reject('The body is not a JSON object');
  }
  const { scenario, name, offset, duration } = body as Record<string, unknown>;
  let text: string;
  if (typeof scenario === 'string') {
    text = scenario;
  } else if (typeof name === 'string') {
    const part = (value: unknown, label: string) => {
      if (value === undefined) {
        return '';
      }
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
        return `${value}ms`;
      }
      if (typeof value === 'string') {
        return value;
      }
      throw reject(`${label} must be a duration such as "30s" or a number of milliseconds`);
    };
    const offsetText = part(offset, 'offset');
    const durationText = part(duration, 'duration');
    text = `${name}@${offsetText || '0s'}${durationText ? `/${durationText}` : ''}`;
  } else {
    throw reject('The body has neither "scenario" nor "name"');
  }
  try {
    return parseScenarioRun(text);
  } catch (error) {
    throw reject((error as Error).message);
  }
}
