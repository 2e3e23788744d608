import { MAX_BATCH_MS } from '../../src/protocol';
import { DEFAULT_LOAD_OPTIONS, resolveLoadOptions, type RawLoadOptions } from './loadOptions';

describe('resolveLoadOptions', () => {
  it('fills every option left out from DEFAULT_LOAD_OPTIONS', () => {
    expect(resolveLoadOptions({})).toEqual({
      ...DEFAULT_LOAD_OPTIONS,
      channels: [...DEFAULT_LOAD_OPTIONS.channels],
      urls: [DEFAULT_LOAD_OPTIONS.url],
      apiKey: undefined,
      thresholds: [],
      out: undefined,
      prometheusPort: undefined,
      progress: true,
    });
  });

  it.each<[string, RawLoadOptions, Record<string, unknown>]>([
    ['a wss URL', { url: 'wss://mci.example.com/telemetry' }, { url: 'wss://mci.example.com/telemetry' }],
    [
      'several gateways, the first named in the report',
      { url: ['ws://gw-1:8080/telemetry', 'ws://gw-2:8080/telemetry'] },
      { url: 'ws://gw-1:8080/telemetry', urls: ['ws://gw-1:8080/telemetry', 'ws://gw-2:8080/telemetry'] },
    ],
    [
      'counts as text',
      { clients: '200', workers: '4', churn: '2.5' },
      { clients: 200, workers: 4, churnPerSecond: 2.5 },
    ],
    ['durations', { ramp: '10s', duration: '1m' }, { rampMs: 10_000, durationMs: 60_000 }],
    ['a zero ramp', { ramp: '0' }, { rampMs: 0 }],
    ['a channel list, deduplicated', { channels: 'orders, market,orders' }, { channels: ['orders', 'market'] }],
    ['repeated channel flags', { channels: ['orders', 'activity'] }, { channels: ['orders', 'activity'] }],
    ['the largest batching window', { batchMs: String(MAX_BATCH_MS) }, { batchMs: MAX_BATCH_MS }],
    ['an empty API key as none', { apiKey: '' }, { apiKey: undefined }],
    ['--no-progress', { progress: false }, { progress: false }],
    ['--validate', { validate: true }, { validate: true }],
    ['a Prometheus port', { prometheusPort: '0' }, { prometheusPort: 0 }],
  ])('accepts %s', (_name, raw, expected) => {
    expect(resolveLoadOptions(raw)).toMatchObject(expected);
  });

  it('parses each threshold', () => {
    const { thresholds } = resolveLoadOptions({ threshold: ['latency.p99<50ms', 'gaps==0'] });
    expect(thresholds.map((threshold) => threshold.source)).toEqual(['latency.p99<50ms', 'gaps==0']);
  });

  it.each<[RawLoadOptions, RegExp]>([
    [{ url: 'not a url' }, /--url: "not a url" is not a URL; write it like ws:\/\/127\.0\.0\.1:8080\/telemetry/],
    [{ url: 'http://a:1/telemetry' }, /--url: .* uses http: but must use ws: or wss:/],
    [{ clients: '0' }, /--clients: expected a whole number from 1 to 100000, got "0"/],
    [{ clients: '2', workers: '3' }, /--workers: 3 workers for 2 clients leaves some idle; use at most --workers 2/],
    [{ duration: 'soon' }, /--duration: /],
    [{ churn: '-1' }, /--churn: expected a number from 0 to 10000/],
    [{ channels: 'orders,nope' }, /--channels: "nope" is not a channel; use some of /],
    [{ channels: ' , ' }, /--channels: the list is empty/],
    [
      { batchMs: String(MAX_BATCH_MS + 1) },
      new RegExp(`--batch-ms: expected a whole number from 0 to ${MAX_BATCH_MS}`),
    ],
    [{ threshold: ['latency<5'] }, /--threshold "latency<5": latency needs one statistic/],
  ])('rejects %j saying what, why and how', (raw, message) => {
    expect(() => resolveLoadOptions(raw)).toThrow(message);
  });
});
