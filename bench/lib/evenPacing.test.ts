import { evenlyPaced } from './evenPacing';

const line = (time: number, data: Record<string, unknown>, channel = 'orders') =>
  JSON.stringify({ time, channel, event: `${channel}:update`, data });

describe('evenlyPaced', () => {
  it('puts the same number of events (±1) in every step, in their order', () => {
    // A burst of twenty events in the first 20 ms, then five in the remaining 80 ms.
    const times = [...Array.from({ length: 20 }, (_, i) => i), 60, 70, 80, 90, 100];
    const lines = times.map((t, i) => line(1_700_000_000_000 + t, { i }));
    const paced = evenlyPaced(lines, 10).map((l) => JSON.parse(l) as { time: number; data: { i: number } });
    expect(paced.map((e) => e.data.i)).toEqual(times.map((_, i) => i));
    const perStep = new Map<number, number>();
    paced.forEach((e) => perStep.set(e.time, (perStep.get(e.time) ?? 0) + 1));
    // Ten steps of 10 ms, each with two or three of the 25 events.
    expect(perStep.size).toBe(10);
    expect([...perStep.values()].every((count) => count === 2 || count === 3)).toBe(true);
    expect(paced[0].time).toBe(1_700_000_000_000);
    expect(paced.every((e, i) => i === 0 || e.time >= paced[i - 1].time)).toBe(true);
    expect(paced.every((e) => (e.time - 1_700_000_000_000) % 10 === 0)).toBe(true);
  });

  it('moves every time field of an event by as much as its time, leaving other numbers alone', () => {
    const t0 = 1_700_000_000_000;
    const lines = [
      line(t0, { timestamp: t0 }),
      line(t0 + 1, { timestamp: t0 + 1, order: { createdAt: t0 - 500, quantity: 1_000_000_000_000_000 } }),
      line(t0 + 100, { timestamp: t0 + 100 }),
    ];
    const [, second] = evenlyPaced(lines, 10).map(
      (l) => JSON.parse(l) as { time: number; data: { timestamp: number; order: Record<string, number> } }
    );
    expect(second.data.timestamp).toBe(second.time);
    expect(second.data.order.createdAt).toBe(second.time - 501);
    // Not a time key: left alone however large.
    expect(second.data.order.quantity).toBe(1_000_000_000_000_000);
  });

  it('leaves a file of one event as it is', () => {
    expect(evenlyPaced([line(1_700_000_000_000, {})], 10)).toEqual([line(1_700_000_000_000, {})]);
  });
});
