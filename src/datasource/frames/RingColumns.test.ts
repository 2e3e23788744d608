import { RingColumns } from './RingColumns';

/** A ring of one numeric and one untyped column after `rows` appends of (n, `r<n>`). */
function filled(capacity: number, rows: number): RingColumns {
  const ring = new RingColumns(capacity, ['number', 'value']);
  for (let n = 0; n < rows; n++) {
    const slot = ring.nextSlot();
    ring.set(0, slot, n);
    ring.set(1, slot, `r${n}`);
  }
  return ring;
}

describe('RingColumns', () => {
  it.each([
    // capacity, rows appended, slots allocated, rows held, oldest held
    [1000, 0, 16, 0, undefined],
    [1000, 3, 16, 3, 0],
    [1000, 17, 32, 17, 0],
    [1000, 300, 512, 300, 0],
    [1000, 1500, 1000, 1000, 500],
    [10, 25, 10, 10, 15],
  ])(
    'with capacity %i after %i rows allocates %i slots and holds %i rows, oldest %p',
    (capacity, rows, allocated, held, oldest) => {
      const ring = filled(capacity, rows);
      expect({ allocated: ring.allocatedRows, held: ring.length, oldest: ring.read(0)[0] }).toEqual({
        allocated,
        held,
        oldest,
      });
      expect(ring.read(1).at(-1)).toBe(rows > 0 ? `r${rows - 1}` : undefined);
    }
  );

  it('reads a missing number back as null and keeps other values as given', () => {
    const ring = new RingColumns(4, ['number', 'value']);
    const slot = ring.nextSlot();
    ring.set(0, slot, null);
    ring.set(1, slot, undefined);
    expect([ring.at(0, 0), ring.at(1, 0)]).toEqual([null, undefined]);
  });
});
