import { closeError, toError } from './clientErrors';

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
