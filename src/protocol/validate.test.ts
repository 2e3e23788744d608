import * as v from 'valibot';
import { SPEC_000_DATA_EXAMPLES, SPEC_001_EXAMPLES } from './fixtures/spec001Examples';
import { AccountMetricsSchema, MarketDataSchema, OrderSchema, PositionSchema, SystemHealthSchema } from './schemas';
import { parseClientMessage, parseServerMessage, type ViolationKind } from './validate';

const order = SPEC_001_EXAMPLES.find((example) => example.name === 'orders:update (partial_fill)')!.message as {
  event: string;
  data: { type: string; order: Record<string, unknown>; timestamp: number };
};
const health = SPEC_001_EXAMPLES.find((example) => example.name === 'health:update')!.message as {
  event: string;
  data: Record<string, unknown>;
};
const positions = SPEC_001_EXAMPLES.find((example) => example.name === 'positions:update')!.message as {
  event: string;
  data: { positions: Array<Record<string, unknown>>; timestamp: number };
};

function withOrder(change: Record<string, unknown>) {
  return { ...order, data: { ...order.data, order: { ...order.data.order, ...change } } };
}
function withoutOrderField(field: string) {
  const { [field]: _removed, ...rest } = order.data.order;
  return { ...order, data: { ...order.data, order: rest } };
}
function withHealth(change: Record<string, unknown>) {
  return { ...health, data: { ...health.data, ...change } };
}
function withPosition(change: Record<string, unknown>) {
  return { ...positions, data: { ...positions.data, positions: [{ ...positions.data.positions[0], ...change }] } };
}

describe('protocol validation of the spec examples', () => {
  it.each(SPEC_001_EXAMPLES.map((example) => [example.name, example] as const))(
    'accepts the spec 001 example %s in its direction',
    (_name, example) => {
      const result =
        example.direction === 'server' ? parseServerMessage(example.message) : parseClientMessage(example.message);
      expect(result).toEqual({ ok: true, value: example.message });
    }
  );

  it.each(SPEC_001_EXAMPLES.map((example) => [example.name, example] as const))(
    'rejects the spec 001 example %s in the other direction',
    (_name, example) => {
      const result =
        example.direction === 'server' ? parseClientMessage(example.message) : parseServerMessage(example.message);
      expect(result.ok).toBe(false);
      // Heartbeats go both ways (round-trip extension) with different payloads: the event is
      // known in both directions, the payload of the other direction is not.
      const event = (example.message as { event: string }).event;
      const bothWays = event === 'heartbeat' || event === 'heartbeat:ack';
      expect(!result.ok && result.error).toMatchObject(
        bothWays
          ? { kind: 'invalid_message', path: expect.stringMatching(/^data\./) }
          : { kind: 'unknown_event', path: 'event' }
      );
    }
  );

  it('accepts the spec examples as wire text too', () => {
    for (const example of SPEC_001_EXAMPLES) {
      const text = JSON.stringify(example.message);
      const result = example.direction === 'server' ? parseServerMessage(text) : parseClientMessage(text);
      expect(result.ok).toBe(true);
    }
  });

  it.each([
    ['Position', PositionSchema, SPEC_000_DATA_EXAMPLES.position],
    ['Order', OrderSchema, SPEC_000_DATA_EXAMPLES.order],
    ['AccountMetrics', AccountMetricsSchema, SPEC_000_DATA_EXAMPLES.account],
    ['SystemHealth', SystemHealthSchema, SPEC_000_DATA_EXAMPLES.health],
    ['MarketData', MarketDataSchema, SPEC_000_DATA_EXAMPLES.market],
  ] as const)('accepts a complete spec 000 %s', (_name, schema, value) => {
    expect(v.safeParse(schema, value).success).toBe(true);
  });

  it('keeps known fields and drops unknown ones, so newer servers stay compatible', () => {
    const result = parseServerMessage({ ...health, data: { ...health.data, gpu: 3 }, extra: true });
    expect(result).toEqual({ ok: true, value: health });
  });

  it('accepts the extensions: seq, snapshot, epoch, resume, recovered, batchMs and batch', () => {
    expect(parseServerMessage({ ...health, seq: 41, snapshot: true }).ok).toBe(true);
    expect(
      parseServerMessage({
        event: 'connection:ack',
        data: { connectionId: 'c1', serverTime: 1, version: '1.0.0', epoch: 'e-1', heartbeatIntervalMs: 30000 },
      }).ok
    ).toBe(true);
    expect(
      parseClientMessage({
        event: 'subscribe',
        data: { channels: ['orders', 'alerts'], resume: { orders: { epoch: 'e-1', seq: 1234 } }, batchMs: 10 },
      }).ok
    ).toBe(true);
    expect(
      parseServerMessage({
        event: 'subscribed',
        data: { channels: ['orders'], subscribedAt: 1, recovered: { orders: true }, batchMs: 10 },
      }).ok
    ).toBe(true);
    expect(
      parseServerMessage({
        event: 'batch',
        data: {
          events: [
            { ...health, seq: 1 },
            { ...order, seq: 7 },
          ],
        },
      }).ok
    ).toBe(true);
  });
});

