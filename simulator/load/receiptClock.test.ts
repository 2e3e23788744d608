import { createReceiptClock } from './receiptClock';

describe('createReceiptClock', () => {
  it('reads the clock once for the frames of one synchronous run and again after it', async () => {
    let ticks = 0;
    const receivedAt = createReceiptClock(() => (ticks += 1));
    const firstRead = [receivedAt(), receivedAt(), receivedAt()];
    await Promise.resolve();
    const secondRead = [receivedAt(), receivedAt()];
    expect({ firstRead, secondRead, ticks }).toEqual({ firstRead: [1, 1, 1], secondRead: [2, 2], ticks: 2 });
  });
});
