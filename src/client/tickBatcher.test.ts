import { createTickBatcher } from './tickBatcher';

async function flush(): Promise<void> {
  await Promise.resolve();
  await Promise.resolve();
}

describe('createTickBatcher', () => {
  it('hands the keys added in one tick to one flush, in order and without repeats', async () => {
    const flushes: string[][] = [];
    const batch = createTickBatcher<string>((keys) => flushes.push(keys));
    batch.add('a');
    batch.add('b');
    batch.add('a');
    expect(flushes).toEqual([]);
    await flush();
    batch.add('c');
    await flush();
    expect(flushes).toEqual([['a', 'b'], ['c']]);
  });

  it('drops deleted and cleared keys, and does not flush an empty batch', async () => {
    const flushes: string[][] = [];
    const batch = createTickBatcher<string>((keys) => flushes.push(keys));
    batch.add('a');
    batch.add('b');
    batch.delete('a');
    expect(batch.has('b')).toBe(true);
    await flush();
    batch.add('c');
    batch.clear();
    await flush();
    expect(flushes).toEqual([['b']]);
  });
});
