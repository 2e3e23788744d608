import { realtimeWrites } from './realtimeCache';

const order = (status: string) => ({
  type: 'fill' as const,
  order: {
    id: 'o1',
    symbol: 'TCS',
    side: 'buy' as const,
    type: 'limit' as const,
    qty: 1,
    filledQty: 1,
    price: 1,
    status,
    createdAt: 1,
  },
  timestamp: 1,
});

describe('realtimeWrites', () => {
  it.each([
    [
      'an open order is tracked with its status',
      'orders',
      order('partially_filled'),
      [{ op: 'hset', key: 'p:rt:orders', fields: { o1: 'partially_filled' } }],
    ],
    [
      'a filled order leaves the open orders',
      'orders',
      order('filled'),
      [{ op: 'hdel', key: 'p:rt:orders', field: 'o1' }],
    ],
    [
      'a rejected order leaves the open orders',
      'orders',
      order('rejected'),
      [{ op: 'hdel', key: 'p:rt:orders', field: 'o1' }],
    ],
    [
      'an info activity is not an error',
      'activity',
      { id: 'a', type: 'system', severity: 'info', message: 'm', timestamp: 1 },
      [],
    ],
    [
      'the engine latency comes from health',
      'health',
      { status: 'healthy', latency: 12, uptime: 1, cpu: 1, memory: 1, lastHeartbeat: 1, timestamp: 1 },
      [{ op: 'hset', key: 'p:rt:latency', fields: { engine: '12' } }],
    ],
    ['a market tick is not cached', 'market', { symbols: {}, timestamp: 1 }, []],
  ] as const)('%s', (_name, channel, data, expected) => {
    expect(realtimeWrites('p:', channel, data as never)).toEqual(expected);
  });

  it('keeps the live P&L figures of an account update', () => {
    const account = {
      equity: 10,
      cash: 1,
      buyingPower: 1,
      portfolioValue: 1,
      dayPL: -2,
      dayPLPercent: -0.5,
      totalPL: 3,
      totalPLPercent: 0.1,
      timestamp: 7,
    };
    expect(realtimeWrites('p:', 'account', account)).toEqual([
      {
        op: 'hset',
        key: 'p:rt:pnl',
        fields: {
          equity: '10',
          dayPL: '-2',
          dayPLPercent: '-0.5',
          totalPL: '3',
          totalPLPercent: '0.1',
          timestamp: '7',
        },
      },
    ]);
  });

  it('keeps an error activity entry whole', () => {
    const activity = { id: 'a', type: 'error', severity: 'error', message: 'boom', timestamp: 1 } as const;
    expect(realtimeWrites('p:', 'activity', activity)).toEqual([
      { op: 'error', key: 'p:rt:errors', entry: JSON.stringify(activity) },
    ]);
  });
});
