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
  ['a negative order quantity', 'server', withOrder({ qty: -10 }), 'invalid_message', 'data.order.qty', '≥ 0'],
  ['a zero order quantity', 'server', withOrder({ qty: 0 }), 'invalid_message', 'data.order.qty', '> 0'],
  [
    'a negative filled quantity',
    'server',
    withOrder({ filledQty: -1 }),
    'invalid_message',
    'data.order.filledQty',
    '≥ 0',
  ],
  ['a quantity as a string', 'server', withOrder({ qty: '10' }), 'invalid_message', 'data.order.qty', 'finite number'],
  [
    'an unknown order status',
    'server',
    withOrder({ status: 'open' }),
    'invalid_message',
    'data.order.status',
    'expected one of new',
  ],
  [
    'an unknown order side',
    'server',
    withOrder({ side: 'long' }),
    'invalid_message',
    'data.order.side',
    'expected one of buy, sell',
  ],
  [
    'an unknown order type',
    'server',
    withOrder({ type: 'stop' }),
    'invalid_message',
    'data.order.type',
    'expected one of market, limit',
  ],
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
    'a fractional timestamp',
    'server',
    withOrder({ createdAt: 1706399000000.5 }),
    'invalid_message',
    'data.order.createdAt',
    'integer',
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
  ['a cpu above 100 %', 'server', withHealth({ cpu: 140 }), 'invalid_message', 'data.cpu', '0..100'],
  [
    'an unknown health status',
    'server',
    withHealth({ status: 'ok' }),
    'invalid_message',
    'data.status',
    'healthy, degraded, critical',
  ],
  [
    'a missing heartbeat time',
    'server',
    { ...health, data: { ...health.data, lastHeartbeat: undefined } },
    'invalid_message',
    'data.lastHeartbeat',
    'required field is missing',
  ],
  [
    'a negative position quantity',
    'server',
    withPosition({ qty: -50 }),
    'invalid_message',
    'data.positions[0].qty',
    '≥ 0',
  ],
  [
    'a zero current price',
    'server',
    withPosition({ currentPrice: 0 }),
    'invalid_message',
    'data.positions[0].currentPrice',
    '> 0',
  ],
  [
    'an unknown position side',
    'server',
    withPosition({ side: 'flat' }),
    'invalid_message',
    'data.positions[0].side',
    'long, short',
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
    'a negative market volume',
    'server',
    {
      event: 'market:update',
      data: { symbols: { TCS: { price: 1, change: 0, changePercent: 0, volume: -3 } }, timestamp: 1 },
    },
    'invalid_message',
    'data.symbols.TCS.volume',
    '≥ 0',
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
    'a negative buying power',
    'server',
    { event: 'account:update', data: { ...SPEC_000_DATA_EXAMPLES.account, buyingPower: -1 } },
    'invalid_message',
    'data.buyingPower',
    '≥ 0',
  ],
  // activity, errors, control, extensions
  [
    'an unknown activity type',
    'server',
    { event: 'activity:log', data: { id: 'a', type: 'trade', severity: 'info', message: 'm', timestamp: 1 } },
    'invalid_message',
    'data.type',
    'order_placed',
  ],
  [
    'an unknown activity severity',
    'server',
    { event: 'activity:log', data: { id: 'a', type: 'system', severity: 'fatal', message: 'm', timestamp: 1 } },
    'invalid_message',
    'data.severity',
    'info, warning, error',
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
    'a nested object in activity details',
    'server',
    {
      event: 'activity:log',
      data: { id: 'a', type: 'system', severity: 'info', message: 'm', details: { x: { y: 1 } }, timestamp: 1 },
    },
    'invalid_message',
    'data.details.x',
    'string, number, boolean or null',
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
    'a non-data event inside a batch',
    'server',
    { event: 'batch', data: { events: [{ event: 'heartbeat', data: { serverTime: 1, connectionUptime: 1 } }] } },
    'invalid_message',
    'data.events[0].event',
    'Invalid type',
  ],
  [
    'a bad event deep inside a batch',
    'server',
    { event: 'batch', data: { events: [health, withHealth({ memory: -2 })] } },
    'invalid_message',
    'data.events[1].data.memory',
    '0..100',
  ],
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
