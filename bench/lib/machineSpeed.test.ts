import { CHANGED_FACTOR, formatSpeeds, machineSpeed, speedSpread } from './machineSpeed';

describe('machineSpeed', () => {
  it('counts round trips per millisecond of the window, a whole number above zero', () => {
    const speed = machineSpeed(20, 5);
    expect(Number.isInteger(speed)).toBe(true);
    expect(speed).toBeGreaterThan(0);
  });
});

describe('speedSpread', () => {
  it('is the fastest over the slowest, flagged above the changed factor', () => {
    expect(speedSpread({ fanout: 480, latency: 470, loadtool: 160 })).toEqual({
      slowest: 160,
      fastest: 480,
      factor: 3,
      changed: true,
    });
    expect(speedSpread({ fanout: 400, latency: 400 * CHANGED_FACTOR })).toMatchObject({
      factor: CHANGED_FACTOR,
      changed: false,
    });
  });

  it('leaves out cases that measured nothing, and has no spread without cases', () => {
    expect(speedSpread({ fanout: 0, latency: 300 })).toMatchObject({ slowest: 300, fastest: 300, factor: 1 });
    expect(speedSpread({})).toEqual({ slowest: 0, fastest: 0, factor: 1, changed: false });
  });
});

describe('formatSpeeds', () => {
  it('lists each case and says whether the machine changed speed', () => {
    expect(formatSpeeds({ fanout: 480, latency: 460 })).toBe(
      'machine speed before each case (JSON round trips of an order event per ms, one thread): ' +
        'fanout 480, latency 460; within 1.04× from case to case (a slower memory or network path does not show here)'
    );
    const changed = formatSpeeds({ fanout: 480, loadtool: 160 });
    expect(changed).toContain('fanout 480, loadtool 160; the machine ran 3× faster at its fastest than at its slowest');
    expect(changed).toContain('compare with care');
  });

  it('prints nothing without cases', () => {
    expect(formatSpeeds({})).toBe('');
  });
});