const activity = (change: Record<string, unknown>) => ({
  event: 'activity:log',
  data: { id: 'a1', type: 'system', severity: 'info', message: 'm', timestamp: 1_706_400_000_000, ...change },
});

/** Values the specs allow (they type these fields as string, number or an untyped object) that look unusual. */
const UNUSUAL_BUT_VALID: Array<[description: string, input: unknown, path: string[], expected: unknown]> = [
  ['a health status beyond the known three', withHealth({ status: 'warning' }), ['data', 'status'], 'warning'],
  ['a cpu above 100 %', withHealth({ cpu: 103 }), ['data', 'cpu'], 103],
  ['a negative latency', withHealth({ latency: -1 }), ['data', 'latency'], -1],
  ['an order type beyond market and limit', withOrder({ type: 'stop_limit' }), ['data', 'order', 'type'], 'stop_limit'],
  ['an order status beyond the known five', withOrder({ status: 'expired' }), ['data', 'order', 'status'], 'expired'],
  ['an order side beyond buy and sell', withOrder({ side: 'sell_short' }), ['data', 'order', 'side'], 'sell_short'],
  ['a zero order quantity', withOrder({ qty: 0 }), ['data', 'order', 'qty'], 0],
  [
    'a fractional timestamp',
    withOrder({ createdAt: 1_706_399_000_000.5 }),
    ['data', 'order', 'createdAt'],
    1_706_399_000_000.5,
  ],
  ['a position side beyond long and short', withPosition({ side: 'flat' }), ['data', 'positions', '0', 'side'], 'flat'],
  ['a zero current price', withPosition({ currentPrice: 0 }), ['data', 'positions', '0', 'currentPrice'], 0],
  [
    'a negative buying power',
    { event: 'account:update', data: { ...SPEC_000_DATA_EXAMPLES.account, buyingPower: -1 } },
    ['data', 'buyingPower'],
    -1,
  ],
  [
    'a negative market volume',
    {
      event: 'market:update',
      data: { symbols: { TCS: { price: 1, change: 0, changePercent: 0, volume: -3 } }, timestamp: 1 },
    },
    ['data', 'symbols', 'TCS', 'volume'],
    -3,
  ],
  ['an activity type beyond the known six', activity({ type: 'trade' }), ['data', 'type'], 'trade'],
  ['an activity severity beyond the known three', activity({ severity: 'critical' }), ['data', 'severity'], 'critical'],
  [
    'an object inside activity details',
    activity({ details: { order: { id: 'o1', qty: 2 } } }),
    ['data', 'details', 'order'],
    { id: 'o1', qty: 2 },
  ],
  ['an array inside activity details', activity({ details: { fills: [1, 2] } }), ['data', 'details', 'fills'], [1, 2]],
];

