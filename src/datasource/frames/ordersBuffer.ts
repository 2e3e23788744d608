/**
 * orders: a keyed upsert by order id, newest first, bounded. Past the bound the order that
 * finished (filled, cancelled, rejected) longest ago leaves first, so a working order never
 * disappears from the blotter while finished ones remain; only a book of nothing but working
 * orders drops its oldest. Both are O(1): Maps and Sets keep insertion order. An update never
 * regresses an order: a REST snapshot older than what the socket already said is ignored.
 */
import type { DataFrame } from '@grafana/data';
import type { ChannelItem } from '../../client';
import { TERMINAL_ORDER_STATUSES, type Order } from '../../protocol';
import { ORDER_FIELDS } from './fieldSpecs';
import { KeyedColumns } from './KeyedColumns';
import { symbolFilter } from './symbolFilter';
import { selectFields, toFrame } from './toFrame';
import { FRAME_DEFAULTS, type ChannelBuffer, type ChannelBufferOptions } from './types';

const updatedAt = (order: Order) => order.updatedAt ?? order.createdAt;
const terminalStatuses: ReadonlySet<string> = new Set(TERMINAL_ORDER_STATUSES);
const columnOf = (name: string) => ORDER_FIELDS.findIndex((spec) => spec.name === name);
const ID = columnOf('id');
const CREATED = columnOf('createdAt');
/** Holds `updatedAt ?? createdAt`, the order's own last change. */
const UPDATED = columnOf('updatedAt');

/**
 * Orders are stored as columns (`KeyedColumns`): an update computes its row once, and a repaint
 * gathers the columns in blotter order (newest created first, then the larger id). That order is
 * kept as orders come and go, not sorted at each repaint: a new order usually goes on top (else a
 * binary search places it), and the order leaving usually sits near the bottom, where the search
 * for it starts.
 */
export function createOrdersBuffer(options: ChannelBufferOptions): ChannelBuffer {
  const capacity = options.bufferSize ?? FRAME_DEFAULTS.bufferSize;
  const keep = symbolFilter(options.symbols);
  const keepOrder = symbolFilter(options.orders);
  const shown = selectFields(ORDER_FIELDS, options.fields);
  const rows = new KeyedColumns(ORDER_FIELDS.length);
  /** Ids of finished orders, in the order they finished: the first leaves first. */
  const finished = new Set<string>();
  /** Slots in blotter order. */
  const newestFirst: number[] = [];
  const created = rows.column(CREATED) as readonly number[];
  const ids = rows.column(ID) as readonly string[];
  let cached: DataFrame[] | undefined;

  /** Whether slot `a` shows above slot `b`. */
  const above = (a: number, b: number) => (created[b] - created[a] || (ids[a] < ids[b] ? 1 : -1)) < 0;
  const place = (slot: number) => {
    if (newestFirst.length === 0 || above(slot, newestFirst[0])) {
      newestFirst.unshift(slot);
      return;
    }
    let low = 1;
    let high = newestFirst.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (above(newestFirst[middle], slot)) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    newestFirst.splice(low, 0, slot);
  };
  const unplace = (slot: number) => newestFirst.splice(newestFirst.lastIndexOf(slot), 1);

  const store = (order: Order, known: number | undefined) => {
    const slot = known ?? rows.claim(order.id);
    const moved = known !== undefined && created[known] !== order.createdAt;
    if (moved) {
      unplace(slot);
    }
    for (let column = 0; column < ORDER_FIELDS.length; column++) {
      rows.set(column, slot, ORDER_FIELDS[column].get(order));
    }
    if (known === undefined || moved) {
      place(slot);
    }
    if (terminalStatuses.has(order.status)) {
      finished.add(order.id);
    } else {
      finished.delete(order.id);
    }
  };
  const evictOne = () => {
    const id = (finished.size > 0 ? finished.values() : rows.keys()).next().value as string;
    unplace(rows.slotOf(id)!);
    rows.delete(id);
    finished.delete(id);
  };

  const upsert = (order: Order, fromSnapshot: boolean): boolean => {
    if ((keep && !keep(order.symbol)) || (keepOrder && !keepOrder(order.id))) {
      return false;
    }
    const known = rows.slotOf(order.id);
    if (known !== undefined) {
      if (fromSnapshot && (rows.get(UPDATED, known) as number) >= updatedAt(order)) {
        return false;
      }
      store(order, known);
    } else {
      store(order, undefined);
      if (rows.size > capacity) {
        evictOne();
      }
    }
    cached = undefined;
    return true;
  };

  return {
    channel: 'orders',
    push(item: ChannelItem) {
      if (item.kind === 'event' && item.message.event === 'orders:update') {
        return upsert(item.message.data.order, false);
      }
      if (item.kind === 'snapshot' && Array.isArray(item.data)) {
        // REST lists newest first: insert oldest first so the stored order stays by age.
        const list = [...(item.data as Order[])].sort((a, b) => a.createdAt - b.createdAt);
        let changed = false;
        for (const order of list) {
          changed = upsert(order, true) || changed;
        }
        return changed;
      }
      return false;
    },
    frames() {
      if (!cached) {
        const values: unknown[][] = ORDER_FIELDS.map(() => []);
        for (const column of shown) {
          values[column] = rows.gather(column, newestFirst);
        }
        cached = [
          toFrame(ORDER_FIELDS, values, newestFirst.length, {
            name: 'orders',
            refId: options.refId,
            fields: options.fields,
            meta: { preferredVisualisationType: 'table' },
          }),
        ];
      }
      return cached;
    },
    size: () => rows.size,
  };
}
