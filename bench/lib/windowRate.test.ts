import { rateInWindow } from './windowRate';

const timeline = [
  { at: 1000, messages: 10 }, // start-up: before the window
  { at: 2000, messages: 500 },
  { at: 3000, messages: 1000 },
  { at: 4000, messages: 1000 },
  { at: 5000, messages: 1000 },
  { at: 6000, messages: 400 }, // straddles the window's end
];

describe('rateInWindow', () => {
  it.each([
    ['counts only the intervals wholly inside the window', 2000, 5500, 1000],
    ['uses the span the counted intervals cover, not the window length', 1500, 5000, 1000],
    ['includes an interval starting at the run start when the window does', 0, 2000, 255],
  ])('%s', (_name, from, to, expected) => {
    expect(rateInWindow(0, timeline, from, to)).toBeCloseTo(expected, 6);
  });

  it('is no number when no interval lies wholly inside the window', () => {
    expect(rateInWindow(0, timeline, 2100, 2900)).toBeNaN();
  });

  it('divides by the real length of uneven intervals', () => {
    const uneven = [
      { at: 1500, messages: 300 },
      { at: 2000, messages: 100 },
    ];
    expect(rateInWindow(1000, uneven, 1000, 2000)).toBe(400);
  });
});