describe('protocol validation is as lenient as the specs', () => {
  it.each(UNUSUAL_BUT_VALID)('accepts %s and keeps the value', (_description, input, path, expected) => {
    const result = parseServerMessage(input);
    expect(result.ok).toBe(true);
    const value = path.reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], result.ok && result.value);
    expect(value).toEqual(expected);
  });

  it('delivers the other members of a batch with one bad member, and names the bad one', () => {
    const result = parseServerMessage({
      event: 'batch',
      data: { events: [{ ...health, seq: 1 }, withHealth({ cpu: 'high' }), { ...order, seq: 7 }] },
    });
    expect(result).toEqual({
      ok: true,
      value: {
        event: 'batch',
        data: {
          events: [
            { ...health, seq: 1 },
            { ...order, seq: 7 },
          ],
        },
      },
      skipped: [
        {
          kind: 'invalid_message',
          path: 'data.events[1].data.cpu',
          message: 'data.events[1].data.cpu: expected a finite number, got string "high"',
          event: 'health:update',
        },
      ],
    });
  });

  it.each([
    [
      'a control event',
      { event: 'heartbeat', data: { serverTime: 1, connectionUptime: 1 } },
      'data.events[0].event',
      'data events only',
    ],
    ['a member that is not an object', 42, 'data.events[0]', 'got number 42'],
    ['a member with an unknown event', { event: 'trades:update', data: {} }, 'data.events[0].event', 'unknown event'],
  ])('skips %s inside a batch, naming it', (_description, member, path, says) => {
    const result = parseServerMessage({ event: 'batch', data: { events: [member, { ...health, seq: 2 }] } });
    expect(result.ok && result.value).toEqual({ event: 'batch', data: { events: [{ ...health, seq: 2 }] } });
    expect(result.ok && result.skipped).toMatchObject([{ path, message: expect.stringContaining(says) }]);
    expect(result.ok && result.skipped?.[0].message.startsWith(`${path}: `)).toBe(true);
  });

  it('names the event of a rejected message, so a client can tell its channel', () => {
    const result = parseServerMessage(withHealth({ cpu: null }));
    expect(!result.ok && result.error).toMatchObject({ event: 'health:update', path: 'data.cpu' });
  });
});

type Case = [
  description: string,
  direction: 'server' | 'client',
  input: unknown,
  kind: ViolationKind,
  path: string,
  says?: string,
];

