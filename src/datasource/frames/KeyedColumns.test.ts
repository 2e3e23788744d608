import { KeyedColumns } from './KeyedColumns';

function write(rows: KeyedColumns, key: string, value: unknown): number {
  const slot = rows.claim(key);
  rows.set(0, slot, key);
  rows.set(1, slot, value);
  return slot;
}

describe('KeyedColumns', () => {
  it('keeps one slot per key, updates it in place and keeps the first-written order', () => {
    const rows = new KeyedColumns(2);
    const a = write(rows, 'a', 1);
    write(rows, 'b', 2);
    expect(write(rows, 'a', 3)).toBe(a);
    expect({ keys: [...rows.keys()], size: rows.size, a: rows.get(1, rows.slotOf('a')!) }).toEqual({
      keys: ['a', 'b'],
      size: 2,
      a: 3,
    });
  });

  it('gives a freed slot to the next new key and drops the old values at once', () => {
    const rows = new KeyedColumns(2);
    write(rows, 'a', 1);
    const b = write(rows, 'b', { big: true });
    rows.delete('b');
    expect(rows.get(1, b)).toBeUndefined();
    expect(write(rows, 'c', 3)).toBe(b);
    expect({ keys: [...rows.keys()], slotOfB: rows.slotOf('b') }).toEqual({ keys: ['a', 'c'], slotOfB: undefined });
  });

  it('gathers a column in the order of the slots given, as a new array', () => {
    const rows = new KeyedColumns(2);
    const slots = ['x', 'y', 'z'].map((key, i) => write(rows, key, i));
    const gathered = rows.gather(0, [slots[2], slots[0], slots[1]]);
    expect(gathered).toEqual(['z', 'x', 'y']);
    expect(gathered).not.toBe(rows.column(0));
  });
});
