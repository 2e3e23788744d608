import { CHANNEL_EVENTS, type Channel, type DataMessage } from '../../src/protocol';
import { createEngine } from '../engine';
import { eventTimestamp } from './LoadSession';
import { readEventFrame, type EnvelopeEvent, type FrameKind } from './readEventFrame';

const everyChannel = (_channel: Channel) => true;

function read(
  text: string,
  isWanted: (channel: Channel) => boolean = everyChannel
): { kind: FrameKind; events: EnvelopeEvent[] } {
  const events: EnvelopeEvent[] = [];
  // The reader hands over one reused object for the common layout: keep a copy.
  const kind = readEventFrame(Buffer.from(text), isWanted, (event) => events.push({ ...event }));
  return { kind, events };
}

const brief = ({ channel, seq, snapshot, timestamp }: EnvelopeEvent) => ({
  event: CHANNEL_EVENTS[channel],
  seq,
  snapshot,
  timestamp,
});

/** The event's own JSON, cut from the frame's bytes where the reader says it sits. */
const eventText = (text: string, { start, end }: EnvelopeEvent) => Buffer.from(text).toString('utf8', start, end);

describe('readEventFrame', () => {
  it.each<[string, string, Array<ReturnType<typeof brief>>]>([
    [
      'a data event as the simulator writes it',
      '{"event":"orders:update","data":{"type":"created","order":{"id":"o1"},"timestamp":1700000000123},"seq":7}',
      [{ event: 'orders:update', seq: 7, snapshot: false, timestamp: 1700000000123 }],
    ],
    [
      'a snapshot, keys in another order, with spaces',
      '{ "seq" : 3 , "snapshot" : true , "data" : { "timestamp" : 5.5 } , "event" : "positions:update" }',
      [{ event: 'positions:update', seq: 3, snapshot: true, timestamp: 5.5 }],
    ],
    [
      'nested timestamps, only the top-level one of data counts',
      '{"event":"market:update","data":{"symbols":{"TCS":{"price":1,"timestamp":1}},"timestamp":2},"seq":1}',
      [{ event: 'market:update', seq: 1, snapshot: false, timestamp: 2 }],
    ],
    [
      "an order's updatedAt, then its createdAt, when data has no timestamp",
      '{"event":"orders:update","data":{"order":{"createdAt":3,"updatedAt":4}},"seq":2}',
      [{ event: 'orders:update', seq: 2, snapshot: false, timestamp: 4 }],
    ],
    [
      'strings holding quotes, brackets and key-like text',
      '{"event":"activity:log","data":{"message":"a \\"}\\" \\\\\\" ] \\"timestamp\\":9 {","timestamp":8},"seq":4}',
      [{ event: 'activity:log', seq: 4, snapshot: false, timestamp: 8 }],
    ],
    [
      'an event without seq or a usable timestamp',
      '{"event":"activity:log","data":{"timestamp":"soon","kind":"signal"}}',
      [{ event: 'activity:log', seq: undefined, snapshot: false, timestamp: undefined }],
    ],
    [
      'a batch, each of its events',
      '{"event":"batch","data":{"events":[{"event":"orders:update","data":{"timestamp":1},"seq":1},{"event":"market:update","data":{"timestamp":2},"seq":9}]}}',
      [
        { event: 'orders:update', seq: 1, snapshot: false, timestamp: 1 },
        { event: 'market:update', seq: 9, snapshot: false, timestamp: 2 },
      ],
    ],
    [
      'a batch whose data comes before its event name',
      '{"data":{"events":[{"event":"orders:update","data":{"timestamp":1},"seq":1}]},"event":"batch"}',
      [{ event: 'orders:update', seq: 1, snapshot: false, timestamp: 1 }],
    ],
    ['an empty batch', '{"event":"batch","data":{"events":[]}}', []],
    [
      'data whose timestamp is not its last member',
      '{"event":"orders:update","data":{"timestamp":6,"type":"new"},"seq":5}',
      [{ event: 'orders:update', seq: 5, snapshot: false, timestamp: 6 }],
    ],
    [
      'a last member that only looks like a timestamp inside a nested object',
      '{"event":"market:update","data":{"timestamp":1,"symbols":{"TCS":{"timestamp":2}}},"seq":5}',
      [{ event: 'market:update', seq: 5, snapshot: false, timestamp: 1 }],
    ],
    [
      'a snapshot as the simulator writes it',
      '{"event":"account:update","data":{"cash":1,"timestamp":7.5},"seq":2,"snapshot":true}',
      [{ event: 'account:update', seq: 2, snapshot: true, timestamp: 7.5 }],
    ],
    [
      'escaped quotes and non-ASCII text before the timestamp, as the simulator writes it',
      '{"event":"activity:log","data":{"message":"say \\"hi\\" ₹ 😀 \\\\","timestamp":8},"seq":4}',
      [{ event: 'activity:log', seq: 4, snapshot: false, timestamp: 8 }],
    ],
    [
      'a fractional timestamp in the common layout',
      '{"event":"orders:update","data":{"timestamp":1700000000123.5},"seq":9007199254740991}',
      [{ event: 'orders:update', seq: 9007199254740991, snapshot: false, timestamp: 1700000000123.5 }],
    ],
    [
      'a negative timestamp and one with an exponent',
      '{"event":"batch","data":{"events":[{"event":"orders:update","data":{"timestamp":-5},"seq":1},{"event":"orders:update","data":{"timestamp":1.7e12},"seq":2}]}}',
      [
        { event: 'orders:update', seq: 1, snapshot: false, timestamp: -5 },
        { event: 'orders:update', seq: 2, snapshot: false, timestamp: 1.7e12 },
      ],
    ],
    [
      'a batch spread over tabs, newlines and carriage returns',
      '\t{\r\n "event":\t"batch",\n "data": {"events": [\n  {"event":"activity:log" ,"data":{"timestamp":3},"seq":8} ,\n  { "seq":9,"event":"orders:update","data":{"timestamp":4}}\n ]}\n}\n',
      [
        { event: 'activity:log', seq: 8, snapshot: false, timestamp: 3 },
        { event: 'orders:update', seq: 9, snapshot: false, timestamp: 4 },
      ],
    ],
    [
      'a common layout whose snapshot flag is false',
      '{"event":"market:update","data":{"timestamp":2},"seq":3,"snapshot":false}',
      [{ event: 'market:update', seq: 3, snapshot: false, timestamp: 2 }],
    ],
  ])('reads %s', (_name, text, expected) => {
    const { kind, events } = read(text);
    expect(kind).toEqual({ kind: 'data' });
    expect(events.map(brief)).toEqual(expected);
    events.forEach((event) => expect(JSON.parse(eventText(text, event))).toHaveProperty('event'));
  });

  it.each([
    ['connection:ack', '{"event":"connection:ack","data":{"epoch":"e1","heartbeatIntervalMs":30000}}'],
    ['heartbeat', '{"event":"heartbeat","data":{"timestamp":1}}'],
    ['subscribed', '{"event":"subscribed","data":{"channels":["orders"]}}'],
    // Escapes are not decoded: the client parses the frame and sees orders:update.
    ['orders\\u003aupdate', '{"event":"orders\\u003aupdate","data":{"timestamp":1},"seq":1}'],
  ])('leaves %s to the client', (event, text) => {
    expect(read(text)).toEqual({ kind: { kind: 'control', event }, events: [] });
  });

  it('leaves data events of channels the caller does not read to the client', () => {
    const onlyOrders = (channel: Channel) => channel === 'orders';
    const text = '{"event":"market:update","data":{"timestamp":2},"seq":3}';
    expect(read(text, onlyOrders)).toEqual({ kind: { kind: 'control', event: 'market:update' }, events: [] });
    expect(read('{"event":"batch","data":{"events":[JSON]}}'.replace('JSON', text), onlyOrders).kind).toEqual({
      kind: 'unreadable',
    });
  });

  it('cuts each event out of a frame with multi-byte characters at its byte offsets', () => {
    const first = { event: 'activity:log', data: { message: 'prix ₹ 😀 “quoted”', timestamp: 1 }, seq: 1 };
    const second = { event: 'orders:update', data: { note: 'é}]"', timestamp: 2 }, seq: 2 };
    for (const text of [
      JSON.stringify(first),
      JSON.stringify({ event: 'batch', data: { events: [first, second] } }),
      JSON.stringify({ event: 'batch', data: { events: [first, second] } }, null, 2),
    ]) {
      const { events } = read(text);
      expect(events.map((event) => JSON.parse(eventText(text, event)) as unknown)).toEqual(
        text.includes('batch') ? [first, second] : [first]
      );
    }
  });

  it.each([
    ['not JSON', 'hello'],
    ['an array', '[1,2]'],
    ['no event name', '{"data":{},"seq":1}'],
    ['a cut-off frame', '{"event":"orders:update","data":{"timestamp":1'],
    ['an unterminated string', '{"event":"orders:update","data":{"note":"abc'],
    ['trailing text', '{"event":"orders:update","data":{}} x'],
    ['a batch holding a control message', '{"event":"batch","data":{"events":[{"event":"heartbeat","data":{}}]}}'],
    ['a batch without events', '{"event":"batch","data":{}}'],
    ['an empty frame', ''],
    ['a number', '42'],
    ['null', 'null'],
    ['an event name that is not a string', '{"event":5,"data":{}}'],
    ['a common layout cut inside its seq', '{"event":"orders:update","data":{"timestamp":1},"seq":'],
  ])('calls %s unreadable without throwing', (_name, text) => {
    expect(read(text)).toEqual({ kind: { kind: 'unreadable' }, events: [] });
  });

  it.each([
    ['as the simulator writes them', (message: object) => JSON.stringify(message)],
    ['indented (the member-by-member walk)', (message: object) => JSON.stringify(message, null, 2)],
    ['each in a batch of one', (message: object) => JSON.stringify({ event: 'batch', data: { events: [message] } })],
  ])("agrees with JSON.parse on 20 seconds of the engine's events on every channel, %s", (_name, write) => {
    const engine = createEngine({ seed: 11, startTime: 1_736_135_100_000, rates: { ordersPerSecond: 20 } });
    let seq = 0;
    const channels = new Set<Channel>();
    for (let second = 0; second < 20; second += 1) {
      for (const { channel, data } of engine.advance(1000)) {
        seq += 1;
        const message = { event: CHANNEL_EVENTS[channel], data, seq };
        const text = write(message);
        const { kind, events } = read(text);
        const parsed = JSON.parse(JSON.stringify(message)) as DataMessage;
        expect(kind).toEqual({ kind: 'data' });
        expect(events.map(brief)).toEqual([
          { event: parsed.event, seq, snapshot: false, timestamp: eventTimestamp(parsed) },
        ]);
        expect(JSON.parse(eventText(text, events[0]))).toEqual(parsed);
        channels.add(channel);
      }
    }
    expect(seq).toBeGreaterThan(300);
    expect([...channels]).toEqual(expect.arrayContaining(['positions', 'orders', 'market', 'activity']));
  });
});
