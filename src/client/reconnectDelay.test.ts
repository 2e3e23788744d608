import { reconnectDelay, type ReconnectDelayInput } from './reconnectDelay';

const base: ReconnectDelayInput = {
  attempt: 1,
  now: 10_000,
  backoffMs: [1000, 2000, 4000, 8000, 16_000],
  restartRetryMs: 500,
  jitter: 0.2,
  random: () => 0.5,
};

describe('reconnectDelay', () => {
  it.each<[string, Partial<ReconnectDelayInput>, number]>([
    ['the first retry waits the first backoff step', {}, 1000],
    ['the third retry waits the third step', { attempt: 3 }, 4000],
    ['past the schedule the last step repeats', { attempt: 9 }, 16_000],
    ['the delay the server asked for wins over the backoff', { attempt: 4, serverDelayMs: 3000 }, 3000],
    ['a server delay of 0 means at once', { serverDelayMs: 0 }, 0],
    ['the server delay wins over a restart window too', { serverDelayMs: 250, restartRetryUntil: 20_000 }, 250],
    [
      'inside an announced restart window retries come every restartRetryMs',
      { attempt: 5, restartRetryUntil: 10_001 },
      500,
    ],
    ['once the restart window is over the backoff is back', { attempt: 5, restartRetryUntil: 10_000 }, 16_000],
    ['jitter spreads the delay (random 0 → −20 %)', { attempt: 2, random: () => 0 }, 1600],
    [
      'jitter spreads the restart retries too (random 0.75 → +10 %)',
      { restartRetryUntil: 20_000, random: () => 0.75 },
      550,
    ],
  ])('%s', (_name, input, expected) => {
    expect(reconnectDelay({ ...base, ...input })).toBe(expected);
  });
});
