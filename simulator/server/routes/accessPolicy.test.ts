import type { BearerKind } from '../Authenticator';
import { accessRefusal, type Access } from './accessPolicy';

describe('accessRefusal', () => {
  it.each<[Access, BearerKind | undefined, number | undefined]>([
    ['public', undefined, undefined],
    ['telemetry', 'api-key', undefined],
    ['telemetry', undefined, 401],
    ['telemetry', 'control', 403],
    ['telemetry', 'metrics', 403],
    ['control', 'control', undefined],
    ['control', undefined, 401],
    ['control', 'api-key', 403],
    ['control', 'alert-sink', 403],
    ['alert-sink', 'alert-sink', undefined],
    ['alert-sink', 'api-key', 403],
    ['alert-sink', undefined, 401],
    ['metrics', 'metrics', undefined],
    ['metrics', 'api-key', undefined],
    ['metrics', 'control', 403],
    ['metrics', undefined, 401],
  ])('a %s route with %s answers %s', (access, presented, status) => {
    expect(accessRefusal(access, presented)?.status).toBe(status);
  });

  it('tells a telemetry key holder that the key is valid but not for the control API, and how to fix it', () => {
    const refusal = accessRefusal('control', 'api-key')!;
    expect(refusal.code).toBe('AUTH_REQUIRED');
    expect(refusal.override).toEqual({
      what: 'Request forbidden',
      why: expect.stringContaining('a telemetry API key'),
      how: expect.stringContaining('--control-key'),
    });
  });
});
