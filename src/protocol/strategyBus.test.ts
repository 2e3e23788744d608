import * as v from 'valibot';
import { SPEC002_EXAMPLES } from './fixtures/spec002Examples';
import { StrategyEventSchema } from './schemas';
import { BUS_EVENT_TYPES, BusEventSchema, isBusEventType, toBusEvent } from './strategyBus';

describe('the spec 002 codec', () => {
  it('covers each of the eight spec 002 types with one example', () => {
    expect(SPEC002_EXAMPLES.map((example) => example.spec.type)).toEqual([...BUS_EVENT_TYPES]);
  });

  it.each(SPEC002_EXAMPLES.map((example) => [example.spec.type, example] as const))(
    'turns the wire form of %s into spec 002’s example',
    (_type, { wire, spec }) => {
      expect(toBusEvent(v.parse(StrategyEventSchema, wire))).toEqual(spec);
      expect(v.safeParse(BusEventSchema, spec).success).toBe(true);
    }
  );

  it('adds the reason of a rejected order and nothing for a filled one', () => {
    const order = SPEC002_EXAMPLES[2].wire;
    const rejected = { ...order, status: 'rejected', reason: 'RMS: margin shortfall' };
    expect(toBusEvent(v.parse(StrategyEventSchema, rejected)).payload).toMatchObject({
      status: 'rejected',
      reason: 'RMS: margin shortfall',
    });
    expect(toBusEvent(v.parse(StrategyEventSchema, order)).payload).not.toHaveProperty('reason');
  });
});

describe('the spec 002 schema', () => {
  const signal = SPEC002_EXAMPLES[0].spec;

  it.each([
    ['an unknown type', { ...signal, type: 'rumour_event' }],
    ['an epoch-millisecond timestamp', { ...signal, timestamp: 1763452541123 }],
    ['a timestamp that is not a time', { ...signal, timestamp: '2025-13-45T99:00:00Z' }],
    ['a camelCase field', { ...signal, payload: { ...signal.payload, strategyName: 'x' } }],
    ['a missing field', { ...signal, payload: { symbol: 'NIFTY' } }],
    ['a confidence above 1', { ...signal, payload: { ...signal.payload, confidence: 1.5 } }],
  ])('rejects %s', (_name, event) => {
    expect(v.safeParse(BusEventSchema, event).success).toBe(false);
  });

  it('knows exactly the eight type names', () => {
    expect(BUS_EVENT_TYPES.filter(isBusEventType)).toHaveLength(8);
    expect(isBusEventType('signal')).toBe(false);
  });
});
