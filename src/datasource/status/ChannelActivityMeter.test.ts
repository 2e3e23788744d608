import { ChannelActivityMeter } from './ChannelActivityMeter';

const T = 1_767_225_600_000;

describe('ChannelActivityMeter', () => {
  it.each([
    ['nothing recorded', [] as Array<[number, number]>, T + 4_500, 0, undefined],
    ['ten events in the last second', [[T + 4_100, 10]] as Array<[number, number]>, T + 4_500, 2, T + 4_100],
    [
      'events spread over the window',
      [
        [T + 500, 5],
        [T + 2_500, 5],
        [T + 4_500, 5],
      ] as Array<[number, number]>,
      T + 4_900,
      3,
      T + 4_500,
    ],
    ['events older than the window', [[T, 50]] as Array<[number, number]>, T + 9_000, 0, T],
  ])('reads %s as its rate over a 5 s window and keeps the last event time', (_name, events, now, rate, last) => {
    const meter = new ChannelActivityMeter(['orders'], 5_000);
    for (const [at, count] of events) {
      meter.record('orders', at, count);
    }
    expect(meter.read(now)).toEqual([
      { channel: 'orders', eventsPerSecond: rate, ...(last ? { lastEventAt: last } : {}) },
    ]);
  });

  it('keeps channels apart, in the order given, and ignores channels it does not watch', () => {
    const meter = new ChannelActivityMeter(['health', 'orders'], 1_000);
    meter.record('orders', T + 100, 3);
    meter.record('market', T + 100, 99);
    expect(meter.read(T + 500)).toEqual([
      { channel: 'health', eventsPerSecond: 0 },
      { channel: 'orders', eventsPerSecond: 3, lastEventAt: T + 100 },
    ]);
  });

  it('stays bounded however many seconds pass: old buckets leave', () => {
    const meter = new ChannelActivityMeter(['orders'], 2_000);
    for (let second = 0; second < 1_000; second++) {
      meter.record('orders', T + second * 1_000);
    }
    expect(meter.read(T + 999_500)).toEqual([{ channel: 'orders', eventsPerSecond: 1, lastEventAt: T + 999_000 }]);
  });
});
