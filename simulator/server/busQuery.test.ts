import { HttpError } from './httpErrors';
import { formatEventId, parseEventId, parseEventTypes, parseLimit, parseSince } from './busQuery';

const EPOCH = 'm0abc-1234abcd';

function rejection(run: () => unknown): { why: string; how: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    const { why = '', how = '' } = (error as HttpError).override;
    return { why, how };
  }
  throw new Error('expected a rejection');
}

describe('event_type', () => {
  it.each([
    [undefined, undefined],
    ['order_event', ['order_event']],
    ['order_event,position_event', ['order_event', 'position_event']],
    [' signal_event , decision_trace ', ['signal_event', 'decision_trace']],
  ])('reads %j as %j', (raw, types) => {
    const parsed = parseEventTypes(raw);
    expect(parsed === undefined ? undefined : [...parsed]).toEqual(types);
  });

  it.each([
    ['order', /"order"/],
    ['order_event,', /an empty name/],
    ['signal_event,Order_Event', /"Order_Event"/],
    [['order_event', 'signal_event'], /more than once/],
  ])('rejects %j, naming the problem and the valid types', (raw, why) => {
    const error = rejection(() => parseEventTypes(raw));
    expect(error.why).toMatch(why);
    expect(error.how).toContain('performance_update');
  });
});

describe('limit', () => {
  it.each([
    [undefined, 100],
    ['1', 1],
    ['5000', 5000],
  ])('reads %j as %i', (raw, limit) => expect(parseLimit(raw)).toBe(limit));

  it.each(['0', '5001', '-1', '2.5', 'ten', ''])('rejects %j', (raw) => {
    expect(rejection(() => parseLimit(raw)).why).toContain('limit');
  });
});

describe('event ids and since', () => {
  it('writes and reads an id with its epoch', () => {
    expect(parseEventId(formatEventId(EPOCH, 42), 'other', 'Last-Event-ID')).toEqual({ epoch: EPOCH, seq: 42 });
  });

  it.each([
    ['17', { kind: 'id', point: { epoch: EPOCH, seq: 17 } }],
    [`${EPOCH}:9`, { kind: 'id', point: { epoch: EPOCH, seq: 9 } }],
    ['old-epoch:9', { kind: 'id', point: { epoch: 'old-epoch', seq: 9 } }],
    ['2025-01-06T09:15:00Z', { kind: 'time', ms: Date.parse('2025-01-06T09:15:00Z') }],
    ['2025-01-06T09:15:00.250+05:30', { kind: 'time', ms: Date.parse('2025-01-06T09:15:00.250+05:30') }],
    ['2025-01-06', { kind: 'time', ms: Date.parse('2025-01-06') }],
  ])('reads since=%s', (raw, since) => expect(parseSince(raw, EPOCH)).toEqual(since));

  it.each(['yesterday', '', 'abc:', ':12', '2025-13-45T99:99:00Z', '12.5'])('rejects since=%j', (raw) => {
    expect(rejection(() => parseSince(raw, EPOCH)).how).toContain('ISO 8601');
  });

  it.each(['', 'abc', 'x:y', '1e3'])('rejects the event id %j', (raw) => {
    expect(rejection(() => parseEventId(raw, EPOCH, 'Last-Event-ID')).why).toContain('Last-Event-ID');
  });
});
