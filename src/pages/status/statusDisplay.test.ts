import { formatAge, formatDuration, formatRate } from './statusDisplay';

describe('the Status page’s wording', () => {
  it.each([
    [undefined, 'never'],
    [-5, '0.0 s ago'],
    [850, '0.8 s ago'],
    [12_400, '12 s ago'],
    [150_000, '3 min ago'],
    [3 * 3_600_000, '3 h ago'],
  ])('says an age of %p ms as %p', (age, text) => {
    expect(formatAge(age)).toBe(text);
  });

  it.each([
    [0, '0'],
    [0.2, '0.2'],
    [9.96, '10.0'],
    [123.4, '123'],
  ])('says a rate of %p events per second as %p', (rate, text) => {
    expect(formatRate(rate)).toBe(text);
  });

  it.each([
    [12.4, '12 ms'],
    [4_230, '4.2 s'],
  ])('says a duration of %p ms as %p', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
