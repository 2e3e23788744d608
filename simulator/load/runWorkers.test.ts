import { shares } from './runWorkers';
import { formatProgress } from './format';

describe('shares', () => {
  it.each([
    [10, 3, [4, 3, 3]],
    [2, 2, [1, 1]],
    [7, 1, [7]],
  ])('splits %i clients over %i workers as %j', (total, parts, expected) => {
    expect(shares(total, parts)).toEqual(expected);
    expect(shares(total, parts).reduce((a, b) => a + b, 0)).toBe(total);
  });
});

describe('formatProgress', () => {
  it('shows the second, clients, rates, p99 and the counters', () => {
    expect(
      formatProgress({
        elapsedMs: 12_300,
        durationMs: 60_000,
        open: 200,
        target: 200,
        messagesPerSecond: 41_322.4,
        bytesPerSecond: 16_200_000,
        p99Ms: 3.414,
        gaps: 0,
        errors: 1,
        reconnects: 2,
      })
    ).toBe('[12/60s]  clients 200/200  msgs 41,322/s  16.20 MB/s  p99 3.41ms  gaps 0  errors 1  reconnects 2');
  });
});