const MALFORMED: Case[] = [
  // not JSON, not an envelope
  ['non-JSON text', 'server', '{"event": "heartbeat", ', 'invalid_json', '', 'not valid JSON'],
  ['plain text', 'client', 'hello', 'invalid_json', '', 'not valid JSON'],
  ['empty text', 'client', '', 'invalid_json', '', 'not valid JSON'],
  ['a JSON array', 'server', '[1,2]', 'invalid_message', '', 'got an array'],
  ['JSON null', 'client', 'null', 'invalid_message', '', 'got null'],
  ['a JSON number', 'server', '42', 'invalid_message', '', 'got number'],
  [
    'oversize input',
    'client',
    JSON.stringify({ event: 'subscribe', data: { channels: ['orders'], pad: 'x'.repeat(70000) } }),
    'too_large',
    '',
    'exceeds the limit',
  ],
  ['a missing event name', 'server', { data: {} }, 'invalid_message', 'event', 'expected an event name'],
  ['a numeric event name', 'client', { event: 7, data: {} }, 'invalid_message', 'event', 'expected an event name'],
  [
    'an unknown event',
    'server',
    { event: 'positions:delete', data: {} },
    'unknown_event',
    'event',
    'unknown event "positions:delete"',
  ],
  [
    'an unknown client event',
    'client',
    { event: 'subscribe-all', data: {} },
    'unknown_event',
    'event',
    'unknown event',
  ],
  [
    'a server event sent by a client',
    'client',
    { event: 'reconnect', data: { reason: 'server_restart', delay: 1, message: '' } },
    'unknown_event',
    'event',
    'sent by the server',
  ],
  [
    'a client heartbeat without its time',
    'client',
    { event: 'heartbeat', data: { serverTime: 1, connectionUptime: 1 } },
    'invalid_message',
    'data.clientTime',
    'required field is missing',
  ],
  [
    'a heartbeat ack reply without the server time',
    'server',
    { event: 'heartbeat:ack', data: { clientTime: 1 } },
    'invalid_message',
    'data.serverTime',
    'required field is missing',
  ],
  [
    'a client event sent by a server',
    'server',
    { event: 'subscribe', data: { channels: ['orders'] } },
    'unknown_event',
    'event',
    'sent by the client',
  ],
  // subscriptions
  [
    'an unknown channel',
    'client',
    { event: 'subscribe', data: { channels: ['positions', 'trades'] } },
    'invalid_message',
    'data.channels[1]',
    'unknown channel',
  ],
  [
    'an empty channel list',
    'client',
    { event: 'subscribe', data: { channels: [] } },
    'invalid_message',
    'data.channels',
    'at least one channel',
  ],
  [
    'channels as a string',
    'client',
    { event: 'subscribe', data: { channels: 'orders' } },
    'invalid_message',
    'data.channels',
    'expected an array',
  ],
  [
    'a missing channel list',
    'client',
    { event: 'unsubscribe', data: {} },
    'invalid_message',
    'data.channels',
    'required field is missing',
  ],
  ['data as an array', 'client', { event: 'subscribe', data: ['orders'] }, 'invalid_message', 'data', 'got an array'],
  ['data as null', 'client', { event: 'unsubscribe', data: null }, 'invalid_message', 'data', 'got null'],
  [
    'a resume point with a negative seq',
    'client',
    { event: 'subscribe', data: { channels: ['orders'], resume: { orders: { epoch: 'e', seq: -1 } } } },
    'invalid_message',
    'data.resume.orders.seq',
    '≥ 0',
  ],
  [
    'a resume point with a fractional seq',
    'client',
    { event: 'subscribe', data: { channels: ['orders'], resume: { orders: { epoch: 'e', seq: 1.5 } } } },
    'invalid_message',
    'data.resume.orders.seq',
    'integer',
  ],
  [
    'a resume point without epoch',
    'client',
    { event: 'subscribe', data: { channels: ['orders'], resume: { orders: { seq: 3 } } } },
    'invalid_message',
    'data.resume.orders.epoch',
    'required field is missing',
  ],
  [
    'a batch window beyond the limit',
    'client',
    { event: 'subscribe', data: { channels: ['orders'], batchMs: 5000 } },
    'invalid_message',
    'data.batchMs',
    'at most 1000',
  ],
  [
    'a heartbeat ack with a string time',
    'client',
    { event: 'heartbeat:ack', data: { clientTime: 'now' } },
    'invalid_message',
    'data.clientTime',
    'finite number',
  ],
  [
    'a heartbeat ack without data',
    'client',
    { event: 'heartbeat:ack' },
    'invalid_message',
    'data',
    'required field is missing',
  ],
  // orders
  ['a quantity as a string', 'server', withOrder({ qty: '10' }), 'invalid_message', 'data.order.qty', 'finite number'],
  [
    'an order without id',
    'server',
    withoutOrderField('id'),
    'invalid_message',
    'data.order.id',
    'required field is missing',
  ],
  [
    'an order with an empty symbol',
    'server',
    withOrder({ symbol: '' }),
    'invalid_message',
    'data.order.symbol',
    'non-empty',
  ],
  [
    'an order as an array',
    'server',
    { ...order, data: { ...order.data, order: [order.data.order] } },
    'invalid_message',
    'data.order',
    'got an array',
  ],
  [
    'an unknown order update type',
    'server',
    { ...order, data: { ...order.data, type: 'amended' } },
    'invalid_message',
    'data.type',
    'expected one of new',
  ],
  // health, positions, market, account
  [
    'a non-finite cpu',
    'server',
    withHealth({ cpu: Number.POSITIVE_INFINITY }),
    'invalid_message',
    'data.cpu',
    'finite number',
  ],
  ['a NaN latency', 'server', withHealth({ latency: Number.NaN }), 'invalid_message', 'data.latency', 'finite number'],
  [
    'a missing heartbeat time',
    'server',
    { ...health, data: { ...health.data, lastHeartbeat: undefined } },
    'invalid_message',
    'data.lastHeartbeat',
    'required field is missing',
  ],
  [
    'positions as an object',
    'server',
    { ...positions, data: { ...positions.data, positions: { RELIANCE: {} } } },
    'invalid_message',
    'data.positions',
    'Invalid type',
  ],
  [
    'a quote as an array',
    'server',
    { event: 'market:update', data: { symbols: { TCS: [1, 2] }, timestamp: 1 } },
    'invalid_message',
    'data.symbols.TCS',
    'got an array',
  ],
  [
    'activity details as an array',
    'server',
    {
      event: 'activity:log',
      data: { id: 'a', type: 'system', severity: 'info', message: 'm', details: ['x'], timestamp: 1 },
    },
    'invalid_message',
    'data.details',
    'got an array',
  ],
  [
    'an unknown error code',
    'server',
    { event: 'error', data: { code: 'TEAPOT', error: { what: 'a', why: 'b', how: 'c' } } },
    'invalid_message',
    'data.code',
    'unknown error code',
  ],
  [
    'an error without its how',
    'server',
    { event: 'error', data: { code: 'SERVER_ERROR', error: { what: 'a', why: 'b' } } },
    'invalid_message',
    'data.error.how',
    'required field is missing',
  ],
  [
    'an unknown close reason',
    'server',
    { event: 'connection:closed', data: { reason: 'bored', message: 'bye' } },
    'invalid_message',
    'data.reason',
    'client_disconnect',
  ],
  [
    'a negative reconnect delay',
    'server',
    { event: 'reconnect', data: { reason: 'server_restart', delay: -5, message: 'm' } },
    'invalid_message',
    'data.delay',
    '≥ 0',
  ],
  [
    'an ack without connection id',
    'server',
    { event: 'connection:ack', data: { serverTime: 1, version: '1.0.0' } },
    'invalid_message',
    'data.connectionId',
    'required field is missing',
  ],
  ['a negative seq', 'server', { ...health, seq: -1 }, 'invalid_message', 'seq', '≥ 0'],
  [
    'an unknown alert severity',
    'server',
    {
      event: 'alerts:update',
      data: {
        type: 'raised',
        alert: {
          id: 'al',
          service: 'api',
          metric: 'cpu',
          severity: 'info',
          state: 'active',
          message: 'm',
          value: 1,
          threshold: 1,
          raisedAt: 1,
        },
        timestamp: 1,
      },
    },
    'invalid_message',
    'data.alert.severity',
    'warning, critical',
  ],
  [
    'an alert on an unknown service',
    'server',
    {
      event: 'alerts:update',
      data: {
        type: 'raised',
        alert: {
          id: 'al',
          service: 'billing',
          metric: 'cpu',
          severity: 'warning',
          state: 'active',
          message: 'm',
          value: 1,
          threshold: 1,
          raisedAt: 1,
        },
        timestamp: 1,
      },
    },
    'invalid_message',
    'data.alert.service',
    'auth, api',
  ],
  [
    'an unknown strategy event kind',
    'server',
    { event: 'strategy:update', data: { kind: 'rumour', timestamp: 1 } },
    'invalid_message',
    'data.kind',
    'signal, indicator',
  ],
  [
    'a signal confidence above 1',
    'server',
    {
      event: 'strategy:update',
      data: {
        kind: 'signal',
        symbol: 'TCS',
        strategy: 'momentum',
        signal: 'BUY',
        confidence: 1.5,
        reason: 'r',
        timeframe: '5m',
        timestamp: 1,
      },
    },
    'invalid_message',
    'data.confidence',
    '',
  ],
  ['a cpu as a string', 'server', withHealth({ cpu: '25' }), 'invalid_message', 'data.cpu', 'finite number'],
  [
    'a health status as a number',
    'server',
    withHealth({ status: 3 }),
    'invalid_message',
    'data.status',
    'expected a string',
  ],
  ['an order type as null', 'server', withOrder({ type: null }), 'invalid_message', 'data.order.type', 'got null'],
  [
    'a position side as a boolean',
    'server',
    withPosition({ side: true }),
    'invalid_message',
    'data.positions[0].side',
    'expected a string',
  ],
  [
    'a timestamp as a string',
    'server',
    withOrder({ createdAt: '2024-01-28' }),
    'invalid_message',
    'data.order.createdAt',
    'finite number',
  ],
  [
    'a batch whose events are not an array',
    'server',
    { event: 'batch', data: { events: {} } },
    'invalid_message',
    'data.events',
    'array of data events',
  ],
];

