import { createHistogram, encodeHistogram, summarize } from './histogram';
import { LatencyCounts, bucketIndexOf } from './LatencyCounts';

describe('LatencyCounts', () => {
  it.each([
    0,
    1,
    1023,
    1024,
    2047,
    2048,
    2049,
    4095,
    4096,
    123_456,
    2 ** 29 - 1,
    2 ** 29,
    2 ** 31 - 1,
    2 ** 31,
    3_600_000_000,
  ])("puts %d µs in hdr-histogram-js's bucket", (us) => {
    const histogram = createHistogram();
    histogram.recordValue(us);
    const counts = new LatencyCounts();
    counts.record(us);
    const drained = createHistogram();
    counts.drain((value, count) => drained.recordValueWithCount(value, count));
    expect(encodeHistogram(drained)).toBe(encodeHistogram(histogram));
    expect(summarize(drained)).toEqual(summarize(histogram));
    expect(bucketIndexOf(us)).toBeGreaterThanOrEqual(0);
  });

  it('drains into the same histogram as recording each of 20,000 samples of every magnitude', () => {
    let state = 3;
    const next = () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
    const histogram = createHistogram();
    const counts = new LatencyCounts();
    for (let i = 0; i < 20_000; i += 1) {
      const us = Math.floor(2 ** (next() * 31.7));
      histogram.recordValue(us);
      counts.record(us);
    }
    const drained = createHistogram();
    counts.drain((value, count) => drained.recordValueWithCount(value, count));
    expect(drained.totalCount).toBe(20_000);
    expect(encodeHistogram(drained)).toBe(encodeHistogram(histogram));
    expect(summarize(drained)).toEqual(summarize(histogram));
  });

  it('is empty after a drain', () => {
    const counts = new LatencyCounts();
    counts.record(5);
    counts.drain(() => undefined);
    const seen: number[] = [];
    counts.drain((value) => seen.push(value));
    expect(seen).toEqual([]);
  });
});
