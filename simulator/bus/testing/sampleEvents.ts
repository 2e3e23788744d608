/**
 * Small, valid events for the bus and server unit tests: a new order and an account state, each
 * built from the one value a test varies.
 */
import type { ChannelData } from '../Bus';

export const order = (id: string): ChannelData<'orders'> => ({
  type: 'new',
  order: {
    id,
    symbol: 'TCS',
    side: 'buy',
    type: 'limit',
    qty: 1,
    filledQty: 0,
    price: 10,
    status: 'new',
    createdAt: 1,
  },
  timestamp: 1,
});

export const account = (equity: number): ChannelData<'account'> => ({
  equity,
  cash: 1,
  buyingPower: 1,
  portfolioValue: 1,
  dayPL: 0,
  dayPLPercent: 0,
  totalPL: 0,
  totalPLPercent: 0,
  timestamp: 5,
});
