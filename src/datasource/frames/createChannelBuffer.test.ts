import { FieldType, type DataFrame } from '@grafana/data';
import { CHANNELS, type Order } from '../../protocol';
import {
  account,
  activity,
  alert,
  event,
  eventOf,
  health,
  order,
  position,
  services,
  signal,
  snapshot,
  T0,
} from '../testing/channelItems';
import { createChannelBuffer } from './createChannelBuffer';

const column = (frame: DataFrame, name: string) => frame.fields.find((field) => field.name === name)?.values;
const names = (frame: DataFrame) => frame.fields.map((field) => field.name);

describe('createChannelBuffer', () => {
  it.each(CHANNELS.map((channel) => [channel]))(
    'names every %s frame after its channel and the target refId',
    (channel) => {
      const buffer = createChannelBuffer(channel, { refId: 'Q' });
      expect(buffer.push(eventOf(channel, T0))).toBe(true);
      const frames = buffer.frames(T0);
      expect(frames.length).toBeGreaterThan(0);
      for (const frame of frames) {
        expect({ name: frame.name, refId: frame.refId }).toEqual({ name: channel, refId: 'Q' });
        expect(frame.length).toBe(frame.fields[0].values.length);
      }
    }
  );

  it.each([
    [
      'positions',
      ['symbol', 'side', 'qty', 'entryPrice', 'currentPrice', 'unrealizedPL', 'unrealizedPLPercent', 'marketValue'],
    ],
    [
      'orders',
      [
        'id',
        'createdAt',
        'updatedAt',
        'filledAt',
        'symbol',
        'side',
        'type',
        'qty',
        'filledQty',
        'price',
        'avgFillPrice',
        'status',
        'reason',
        'strategy',
      ],
    ],
    ['activity', ['timestamp', 'id', 'type', 'severity', 'message', 'details']],
    [
      'alerts',
      [
        'timestamp',
        'id',
        'service',
        'metric',
        'severity',
        'state',
        'message',
        'value',
        'threshold',
        'raisedAt',
        'resolvedAt',
      ],
    ],
    [
      'account',
      ['time', 'equity', 'cash', 'buyingPower', 'portfolioValue', 'dayPL', 'dayPLPercent', 'totalPL', 'totalPLPercent'],
    ],
    ['health', ['time', 'cpu', 'memory', 'latency', 'uptime', 'lastHeartbeat', 'status']],
    ['market', ['time', 'price', 'change', 'changePercent', 'volume', 'high', 'low', 'open']],
  ] as const)('gives the %s frame the contract field names', (channel, expected) => {
    const buffer = createChannelBuffer(channel);
    buffer.push(eventOf(channel, T0));
    expect(names(buffer.frames(T0)[0])).toEqual(expected);
  });

  it.each([
    ['positions', 'unrealizedPL', 'currencyINR'],
    ['positions', 'unrealizedPLPercent', 'percent'],
    ['account', 'equity', 'currencyINR'],
    ['health', 'latency', 'ms'],
    ['health', 'cpu', 'percent'],
    ['services', 'api.throughput', 'reqps'],
  ] as const)('sets the unit of %s.%s to %s', (channel, fieldName, unit) => {
    const buffer = createChannelBuffer(channel);
    buffer.push(eventOf(channel, T0));
    const field = buffer.frames(T0)[0].fields.find((candidate) => candidate.name === fieldName);
    expect(field?.config.unit).toBe(unit);
    expect(field?.config.displayName).toBeTruthy();
  });

  it('replaces the positions table on each update, from events and REST snapshots', () => {
    const buffer = createChannelBuffer('positions');
    buffer.push(
      event({
        event: 'positions:update',
        data: { positions: [position({ symbol: 'A' }), position({ symbol: 'B' })], timestamp: T0 },
      })
    );
    expect(column(buffer.frames()[0], 'symbol')).toEqual(['A', 'B']);
    buffer.push(snapshot('positions', [position({ symbol: 'C', side: 'short' })]));
    const frame = buffer.frames()[0];
    expect({ symbols: column(frame, 'symbol'), sides: column(frame, 'side'), length: frame.length }).toEqual({
      symbols: ['C'],
      sides: ['short'],
      length: 1,
    });
    expect(frame.meta?.preferredVisualisationType).toBe('table');
  });

  it('upserts orders by id, newest first, and keeps only bufferSize orders', () => {
    const buffer = createChannelBuffer('orders', { bufferSize: 3 });
    for (let i = 0; i < 5; i++) {
      buffer.push(eventOf('orders', T0 + i, i));
    }
    buffer.push(
      event({
        event: 'orders:update',
        data: {
          type: 'filled',
          order: order({
            id: 'o-3',
            status: 'filled',
            filledQty: 10,
            createdAt: T0 + 3,
            updatedAt: T0 + 10,
            filledAt: T0 + 10,
          }),
          timestamp: T0 + 10,
        },
      })
    );
    const frame = buffer.frames()[0];
    expect(column(frame, 'id')).toEqual(['o-4', 'o-3', 'o-2']);
    expect(column(frame, 'status')).toEqual(['new', 'filled', 'new']);
    expect(column(frame, 'filledAt')).toEqual([null, T0 + 10, null]);
    expect(frame.fields.find((field) => field.name === 'createdAt')?.type).toBe(FieldType.time);
    expect(buffer.size()).toBe(3);
  });

  it('evicts the order that finished longest ago before any working order', () => {
    const buffer = createChannelBuffer('orders', { bufferSize: 3 });
    const push = (id: string, status: Order['status'], at: number) =>
      buffer.push(
        event({
          event: 'orders:update',
          data: { type: 'new', order: order({ id, status, createdAt: at, updatedAt: at }), timestamp: at },
        })
      );
    push('open-old', 'new', T0);
    push('filled-1', 'filled', T0 + 1);
    push('cancelled-2', 'cancelled', T0 + 2);
    push('open-3', 'partially_filled', T0 + 3);
    expect(column(buffer.frames()[0], 'id')).toEqual(['open-3', 'cancelled-2', 'open-old']);
    push('open-4', 'new', T0 + 4);
    expect(column(buffer.frames()[0], 'id')).toEqual(['open-4', 'open-3', 'open-old']);
    // Only working orders left: the oldest goes.
    push('open-5', 'new', T0 + 5);
    expect(column(buffer.frames()[0], 'id')).toEqual(['open-5', 'open-4', 'open-3']);
    expect(buffer.size()).toBe(3);
  });

  it('keeps the blotter newest created first whatever order the orders arrive in', () => {
    const buffer = createChannelBuffer('orders', { bufferSize: 4 });
    const push = (id: string, createdAt: number) =>
      buffer.push(
        event({
          event: 'orders:update',
          data: { type: 'new', order: order({ id, createdAt, updatedAt: createdAt }), timestamp: createdAt },
        })
      );
    push('o-b', T0 + 2);
    push('o-a', T0 + 5);
    // Older than the top, and a tie on creation time (the larger id shows first).
    push('o-c', T0 + 1);
    push('o-d', T0 + 2);
    expect(column(buffer.frames()[0], 'id')).toEqual(['o-a', 'o-d', 'o-b', 'o-c']);
    // An update that moves the creation time moves the row.
    push('o-c', T0 + 9);
    expect(column(buffer.frames()[0], 'id')).toEqual(['o-c', 'o-a', 'o-d', 'o-b']);
    // Past the bound the working order that arrived first leaves (none finished), wherever it shows.
    push('o-e', T0 + 3);
    expect(column(buffer.frames()[0], 'id')).toEqual(['o-c', 'o-a', 'o-e', 'o-d']);
  });

  it('does not let an older REST snapshot regress an order the socket updated', () => {
    const buffer = createChannelBuffer('orders');
    buffer.push(
      event({
        event: 'orders:update',
        data: { type: 'filled', order: order({ status: 'filled', updatedAt: T0 + 5 }), timestamp: T0 + 5 },
      })
    );
    expect(
      buffer.push(
        snapshot('orders', [order({ status: 'new', updatedAt: T0 + 1 }), order({ id: 'o-2', createdAt: T0 + 2 })])
      )
    ).toBe(true);
    const frame = buffer.frames()[0];
    expect({ ids: column(frame, 'id'), statuses: column(frame, 'status') }).toEqual({
      ids: ['o-2', 'o-1'],
      statuses: ['new', 'filled'],
    });
  });

  it('filters orders, positions and market by the symbol filter', () => {
    const orders = createChannelBuffer('orders', { symbols: ['INFY'] });
    expect(
      orders.push(
        event({ event: 'orders:update', data: { type: 'new', order: order({ symbol: 'TCS' }), timestamp: T0 } })
      )
    ).toBe(false);
    orders.push(
      event({
        event: 'orders:update',
        data: { type: 'new', order: order({ id: 'o-9', symbol: 'INFY' }), timestamp: T0 },
      })
    );
    expect(column(orders.frames()[0], 'id')).toEqual(['o-9']);
    const market = createChannelBuffer('market', { symbols: ['INFY'] });
    market.push(eventOf('market', T0));
    expect(market.frames(T0).map((frame) => frame.fields[1].labels)).toEqual([{ symbol: 'INFY' }]);
  });

  it('filters orders by the order filter, alone or with the symbol filter', () => {
    const pushOrder = (buffer: ReturnType<typeof createChannelBuffer>, id: string, symbol: string) =>
      buffer.push(
        event({ event: 'orders:update', data: { type: 'new', order: order({ id, symbol }), timestamp: T0 } })
      );
    const byOrder = createChannelBuffer('orders', { orders: ['o-2'] });
    expect([pushOrder(byOrder, 'o-1', 'INFY'), pushOrder(byOrder, 'o-2', 'TCS')]).toEqual([false, true]);
    expect(column(byOrder.frames()[0], 'id')).toEqual(['o-2']);
    const both = createChannelBuffer('orders', { orders: ['o-2'], symbols: ['INFY'] });
    expect(pushOrder(both, 'o-2', 'TCS')).toBe(false);
  });

  it.each([
    ['no filter', {}, ['a-1', 'a-2', 'a-3']],
    ['the symbol filter', { symbols: ['TCS'] }, ['a-2', 'a-3']],
    ['the order filter', { orders: ['o-7'] }, ['a-2']],
    ['both filters', { symbols: ['TCS'], orders: ['o-8'] }, []],
  ])('keeps the activity entries that match %s, by the symbol and order in their details', (_name, filter, ids) => {
    const buffer = createChannelBuffer('activity', filter);
    buffer.push(event({ event: 'activity:log', data: activity({ id: 'a-1' }) }));
    buffer.push(
      event({ event: 'activity:log', data: activity({ id: 'a-2', details: { orderId: 'o-7', symbol: 'TCS' } }) })
    );
    buffer.push(event({ event: 'activity:log', data: activity({ id: 'a-3', details: { symbol: 'TCS' } }) }));
    expect(column(buffer.frames()[0], 'id') ?? []).toEqual(ids);
  });

  it('keeps activity as a logs ring buffer, oldest first, without duplicates', () => {
    const buffer = createChannelBuffer('activity', { bufferSize: 2 });
    buffer.push(eventOf('activity', T0, 1));
    expect(buffer.push(eventOf('activity', T0, 1))).toBe(false);
    buffer.push(eventOf('activity', T0 + 1, 2));
    buffer.push(eventOf('activity', T0 + 2, 3));
    buffer.push(
      event({ event: 'activity:log', data: activity({ id: 'a-4', details: { orderId: 'o-1' }, timestamp: T0 + 3 }) })
    );
    const frame = buffer.frames()[0];
    expect(frame.meta?.preferredVisualisationType).toBe('logs');
    expect({ ids: column(frame, 'id'), details: column(frame, 'details') }).toEqual({
      ids: ['a-3', 'a-4'],
      details: [null, { orderId: 'o-1' }],
    });
    // a-1 left the ring, so its key was forgotten: it may come again.
    expect(buffer.push(eventOf('activity', T0 + 4, 1))).toBe(true);
  });

  it('adds an alert once per state, from events and from the REST list of active alerts', () => {
    const buffer = createChannelBuffer('alerts');
    buffer.push(event({ event: 'alerts:update', data: { type: 'raised', alert: alert(), timestamp: T0 } }));
    expect(buffer.push(snapshot('alerts', [alert()]))).toBe(false);
    buffer.push(
      event({
        event: 'alerts:update',
        data: { type: 'resolved', alert: alert({ state: 'resolved', resolvedAt: T0 + 9 }), timestamp: T0 + 9 },
      })
    );
    const frame = buffer.frames()[0];
    expect({
      state: column(frame, 'state'),
      timestamp: column(frame, 'timestamp'),
      resolvedAt: column(frame, 'resolvedAt'),
    }).toEqual({
      state: ['active', 'resolved'],
      timestamp: [T0, T0 + 9],
      resolvedAt: [null, T0 + 9],
    });
    expect(frame.meta?.preferredVisualisationType).toBe('logs');
  });

  it('summarises strategy signals in a message', () => {
    const buffer = createChannelBuffer('strategy');
    buffer.push(event({ event: 'strategy:update', data: signal() }));
    expect(column(buffer.frames()[0], 'message')).toEqual(['momentum: BUY TCS (80%) breakout']);
  });

  it('keeps one point per interval in a time series, the latest of it', () => {
    const buffer = createChannelBuffer('account', { intervalMs: 1000 });
    for (const [offset, equity] of [
      [0, 1],
      [400, 2],
      [999, 3],
      [1000, 4],
      [1500, 5],
    ]) {
      buffer.push(event({ event: 'account:update', data: account({ timestamp: T0 + offset, equity }) }));
    }
    const frame = buffer.frames(T0 + 2000)[0];
    expect({ time: column(frame, 'time'), equity: column(frame, 'equity') }).toEqual({
      time: [T0 + 999, T0 + 1500],
      equity: [3, 5],
    });
  });

  it('forgets a market symbol without a quote for symbolEvictMs, and shows it again when it comes back', () => {
    const buffer = createChannelBuffer('market', { symbolEvictMs: 60_000 });
    const quote = { price: 10, change: 0, changePercent: 0, volume: 1 };
    const tick = (symbols: string[], at: number) =>
      buffer.push(
        event(
          {
            event: 'market:update',
            data: { symbols: Object.fromEntries(symbols.map((symbol) => [symbol, quote])), timestamp: at },
          },
          at
        )
      );
    const shown = (now: number) => buffer.frames(now).map((frame) => frame.fields[1].labels?.symbol);
    tick(['TCS', 'INFY'], T0);
    tick(['TCS'], T0 + 30_000);
    expect(shown(T0 + 60_000)).toEqual(['INFY', 'TCS']);
    expect(shown(T0 + 60_001)).toEqual(['TCS']);
    tick(['INFY'], T0 + 70_000);
    expect(shown(T0 + 70_000)).toEqual(['INFY', 'TCS']);
    expect(buffer.size()).toBe(3);
  });

  it.each([0, -1, Number.NaN])('refuses a symbolEvictMs of %p, saying what to set', (symbolEvictMs) => {
    expect(() => createChannelBuffer('market', { symbolEvictMs })).toThrow(/^Invalid symbolEvictMs .*Set it above 0/);
  });

  it('bounds a time series by maxDataPoints and drops repeated states', () => {
    const buffer = createChannelBuffer('account', { maxDataPoints: 3 });
    for (let i = 0; i < 5; i++) {
      buffer.push(event({ event: 'account:update', data: account({ timestamp: T0 + i * 1000, equity: i }) }));
    }
    expect(buffer.push(snapshot('account', account({ timestamp: T0 + 4000, equity: 4 })))).toBe(false);
    const frame = buffer.frames(T0 + 4000)[0];
    expect({ time: column(frame, 'time'), equity: column(frame, 'equity') }).toEqual({
      time: [T0 + 2000, T0 + 3000, T0 + 4000],
      equity: [2, 3, 4],
    });
  });

  it('trims a time series to the time window and uses the arrival time without a timestamp', () => {
    const buffer = createChannelBuffer('health', { windowMs: 1500 });
    buffer.push(event({ event: 'health:update', data: health({ timestamp: undefined, status: 'degraded' }) }, T0));
    buffer.push(event({ event: 'health:update', data: health({ timestamp: T0 + 1000 }) }));
    buffer.push(snapshot('health', health({ timestamp: T0 + 2000, status: 'critical' })));
    const frame = buffer.frames(T0 + 2000)[0];
    expect({ time: column(frame, 'time'), status: column(frame, 'status') }).toEqual({
      time: [T0 + 1000, T0 + 2000],
      status: ['healthy', 'critical'],
    });
    expect(frame.fields.find((field) => field.name === 'status')?.type).toBe(FieldType.string);
  });

  it('gives market one frame per symbol with symbol labels, from events and REST', () => {
    const buffer = createChannelBuffer('market');
    buffer.push(eventOf('market', T0, 1));
    buffer.push(
      snapshot('market', [
        {
          symbol: 'TCS',
          price: 120,
          change: 2,
          changePercent: 2,
          volume: 9,
          high: 125,
          low: 99,
          open: 100,
          timestamp: T0 + 1000,
        },
      ])
    );
    const frames = buffer.frames(T0 + 1000);
    expect(frames.map((frame) => [frame.name, frame.fields[1].labels?.symbol, frame.length])).toEqual([
      ['market', 'INFY', 1],
      ['market', 'TCS', 2],
    ]);
    expect(column(frames[1], 'high')).toEqual([null, 125]);
  });

  it('gives services one labelled field per service and metric', () => {
    const buffer = createChannelBuffer('services');
    buffer.push(event({ event: 'services:update', data: services(T0, 7) }));
    const frame = buffer.frames(T0)[0];
    expect(frame.fields).toHaveLength(26);
    expect(frame.fields.find((field) => field.name === 'database.latency')).toMatchObject({
      labels: { service: 'database', metric: 'latency' },
      values: [7],
    });
  });

  it('keeps only the asked fields, and every time field', () => {
    const buffer = createChannelBuffer('orders', { fields: ['id', 'status'] });
    buffer.push(eventOf('orders', T0));
    expect(names(buffer.frames()[0])).toEqual(['id', 'createdAt', 'updatedAt', 'filledAt', 'status']);
  });

  it('returns the same frames while nothing changed, and ignores other channels and gaps', () => {
    const buffer = createChannelBuffer('orders');
    buffer.push(eventOf('orders', T0));
    const first = buffer.frames();
    expect(buffer.push(eventOf('activity', T0))).toBe(false);
    expect(buffer.push({ kind: 'gap', channel: 'orders', receivedAt: T0 })).toBe(false);
    expect(buffer.frames()).toBe(first);
  });

  it('rejects a buffer size that would not bound memory, saying which option', () => {
    expect(() => createChannelBuffer('orders', { bufferSize: 0 })).toThrow(/Invalid bufferSize 0/);
    expect(() => createChannelBuffer('market', { maxDataPoints: 1e9 })).toThrow(/maxDataPoints/);
  });
});
