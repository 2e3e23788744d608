import { scheduledRate, type Schedule } from './scheduledRate';

const FIRST = 1_736_135_100_000;
const START = 1_800_000_000_000;
/** Ten events in the first recorded second, then one a second. */
const schedule: Schedule = {
  first: FIRST,
  times: [
    ...Array.from({ length: 10 }, (_, i) => FIRST + i * 100),
    ...Array.from({ length: 9 }, (_, i) => FIRST + 1000 * (i + 1)),
  ],
};

describe('scheduledRate', () => {
  it.each([
    ['the dense first second at speed 1', 1, 0, 1000, 10],
    ['the sparse seconds after it at speed 1', 1, 1000, 5000, 1],
    ['the first two seconds at speed 1', 1, 0, 2000, 5.5],
    ['the dense first second played over two at speed 0.5', 0.5, 0, 2000, 5],
    ['a window after the recording played out', 1, 20_000, 21_000, 0],
    ['a window before the replay started', 1, -3000, -1000, 0],
    ['the first second at speed 2 (two recorded seconds)', 2, 0, 1000, 11],
  ])('counts %s', (_, speed, from, to, expected) => {
    expect(scheduledRate(schedule, { start: START, speed }, START + from, START + to)).toBeCloseTo(expected, 9);
  });

  it('takes time zero from the recording, not from the first counted event', () => {
    const later: Schedule = { first: FIRST - 5000, times: schedule.times };
    expect(scheduledRate(later, { start: START, speed: 1 }, START + 5000, START + 6000)).toBe(10);
  });

  it('is not a number for an empty window', () => {
    expect(scheduledRate(schedule, { start: START, speed: 1 }, START, START)).toBeNaN();
  });
});
