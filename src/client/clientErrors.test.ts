import { CLIENT_ERROR_CODES, closeError, explainingError, isServerError, serverError, toError } from './clientErrors';
import { errorTriple } from '../protocol';

describe('closeError', () => {
  it.each([
    [4001, true, 'AUTH_REQUIRED'],
    [4002, true, 'SESSION_EXPIRED'],
    [4008, true, 'RATE_LIMITED'],
    [1011, true, 'SERVER_ERROR'],
    [1009, true, 'MESSAGE_TOO_LARGE'],
    [4003, true, 'HEARTBEAT_TIMEOUT'],
    [4004, true, 'CONNECTION_LOST'],
    [1001, true, 'CONNECTION_LOST'],
    [1006, true, 'CONNECTION_LOST'],
    [1006, false, 'CONNECTION_FAILED'],
  ])('close %p (acknowledged: %p) is %p', (code, wasOpen, expected) => {
    const error = closeError(code, '', wasOpen, 'ws://h/telemetry', 5);
    expect(error).toMatchObject({ code: expected, at: 5 });
    expect(error.what).not.toBe('');
    expect(error.how).not.toBe('');
    expect(error.why).toContain(String(code));
  });

  it('never shows a ticket', () => {
    expect(closeError(1006, 'refused', false, 'ws://h/telemetry?ticket=secret&x=1', 0).why).not.toContain('secret');
  });

  it('makes an Error whose message is what, why and how', () => {
    const error = toError(closeError(4001, '', true, 'ws://h', 0));
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/^Connection rejected: .+\. Send/);
    expect(error.code).toBe('AUTH_REQUIRED');
  });
});

describe('explainingError', () => {
  const sessionExpired = serverError('SESSION_EXPIRED', errorTriple('SESSION_EXPIRED'), 1);
  const rateLimited = serverError('RATE_LIMITED', errorTriple('RATE_LIMITED'), 1);
  const authRequired = serverError('AUTH_REQUIRED', errorTriple('AUTH_REQUIRED'), 1);

  it.each([
    ['a connection:error explains any close', authRequired, undefined, 1006, authRequired],
    ['an error event explains its own close code', undefined, sessionExpired, 4002, sessionExpired],
    ['an error event does not explain another close code', undefined, rateLimited, 1006, undefined],
    ['nothing reported explains nothing', undefined, undefined, 1000, undefined],
  ])('%s', (_name, explained, lastServerError, closeCode, expected) => {
    expect(explainingError(explained, lastServerError, closeCode)).toBe(expected);
  });
});

describe('isServerError', () => {
  it.each([
    ['AUTH_REQUIRED', true],
    ['SUBSCRIPTION_ERROR', true],
    ['SERVER_ERROR', true],
    ['CONNECTION_FAILED', false],
    ['CONNECTION_LOST', false],
    ['HEARTBEAT_TIMEOUT', false],
    ['PARSE_ERROR', false],
  ] as const)('%s is a server (catalogue) code: %p', (code, expected) => {
    expect(isServerError(code)).toBe(expected);
  });

  it('names every client-side kind as not a server code', () => {
    expect(CLIENT_ERROR_CODES.filter((code) => isServerError(code))).toEqual([]);
  });
});
