import type { ReceiverResult } from '../lib/receiver';
import { firstFullGcAfter, memorySamples, readerFault, signed, type MemorySample } from './overload';

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

describe('firstFullGcAfter', () => {
  const sample = (t: number, majorGcs: number): MemorySample => ({
    t,
    rssMb: 200,
    rssAnonMb: 150,
    rssFileMb: 50,
    heapUsedMb: 60,
    heapTotalMb: 90,
    externalMb: 20,
    arrayBuffersMb: 15,
    majorGcs,
  });

  it('skips the collections counted by the time the server was ready', () => {
    const samples = [sample(100, 1), sample(300, 2), sample(500, 2), sample(700, 3), sample(900, 4)];
    expect(firstFullGcAfter(samples, 400)).toBe(samples[3]);
  });

  it('counts from the first sample when none was taken by then', () => {
    const samples = [sample(500, 2), sample(700, 2), sample(900, 3)];
    expect(firstFullGcAfter(samples, 400)).toBe(samples[2]);
  });

  it('finds none while the count has not moved since ready', () => {
    expect(firstFullGcAfter([sample(100, 2), sample(500, 2), sample(700, 2)], 400)).toBeUndefined();
    expect(firstFullGcAfter([], 400)).toBeUndefined();
  });
});

describe('memorySamples', () => {
  it('reads the probe lines among the log lines and skips one split by another chunk', () => {
    const log = [
      '{"level":30,"msg":"listening","port":1234}',
      '{"memoryProbe":{"t":1,"rssMb":200,"majorGcs":1}}',
      '{"memoryProbe":{"t":2,"rssMb":2{"level":30,"msg":"closing connection"}',
      '{"memoryProbe":{"t":3,"rssMb":210,"majorGcs":2}}',
    ].join('\n');
    expect(memorySamples(log).map((s) => [s.t, s.majorGcs])).toEqual([
      [1, 1],
      [3, 2],
    ]);
  });
});

describe('signed', () => {
  it.each([
    [1.54, '+1.5'],
    [-3.24, '−3.2'],
    [0, '+0'],
    [-0.01, '+0'],
  ])('%p → %p', (value, text) => {
    expect(signed(value)).toBe(text);
  });
});
