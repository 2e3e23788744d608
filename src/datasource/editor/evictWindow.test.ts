import { formatEvictWindow, parseEvictWindow } from './evictWindow';

describe('parseEvictWindow', () => {
  it.each([
    ['', {}],
    ['  ', {}],
    ['90s', { value: 90_000 }],
    ['5m', { value: 300_000 }],
    [' 1h ', { value: 3_600_000 }],
    ['1.5s', { value: 1_500 }],
    ['24h', { value: 86_400_000 }],
    ['0s', { error: expect.stringMatching(/from 1s to 24h/) }],
    ['25h', { error: expect.stringMatching(/from 1s to 24h/) }],
    ['300', { error: expect.stringMatching(/such as 90s, 5m or 1h/) }],
    ['5 minutes', { error: expect.stringMatching(/duration/) }],
    ['-5m', { error: expect.stringMatching(/duration/) }],
  ])('parses %j', (text, expected) => {
    expect(parseEvictWindow(text)).toEqual(expected);
  });
});

describe('formatEvictWindow', () => {
  it.each([
    [300_000, '5m'],
    [3_600_000, '1h'],
    [90_000, '90s'],
    [1_500, '1.5s'],
  ])('shows %d ms as %s, which parses back to the same window', (ms, text) => {
    expect(formatEvictWindow(ms)).toBe(text);
    expect(parseEvictWindow(text)).toEqual({ value: ms });
  });
});
