import { evaluateThreshold, parseThreshold, ThresholdError, type ThresholdInputs } from './thresholds';

describe('parseThreshold', () => {
  it.each([
    ['latency.p99<50ms', { kind: 'histogram', histogram: 'latency', stat: 'p99', percentile: 99 }, '<', 50],
    ['latency.p999 <= 2s', { kind: 'histogram', histogram: 'latency', stat: 'p999', percentile: 99.9 }, '<=', 2000],
    [
      'latency.orders.p50<500us',
      { kind: 'histogram', histogram: 'latency', channel: 'orders', stat: 'p50', percentile: 50 },
      '<',
      0.5,
    ],
    ['connect.p95<200ms', { kind: 'histogram', histogram: 'connect', stat: 'p95', percentile: 95 }, '<', 200],
    ['subscribe.max<100', { kind: 'histogram', histogram: 'subscribe', stat: 'max' }, '<', 100],
    ['gaps==0', { kind: 'counter', counter: 'gaps' }, '==', 0],
    ['errors==0', { kind: 'counter', counter: 'errors' }, '==', 0],
    ['errors.RATE_LIMITED!=3', { kind: 'counter', counter: 'errors', code: 'RATE_LIMITED' }, '!=', 3],
    ['reconnects>=1', { kind: 'counter', counter: 'reconnects' }, '>=', 1],
    ['messages.rate>1000/s', { kind: 'rate', counter: 'messages' }, '>', 1000],
  ])('%s', (source, metric, op, value) => {
    expect(parseThreshold(source)).toEqual({ source, metric, op, value });
  });

  it.each([
    ['latency<50ms', 'needs one statistic'],
    ['latency.p99<50m', '"m" is not a time unit'],
    ['latency.p0<1ms', 'not a percentile'],
    ['latency.median<1ms', '"median" is not a statistic'],
    ['latency.nochannel.p99<1ms', '"nochannel" is not a channel'],
    ['gaps==0ms', 'takes no unit'],
    ['speed>1', '"speed" is not a metric'],
    ['gaps = 0', 'not of the form METRIC OP VALUE'],
    ['errors.rate>1', 'errors has no rate'],
    ['gaps.orders==0', 'cannot qualify gaps'],
  ])('%s is refused: %s', (source, why) => {
    expect(() => parseThreshold(source)).toThrow(ThresholdError);
    expect(() => parseThreshold(source)).toThrow(why);
    // Every message names the expression and says how to write one.
    expect(() => parseThreshold(source)).toThrow(`--threshold "${source}"`);
  });
});

describe('evaluateThreshold', () => {
  const inputs: ThresholdInputs = {
    durationSeconds: 10,
    histogram: (name, channel) => (name === 'latency' && channel === undefined ? 12 : undefined),
    counter: (name, code) => (name === 'errors' ? (code === 'X' ? 2 : 5) : name === 'messages' ? 5000 : 0),
  };

  it('compares the measured value with the expected one', () => {
    expect(evaluateThreshold(parseThreshold('latency.p99<50ms'), inputs)).toEqual({
      threshold: 'latency.p99<50ms',
      passed: true,
      actual: 12,
      expected: '< 50ms',
    });
    expect(evaluateThreshold(parseThreshold('latency.p99<10ms'), inputs).passed).toBe(false);
    expect(evaluateThreshold(parseThreshold('errors==0'), inputs)).toMatchObject({ passed: false, actual: 5 });
    expect(evaluateThreshold(parseThreshold('errors.X==2'), inputs).passed).toBe(true);
    expect(evaluateThreshold(parseThreshold('messages.rate>=500'), inputs)).toMatchObject({
      passed: true,
      actual: 500,
    });
  });

  it('fails a histogram threshold with no samples', () => {
    expect(evaluateThreshold(parseThreshold('connect.p95<200ms'), inputs)).toMatchObject({
      passed: false,
      actual: null,
    });
  });
});
