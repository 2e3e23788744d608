import type { ReceiverResult } from '../lib/receiver';
import { readerFault } from './overload';

const reading = (count: number, early: number, events = count): ReceiverResult => ({
  connected: 5,
  events,
  frames: events,
  bytes: events * 400,
  seconds: 20,
  windowFrom: 0,
  windowTo: 20_000,
  closes: {},
  latency: {
    count,
    minMs: 0,
    meanMs: 3,
    p50Ms: count === 0 ? 0 : 3,
    p90Ms: 4,
    p95Ms: 5,
    p99Ms: count === 0 ? 0 : 9,
    p999Ms: 12,
    maxMs: 20,
  },
  early,
  clockSteps: 0,
});

describe('readerFault', () => {
  it.each([
    { count: 10_000, early: 0, events: 10_000, fault: undefined, why: 'every event timed' },
    { count: 10_000, early: 100, events: 10_000, fault: undefined, why: 'one per cent early is within the clocks' },
    { count: 0, early: 0, events: 0, fault: 'the readers timed no event', why: 'nothing arrived' },
    { count: 0, early: 0, events: 5_000, fault: 'the readers timed no event', why: 'events arrived, none timed' },
    { count: 10_000, early: 9_990, events: 10_000, fault: '9990 of 10000 events timed before', why: 'a clock step' },
  ])('$why: $fault', ({ count, early, events, fault }) => {
    const found = readerFault(reading(count, early, events));
    if (fault === undefined) {
      expect(found).toBeUndefined();
    } else {
      expect(found).toContain(fault);
      expect(found).toContain(`${events} events`);
    }
  });
});
