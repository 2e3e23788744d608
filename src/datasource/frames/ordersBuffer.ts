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
import { symbolFilter } from './symbolFilter';
import { tableFrame } from './toFrame';
import { FRAME_DEFAULTS, type ChannelBuffer, type ChannelBufferOptions } from './types';

const updatedAt = (order: Order) => order.updatedAt ?? order.createdAt;
const terminalStatuses: ReadonlySet<string> = new Set(TERMINAL_ORDER_STATUSES);

export function createOrdersBuffer(options: ChannelBufferOptions): ChannelBuffer {
  const capacity = options.bufferSize ?? FRAME_DEFAULTS.bufferSize;
  const keep = symbolFilter(options.symbols);
  const keepOrder = symbolFilter(options.orders);
  const orders = new Map<string, Order>();
  /** Ids of finished orders, in the order they finished: the first leaves first. */
  const finished = new Set<string>();
  let cached: DataFrame[] | undefined;

  const store = (order: Order) => {
    orders.set(order.id, order);
    if (terminalStatuses.has(order.status)) {
      finished.add(order.id);
    } else {
      finished.delete(order.id);
    }
  };
  const evictOne = () => {
    const id = (finished.size > 0 ? finished.values() : orders.keys()).next().value as string;
    orders.delete(id);
    finished.delete(id);
  };

  const upsert = (order: Order, fromSnapshot: boolean): boolean => {
    if ((keep && !keep(order.symbol)) || (keepOrder && !keepOrder(order.id))) {
      return false;
    }
    const known = orders.get(order.id);
    if (known) {
      if (fromSnapshot && updatedAt(known) >= updatedAt(order)) {
        return false;
      }
      store(order);
    } else {
      store(order);
      if (orders.size > capacity) {
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
        // REST lists newest first: insert oldest first so the Map's order stays by age.
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
        const rows = [...orders.values()].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
        cached = [tableFrame(ORDER_FIELDS, rows, { name: 'orders', refId: options.refId, fields: options.fields })];
      }
      return cached;
    },
    size: () => orders.size,
  };
}