describe('protocol validation of malformed messages', () => {
  it('has at least 40 malformed variants', () => {
    expect(MALFORMED.length).toBeGreaterThanOrEqual(40);
  });

  it.each(MALFORMED)('rejects %s, naming the field', (_description, direction, input, kind, path, says) => {
    const result = direction === 'server' ? parseServerMessage(input) : parseClientMessage(input);
    expect(result.ok).toBe(false);
    if (result.ok) {
      return;
    }
    expect(result.error.kind).toBe(kind);
    expect(result.error.path).toBe(path);
    expect(result.error.message.startsWith(path ? `${path}: ` : '')).toBe(true);
    expect(result.error.message).toContain(says ?? '');
  });

  it('honours a configured size limit', () => {
    const text = JSON.stringify({ event: 'heartbeat:ack', data: { clientTime: 1 } });
    expect(parseClientMessage(text, { maxLength: text.length }).ok).toBe(true);
    const result = parseClientMessage(text, { maxLength: text.length - 1 });
    expect(!result.ok && result.error.kind).toBe('too_large');
  });

  it('never throws, whatever it is given', () => {
    const inputs: unknown[] = [
      undefined,
      Symbol('s'),
      () => 1,
      BigInt(10),
      new Date(),
      { event: 'subscribe', data: { channels: [{}] } },
    ];
    for (const input of inputs) {
      expect(() => parseServerMessage(input)).not.toThrow();
      expect(() => parseClientMessage(input)).not.toThrow();
      expect(parseClientMessage(input).ok).toBe(false);
    }
  });
});
