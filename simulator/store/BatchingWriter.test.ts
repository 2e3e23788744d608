import pino from 'pino';
import { BatchingWriter, type DroppedSpan } from './BatchingWriter';

const logger = pino({ level: 'silent' });

describe('BatchingWriter', () => {
  it('accounts for every pushed item exactly once, stored or inside a gap, when items overflow while a write is awaited', async () => {
    let up = false;
    let releaseGap: (() => void) | undefined;
    const stored: number[] = [];
    const gaps: DroppedSpan[] = [];
    const writer = new BatchingWriter<number>({
      name: 'test',
      logger,
      now: Date.now,
      timeOf: (item) => item,
      maxBatch: 3,
      maxQueued: 5,
      flushIntervalMs: 1,
      retryIntervalMs: 1,
      writeBatch: async (batch) => {
        if (!up) {
          throw new Error('store down');
        }
        stored.push(...batch);
      },
      writeGap: async (gap) => {
        if (!up) {
          throw new Error('store down');
        }
        // Hold the first gap write open while more items arrive and overflow.
        if (releaseGap === undefined) {
          await new Promise<void>((resolve) => (releaseGap = resolve));
        }
        gaps.push(gap);
      },
    });
    writer.push([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await writer.flush();
    expect(writer.health().ok).toBe(false);

    up = true;
    const flushing = writer.flush();
    for (let spin = 0; releaseGap === undefined && spin < 100; spin++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    writer.push([11, 12, 13, 14, 15, 16, 17, 18]);
    releaseGap!();
    await flushing;
    await writer.close();

    const lost = gaps.reduce((sum, gap) => sum + gap.lost, 0);
    expect(new Set(stored).size).toBe(stored.length);
    expect(stored.length + lost).toBe(18);
    expect(stored).toEqual([...stored].sort((a, b) => a - b));
    expect(writer.health().ok).toBe(true);
  });
});
