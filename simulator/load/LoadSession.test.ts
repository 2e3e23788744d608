import { eventTimestamp } from './LoadSession';

describe('eventTimestamp', () => {
  const message = (data: unknown) => ({ event: 'orders:update', data, seq: 1 }) as never;

  it('reads the payload timestamp, then an order’s updatedAt, then its createdAt', () => {
    expect(eventTimestamp(message({ timestamp: 5, order: { updatedAt: 4, createdAt: 3 } }))).toBe(5);
    expect(eventTimestamp(message({ order: { updatedAt: 4, createdAt: 3 } }))).toBe(4);
    expect(eventTimestamp(message({ order: { createdAt: 3 } }))).toBe(3);
    expect(eventTimestamp(message({ kind: 'signal' }))).toBeUndefined();
  });
});
