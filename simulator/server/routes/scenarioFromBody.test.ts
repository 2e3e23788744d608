import { scenarioFromBody } from './scenarioFromBody';

describe('scenarioFromBody', () => {
  it.each([
    [{ scenario: 'cpu-spike@0s/2m' }, { name: 'cpu-spike', offsetMs: 0, durationMs: 120_000 }],
    [
      { name: 'cpu-spike', offset: '30s', duration: '2m' },
      { name: 'cpu-spike', offsetMs: 30_000, durationMs: 120_000 },
    ],
    [{ name: 'flash-crash' }, { name: 'flash-crash', offsetMs: 0 }],
    [
      { name: 'latency-storm', offset: 1500, duration: 60_000 },
      { name: 'latency-storm', offsetMs: 1500, durationMs: 60_000 },
    ],
  ])('reads %j', (body, expected) => {
    expect(scenarioFromBody(body)).toEqual(expected);
  });

  it.each([
    [undefined, /not a JSON object/],
    [[1], /not a JSON object/],
    [{}, /neither "scenario" nor "name"/],
    [{ name: 'meteor' }, /unknown scenario "meteor"/],
    [{ name: 'cpu-spike', duration: true }, /duration must be a duration/],
    [{ scenario: 'cpu-spike@soon' }, /bad offset/],
  ])('rejects %j with a reason', (body, why) => {
    try {
      scenarioFromBody(body);
      throw new Error('accepted');
    } catch (error) {
      expect((error as { code?: string }).code).toBe('INVALID_MESSAGE');
      expect((error as Error).message).toMatch(why);
    }
  });
});
