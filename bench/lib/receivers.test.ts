import type { ReceiverResult } from './receiver';
import { mergeReceiverResults, receiveSpread, splitClients } from './receivers';
import { createHistogram, encodeHistogram, recordMs } from '../../simulator/load/histogram';
import { startSimulator, type RunningSimulator } from '../../tests/support/simulator';

jest.setTimeout(60_000);

function result(overrides: Partial<ReceiverResult>): ReceiverResult {
  return {
    connected: 0,
    events: 0,
    frames: 0,
    bytes: 0,
    seconds: 0,
    windowFrom: 0,
    windowTo: 0,
    closes: {},
    ...overrides,
  };
}

function histogramOf(valuesMs: number[]): string {
  const histogram = createHistogram();
  valuesMs.forEach((ms) => recordMs(histogram, ms));
  return encodeHistogram(histogram);
}

describe('splitClients', () => {
  it.each([
    [10, 3, [4, 3, 3]],
    [512, 2, [256, 256]],
    [3, 2, [2, 1]],
    [1, 4, [1]],
    [7, 1, [7]],
  ])('deals %i client(s) to at most %i receiver(s), none empty', (clients, processes, expected) => {
    expect(splitClients(clients, processes)).toEqual(expected);
  });
});

describe('mergeReceiverResults', () => {
  it('adds the counts and closes and spans the windows', () => {
    const merged = mergeReceiverResults([
      result({
        connected: 3,
        events: 100,
        frames: 90,
        bytes: 1000,
        seconds: 2,
        windowFrom: 1000,
        windowTo: 3000,
        closes: { 1006: 3 },
      }),
      result({
        connected: 2,
        events: 50,
        frames: 40,
        bytes: 500,
        seconds: 2.2,
        windowFrom: 1010,
        windowTo: 3210,
        closes: { 1006: 1, 4004: 1 },
      }),
    ]);
    expect(merged).toMatchObject({
      connected: 5,
      events: 150,
      frames: 130,
      bytes: 1500,
      windowFrom: 1000,
      windowTo: 3210,
      closes: { 1006: 4, 4004: 1 },
    });
    expect(merged.seconds).toBeCloseTo(2.1, 9);
    expect(merged.latency).toBeUndefined();
  });

  it('takes the percentiles of the added histograms, not the mean of each receiver’s', () => {
    // One receiver saw 98 fast events and 2 slow ones, the other 100 fast: the slow ones are 1 %
    // of all, so the merged p99 is fast, where either average of percentiles would not be.
    const merged = mergeReceiverResults([
      result({ latencyHistogram: histogramOf([...Array(98).fill(2), 400, 400]), early: 1, clockSteps: 0 }),
      result({ latencyHistogram: histogramOf(Array(100).fill(3)), early: 2, clockSteps: 1 }),
    ]);
    expect(merged.latency?.count).toBe(200);
    expect(merged.latency?.p99Ms).toBeCloseTo(3, 2);
    expect(merged.latency?.p999Ms).toBeCloseTo(400, 0);
    expect(merged.latency?.maxMs).toBeCloseTo(400, 0);
    expect(merged.early).toBe(3);
    expect(merged.clockSteps).toBe(1);
  });

  it('returns a single result as it is', () => {
    const only = result({ events: 7 });
    expect(mergeReceiverResults([only])).toBe(only);
  });
});

describe('receiveSpread against the real simulator', () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startSimulator({ args: ['--orders-per-second', '50'] });
  });

  afterAll(async () => {
    await sim.stop();
  });

  it('counts what both gated receivers saw, with one latency histogram', async () => {
    const result = await receiveSpread(
      {
        url: sim.wsUrl,
        clients: 4,
        channels: ['orders', 'activity', 'market'],
        batchMs: 0,
        warmupMs: 200,
        windowMs: 1000,
        latency: true,
        // Two for each receiver, which counts until it saw them: four in all means both counted.
        minEvents: 4,
        maxWindowMs: 15_000,
      },
      2
    );
    expect(result.connected).toBe(4);
    expect(result.events).toBeGreaterThanOrEqual(4);
    expect(result.latency?.count).toBeGreaterThan(0);
    expect(result.latency?.count).toBeLessThanOrEqual(result.events);
    expect(result.latencyHistogram).toEqual(expect.any(String));
    expect(result.windowTo).toBeGreaterThan(result.windowFrom);
    // The receivers end their sockets with terminate() (1006): the server closed none.
    expect(Object.keys(result.closes).filter((code) => code !== '1006')).toEqual([]);
  });
});
