import { createDataFrame, FieldType } from '@grafana/data';
import { type OrderFields, sameOrderRow } from './orderRows';

function fields(orders: Array<{ id: string; status: string; filledQty: number }>, withFilled = true): OrderFields {
  const frame = createDataFrame({
    fields: [
      { name: 'id', type: FieldType.string, values: orders.map((order) => order.id) },
      { name: 'status', type: FieldType.string, values: orders.map((order) => order.status) },
      ...(withFilled
        ? [{ name: 'filledQty', type: FieldType.number, values: orders.map((order) => order.filledQty) }]
        : []),
    ],
  });
  const byName = (name: string) => frame.fields.find((field) => field.name === name);
  return { id: byName('id'), status: byName('status'), filledQty: byName('filledQty') };
}

describe('sameOrderRow', () => {
  const before = fields([
    { id: 'ord-2', status: 'new', filledQty: 0 },
    { id: 'ord-1', status: 'filled', filledQty: 10 },
  ]);
  const after = fields([
    { id: 'ord-3', status: 'new', filledQty: 0 },
    { id: 'ord-2', status: 'partially_filled', filledQty: 4 },
    { id: 'ord-1', status: 'filled', filledQty: 10 },
  ]);

  it.each([
    { what: 'the same order, unchanged, at another index', a: 1, b: 2, same: true },
    { what: 'the same order after a fill', a: 0, b: 1, same: false },
    { what: 'a different order', a: 0, b: 0, same: false },
  ])('tells $what: $same', ({ a, b, same }) => {
    expect(sameOrderRow(before, a, after, b)).toBe(same);
  });

  it('tells rows apart when a field is present in only one frame', () => {
    const without = fields([{ id: 'ord-1', status: 'filled', filledQty: 10 }], false);
    expect(sameOrderRow(before, 1, without, 0)).toBe(false);
    expect(sameOrderRow(without, 0, without, 0)).toBe(true);
  });
});
