import { parseScenarioAnswer, parseScenarioCommand } from './scenarioCommands';

const base = { id: 'r1', replyTo: 'mci:control:reply:g1' };

describe('parseScenarioCommand', () => {
  it.each([
    ['a start with a duration', { ...base, op: 'start', run: { name: 'cpu-spike', offsetMs: 0, durationMs: 60_000 } }],
    ['a start without a duration', { ...base, op: 'start', run: { name: 'cpu-spike', offsetMs: 5000 } }],
    ['a stop', { ...base, op: 'stop', name: 'cpu-spike' }],
  ])('reads %s as it was sent', (_, command) => {
    expect(parseScenarioCommand(JSON.stringify(command))).toEqual(command);
  });

  it.each([
    ['text that is not JSON', 'start cpu-spike'],
    ['an array', '[]'],
    ['a command without an id', JSON.stringify({ replyTo: 'x', op: 'stop', name: 'cpu-spike' })],
    ['a command without a reply channel', JSON.stringify({ id: 'r1', op: 'stop', name: 'cpu-spike' })],
    ['an unknown operation', JSON.stringify({ ...base, op: 'restart', name: 'cpu-spike' })],
    ['an unknown scenario', JSON.stringify({ ...base, op: 'stop', name: 'meteor' })],
    ['a negative offset', JSON.stringify({ ...base, op: 'start', run: { name: 'cpu-spike', offsetMs: -1 } })],
    [
      'a duration that is not a number',
      JSON.stringify({ ...base, op: 'start', run: { name: 'cpu-spike', offsetMs: 0, durationMs: '1m' } }),
    ],
  ])('refuses %s', (_, text) => {
    expect(parseScenarioCommand(text)).toBeUndefined();
  });

  it('keeps only the fields of a run, whatever else the message carries', () => {
    const text = JSON.stringify({ ...base, op: 'start', run: { name: 'cpu-spike', offsetMs: 0, extra: 1 }, more: 2 });
    expect(parseScenarioCommand(text)).toEqual({ ...base, op: 'start', run: { name: 'cpu-spike', offsetMs: 0 } });
  });
});

describe('parseScenarioAnswer', () => {
  it.each([
    ['an answer', JSON.stringify({ id: 'r1', ok: true, active: null }), true],
    ['an answer without an id', JSON.stringify({ ok: true }), false],
    ['an answer without ok', JSON.stringify({ id: 'r1' }), false],
    ['text that is not JSON', '{', false],
  ])('reads %s: %s', (_, text, expected) => {
    expect(parseScenarioAnswer(text) !== undefined).toBe(expected);
  });
});
