import type { ClientStatus } from '../../client';
import { isStale, streamNotices, type StreamState } from './notices';

const T0 = 1_767_225_600_000;

const base: StreamState = { channel: 'orders', wsUrl: 'ws://h/telemetry', lastDataAt: T0 };
const streaming: ClientStatus = { state: 'streaming', attempt: 0, polling: false, since: T0 };
const lost = {
  code: 'CONNECTION_LOST' as const,
  what: 'Connection lost',
  why: 'the server closed',
  how: 'wait',
  at: T0,
};

/** Each notice as `severity: first words`, so a row states what shows and in which order. */
const summary = (state: StreamState, now: number) =>
  streamNotices(state, now).map((notice) => `${notice.severity}: ${notice.text.split('.')[0]}`);

describe('streamNotices', () => {
  it.each([
    ['nothing while streaming fresh data', { status: streaming }, T0, []],
    [
      'a reconnect with its attempt and next try',
      { status: { ...streaming, state: 'reconnecting', attempt: 3, nextRetryAt: T0 + 8000, lastError: lost } },
      T0,
      ['warning: Reconnecting to the MCI server (attempt 3, next try in 8 s)'],
    ],
    [
      'a failed first connection with its reason',
      { status: { ...streaming, state: 'connecting', lastError: lost } },
      T0,
      ['warning: Not connected to the MCI server: Connection lost'],
    ],
    [
      'a refused key with where to fix it, and no reconnect or polling promise',
      {
        status: {
          ...streaming,
          state: 'reconnecting',
          polling: true,
          credentialRefused: true,
          lastError: { ...lost, code: 'AUTH_REQUIRED', why: 'POST /api/telemetry/ws-ticket answered 401' },
        },
      },
      T0,
      ['error: The MCI server refused the API key, so the data source stopped connecting'],
    ],
    [
      'the polling fallback',
      { status: { ...streaming, polling: true } },
      T0,
      ['info: Polling fallback: showing the REST snapshot, refreshed every 2 s'],
    ],
    [
      'a server error that came after the last data',
      { serverError: { code: 'RATE_LIMITED', what: 'Too many', why: 'fast', how: 'slow down', at: T0 + 1 } },
      T0 + 1,
      ['error: MCI server error RATE_LIMITED: Too many'],
    ],
    [
      'no server error once data flowed after it',
      { serverError: { code: 'RATE_LIMITED', what: 'Too many', why: 'fast', how: 'slow down', at: T0 - 1 } },
      T0,
      [],
    ],
    [
      'stale data on a state channel after three intervals',
      { channel: 'market' },
      T0 + 3001,
      ['warning: Stale data: no market update for 3 s (expected every 1 s)'],
    ],
    ['no staleness on an event channel', { channel: 'orders' }, T0 + 600_000, []],
    ['no staleness when the channel may be quiet', { channel: 'positions', quietAllowed: true }, T0 + 60_000, []],
    ['a recent gap', { gapAt: T0 }, T0 + 9999, ['info: Some orders events could not be replayed after a reconnect']],
    ['no gap notice after ten seconds', { gapAt: T0 }, T0 + 10_000, []],
    ['a failed history read', { historyError: 'HTTP 502' }, T0, ['info: No history before the live data: HTTP 502']],
  ] as Array<[string, Partial<StreamState>, number, string[]]>)('shows %s', (_case, overrides, now, expected) => {
    expect(summary({ ...base, ...overrides }, now)).toEqual(expected);
  });
});

describe('isStale', () => {
  it.each([
    ['market', T0 + 3000, false],
    ['market', T0 + 3001, true],
    ['account', T0 + 15_000, false],
    ['health', T0 + 15_001, true],
    ['orders', T0 + 1_000_000, false],
  ] as const)('calls %s stale at %i: %p', (channel, now, expected) => {
    expect(isStale({ ...base, channel }, now)).toBe(expected);
  });
});
