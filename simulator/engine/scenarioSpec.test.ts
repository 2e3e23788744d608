import { formatScenarioRun, parseScenarioRun, SCENARIO_NAMES } from './scenarioSpec';

describe('parseScenarioRun', () => {
  it.each([
    ['cpu-spike@30s/2m', { name: 'cpu-spike', offsetMs: 30_000, durationMs: 120_000 }],
    ['flash-crash@1m', { name: 'flash-crash', offsetMs: 60_000 }],
    ['memory-leak', { name: 'memory-leak', offsetMs: 0 }],
    ['engine-stall/45s', { name: 'engine-stall', offsetMs: 0, durationMs: 45_000 }],
    ['latency-storm@1h30m/500ms', { name: 'latency-storm', offsetMs: 5_400_000, durationMs: 500 }],
  ])('reads %s', (text, run) => {
    expect(parseScenarioRun(text)).toEqual(run);
  });

  it.each([
    ['cpu-spik@30s', /unknown scenario "cpu-spik"; use one of normal, volatile-market/],
    ['cpu-spike@soon', /bad offset.*e\.g\. 500ms/],
    ['cpu-spike@0s/abc', /bad duration/],
    ['cpu-spike@0s/0s', /longer than 0/],
    ['CPU_SPIKE', /not of the form NAME@OFFSET\/DURATION/],
    ['', /not of the form/],
  ])('rejects %j, saying why', (text, why) => {
    expect(() => parseScenarioRun(text)).toThrow(why);
  });

  it('lists the eleven anomaly scenarios', () => {
    expect(SCENARIO_NAMES).toHaveLength(11);
    for (const name of SCENARIO_NAMES) {
      expect(parseScenarioRun(`${name}@0s`).name).toBe(name);
    }
  });

  it('formats a run back to a string that parses to the same run', () => {
    const run = { name: 'error-burst' as const, offsetMs: 90_000, durationMs: 1500 };
    expect(parseScenarioRun(formatScenarioRun(run))).toEqual(run);
  });
});
