import { createHistogram, decodeHistogram, encodeHistogram, recordMs } from './histogram';
import {
  buildReport,
  emptyTotals,
  mergeReports,
  mergeTimelines,
  type LoadReport,
  type LoadSource,
  type Measurements,
} from './report';
import { parseThreshold } from './thresholds';

const SOURCE: LoadSource = {
  host: 'h',
  url: 'ws://127.0.0.1:1/telemetry',
  clients: 2,
  workers: 1,
  channels: ['orders'],
  batchMs: 0,
  churnPerSecond: 0,
  rampMs: 0,
  durationMs: 1000,
  startedAt: 0,
  endedAt: 1000,
};

function measurements(latenciesMs: number[], startedAt: number, errors: Record<string, number>): Measurements {
  const latency = createHistogram();
  const orders = createHistogram();
  latenciesMs.forEach((value) => {
    recordMs(latency, value);
    recordMs(orders, value);
  });
  const connect = createHistogram();
  recordMs(connect, 3);
  return {
    sources: [SOURCE],
    startedAt,
    endedAt: startedAt + 1000,
    totals: {
      ...emptyTotals(),
      connected: 2,
      connectAttempts: 2,
      messages: latenciesMs.length,
      bytes: 300 * latenciesMs.length,
      errors,
    },
    channels: new Map([
      ['orders', { messages: latenciesMs.length, bytes: 300 * latenciesMs.length, gaps: 0, latency: orders }],
    ]),
    histograms: { latency, connect, subscribe: createHistogram() },
  };
}

describe('load reports', () => {
  it('merge adds totals, error codes and histogram counts, and spans both runs', () => {
    const a = buildReport(measurements([1, 2, 3], 0, { RATE_LIMITED: 1 }), []);
    const b = buildReport(measurements([10, 20], 500, { RATE_LIMITED: 2, SERVER_ERROR: 1 }), []);
    const merged = mergeReports(
      [
        { report: a, name: 'a' },
        { report: b, name: 'b' },
      ],
      [parseThreshold('latency.max<15ms')]
    );
    expect(merged.totals.messages).toBe(5);
    expect(merged.totals.bytes).toBe(1500);
    expect(merged.totals.connected).toBe(4);
    expect(merged.totals.errors).toEqual({ RATE_LIMITED: 3, SERVER_ERROR: 1 });
    expect(merged.channels.orders.messages).toBe(5);
    expect(decodeHistogram(merged.histograms.latency, 'merged').totalCount).toBe(5);
    expect(decodeHistogram(merged.histograms.connect, 'merged').totalCount).toBe(2);
    expect(merged.summary.latency.maxMs).toBeCloseTo(20, 1);
    expect(merged.summary.latency.minMs).toBeCloseTo(1, 2);
    expect(merged.durationSeconds).toBe(1.5);
    expect(merged.sources).toHaveLength(2);
    expect(merged.thresholds).toEqual([expect.objectContaining({ threshold: 'latency.max<15ms', passed: false })]);
    expect(merged.passed).toBe(false);
  });

  it('merges timelines second by second: counts and latency add, each run keeps its connections open', () => {
    const interval = (ms: number) => {
      const histogram = createHistogram();
      recordMs(histogram, ms);
      return encodeHistogram(histogram);
    };
    const point = (at: number, messages: number, open: number, ms: number) => ({
      at,
      messages,
      bytes: messages * 10,
      open,
      gaps: 0,
      errors: messages === 7 ? 1 : 0,
      latency: interval(ms),
    });
    const worker = (timeline: LoadReport['timeline']) =>
      ({ report: { ...buildReport(measurements([1], 0, {}), []), timeline }, name: 'w' }) as const;
    const merged = mergeTimelines([
      worker([point(1000, 10, 3, 5), point(2000, 20, 3, 6), point(3000, 30, 3, 7)]),
      // Its second tick was late and its third early: both round to 3 s.
      worker([point(1100, 1, 2, 50), point(2600, 2, 2, 60), point(3400, 7, 1, 70)]),
    ]);
    expect(merged.map(({ at, messages, open, errors }) => ({ at, messages, open, errors }))).toEqual([
      { at: 1000, messages: 11, open: 5, errors: 0 },
      { at: 2000, messages: 20, open: 5, errors: 0 },
      { at: 3000, messages: 39, open: 4, errors: 1 },
    ]);
    expect(decodeHistogram(merged[2].latency, 'merged').totalCount).toBe(3);
  });

  it('says which file is not a report', () => {
    expect(() => decodeHistogram('not base64 at all', 'x.json: histograms.latency')).toThrow(
      'x.json: histograms.latency'
    );
  });
});
