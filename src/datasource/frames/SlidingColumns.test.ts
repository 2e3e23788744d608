import { SlidingColumns } from './SlidingColumns';

/** A window of two columns after `rows` appends of (n, `r<n>`). */
function filled(capacity: number, rows: number): SlidingColumns {
  const log = new SlidingColumns(capacity, 2);
  for (let n = 0; n < rows; n++) {
    const row = log.append();
    log.set(0, row, n);
    log.set(1, row, `r${n}`);
  }
  return log;
}

describe('SlidingColumns', () => {
  it.each([
    // capacity, rows appended, rows held, oldest held, newest held
    [1000, 0, 0, undefined, undefined],
    [1000, 3, 3, 0, 2],
    [1000, 1500, 1000, 500, 1499],
    [1000, 2000, 1000, 1000, 1999],
    [1000, 2001, 1000, 1001, 2000],
    [10, 25, 10, 15, 24],
    [1, 5, 1, 4, 4],
  ])(
    'with capacity %i after %i rows holds %i rows, oldest %p and newest %p, in order',
    (capacity, rows, held, oldest, newest) => {
      const log = filled(capacity, rows);
      const numbers = log.read(0);
      expect({ held: log.length, oldest: numbers[0], newest: numbers.at(-1), full: log.isFull }).toEqual({
        held,
        oldest,
        newest,
        full: held === capacity,
      });
      expect(numbers).toEqual(Array.from({ length: held }, (_, i) => rows - held + i));
      expect(log.read(1)).toEqual(numbers.map((n) => `r${n}`));
      expect(log.oldest(1)).toBe(oldest === undefined ? undefined : `r${oldest}`);
    }
  );

  it('returns a new array on every read, so a frame never changes under a panel', () => {
    const log = filled(4, 6);
    const first = log.read(0);
    const row = log.append();
    log.set(0, row, 6);
    expect({ first, second: log.read(0) }).toEqual({ first: [2, 3, 4, 5], second: [3, 4, 5, 6] });
  });

  it('stores NaN as null and keeps a column nobody wrote as undefined', () => {
    const log = new SlidingColumns(4, 2);
    const row = log.append();
    log.set(0, row, NaN);
    expect([log.read(0), log.read(1)]).toEqual([[null], [undefined]]);
  });

  it('rejects a capacity that bounds nothing', () => {
    expect(() => new SlidingColumns(0, 1)).toThrow('Invalid row window capacity 0');
  });
});
