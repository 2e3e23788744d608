import { DEFAULT_SERVE_CONFIG, resolveServeConfig } from './serveConfig';

describe('resolveServeConfig', () => {
  it('uses the defaults, with auth off when asked', () => {
    expect(resolveServeConfig({ auth: false })).toEqual({ ...DEFAULT_SERVE_CONFIG, auth: false });
  });

  it('parses flag text, durations, lists and scenarios', () => {
    const config = resolveServeConfig({
      port: '0',
      speed: '2.5',
      heartbeatIntervalMs: '2s',
      sessionLifetimeMs: '1500',
      apiKeys: ['key-number-1', 'key-number-2,key-number-3'],
      symbols: 'reliance, TCS',
      scenarios: ['cpu-spike@10s/1m'],
      profile: 'realistic',
    });
    expect(config).toMatchObject({
      port: 0,
      speed: 2.5,
      heartbeatIntervalMs: 2000,
      sessionLifetimeMs: 1500,
      apiKeys: ['key-number-1', 'key-number-2', 'key-number-3'],
      symbols: ['RELIANCE', 'TCS'],
      scenarios: [{ name: 'cpu-spike', offsetMs: 10_000, durationMs: 60_000 }],
      profile: 'realistic',
    });
  });

  it('reads one credential per purpose, each repeatable or comma-separated, and the metrics port', () => {
    const config = resolveServeConfig({
      apiKeys: 'telemetry-key-1',
      controlKey: ['control-key-1', 'control-key-2'],
      alertSinkToken: 'sink-token-1',
      metricsToken: 'metrics-token-1,metrics-token-2',
      metricsPort: '9464',
    });
    expect(config).toMatchObject({
      apiKeys: ['telemetry-key-1'],
      controlKeys: ['control-key-1', 'control-key-2'],
      alertSinkTokens: ['sink-token-1'],
      metricsTokens: ['metrics-token-1', 'metrics-token-2'],
      metricsPort: 9464,
    });
  });

  it.each([
    [{ auth: false, port: '70000' }, /--port: expected a whole number from 0 to 65535/],
    [{ auth: false, port: 'eighty' }, /--port/],
    [{ auth: false, speed: '0' }, /--speed/],
    [{ auth: false, historySize: '1.5' }, /--history-size: expected a whole number/],
    [{ auth: false, heartbeatIntervalMs: 'soon' }, /--heartbeat-interval: Invalid duration/],
    [{ auth: false, scenarios: ['made-up@1s'] }, /--scenario: .*unknown scenario/],
    [{ auth: false, symbols: 'A B' }, /--symbols/],
    [{ auth: false, logLevel: 'loud' }, /--log-level/],
    [{ auth: false, profile: 'busy' }, /--profile: "busy" is not a profile; use one of lively, realistic/],
    [{}, /--api-key KEY .* or --no-auth/],
    [{ apiKeys: ['short'] }, /--api-key: a value is shorter than 8/],
    [{ apiKeys: ['telemetry-key-1'], controlKeys: 'tiny' }, /--control-key: a value is shorter than 8/],
    [
      { apiKeys: ['shared-secret-1'], controlKeys: 'shared-secret-1' },
      /--control-key: the same value is also given as --api-key/,
    ],
    [
      { apiKeys: ['telemetry-key-1'], alertSinkTokens: 'sink-token-1', metricsTokens: ['sink-token-1'] },
      /--metrics-token: the same value is also given as --alert-sink-token/,
    ],
    [{ auth: false, port: '9000', metricsPort: '9000' }, /--metrics-port: 9000 is also --port/],
  ])('rejects %j naming the option', (raw, message) => {
    expect(() => resolveServeConfig(raw)).toThrow(message);
  });
});
