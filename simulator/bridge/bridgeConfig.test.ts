import { resolveBridgeConfig } from './bridgeConfig';

describe('resolveBridgeConfig', () => {
  it.each([
    [
      { url: 'ws://127.0.0.1:8080/telemetry' },
      {
        url: 'ws://127.0.0.1:8080/telemetry',
        restUrl: 'http://127.0.0.1:8080',
        host: '127.0.0.1',
        port: 9464,
        apiKey: undefined,
      },
    ],
    [
      { url: 'wss://mci.example.com/telemetry', apiKey: 'k-12345678', port: '0' },
      { restUrl: 'https://mci.example.com', apiKey: 'k-12345678', port: 0 },
    ],
    [{ url: 'ws://a:1/t', restUrl: 'http://b:2/base/' }, { restUrl: 'http://b:2/base' }],
    [
      { url: 'ws://a:1/t', host: '0.0.0.0', logLevel: 'warn' },
      { host: '0.0.0.0', logLevel: 'warn' },
    ],
  ])('accepts %j', (raw, expected) => {
    expect(resolveBridgeConfig(raw)).toMatchObject(expected);
  });

  it.each([
    [{}, /--url: the bridge needs the MCI server's WebSocket URL; pass --url ws:\/\//],
    [{ url: 'http://a:1/telemetry' }, /--url: .* uses http: but must use ws: or wss:/],
    [{ url: 'not a url' }, /--url: "not a url" is not a URL; write it like ws:\/\//],
    [{ url: 'ws://a:1/t', restUrl: 'ws://b' }, /--rest-url: .* must use http: or https:/],
    [{ url: 'ws://a:1/t', port: '70000' }, /--port: expected a whole number from 0 to 65535/],
    [{ url: 'ws://a:1/t', port: 'abc' }, /--port: expected a whole number/],
    [{ url: 'ws://a:1/t', host: ' ' }, /--host: expected an address/],
    [{ url: 'ws://a:1/t', logLevel: 'loud' }, /--log-level: "loud" is not a log level/],
  ])('rejects %j saying what, why and how', (raw, message) => {
    expect(() => resolveBridgeConfig(raw)).toThrow(message);
  });
});
