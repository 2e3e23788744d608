import { CHANNEL_EVENTS, channelOfEvent, type DataMessage } from '../../src/protocol';
import { createEngine } from '../engine';
import { eventTimestamp } from './LoadSession';
import { readEventFrame, type EnvelopeEvent, type FrameKind } from './readEventFrame';

const isDataEvent = (event: string) => channelOfEvent(event) !== undefined;

function read(text: string): { kind: FrameKind; events: EnvelopeEvent[] } {
  const events: EnvelopeEvent[] = [];
  const kind = readEventFrame(text, isDataEvent, (event) => events.push(event));
  return { kind, events };
}

const brief = ({ event, seq, snapshot, timestamp }: EnvelopeEvent) => ({ event, seq, snapshot, timestamp });

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
  ])('reads %s', (_name, text, expected) => {
    const { kind, events } = read(text);
    expect(kind).toEqual({ kind: 'data' });
    expect(events.map(brief)).toEqual(expected);
    events.forEach((event) => expect(JSON.parse(text.slice(event.start, event.end))).toHaveProperty('event'));
  });

  it.each([
    ['connection:ack', '{"event":"connection:ack","data":{"epoch":"e1","heartbeatIntervalMs":30000}}'],
    ['heartbeat', '{"event":"heartbeat","data":{"timestamp":1}}'],
    ['subscribed', '{"event":"subscribed","data":{"channels":["orders"]}}'],
  ])('leaves %s to the client', (event, text) => {
    expect(read(text)).toEqual({ kind: { kind: 'control', event }, events: [] });
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
  ])('calls %s unreadable without throwing', (_name, text) => {
    expect(read(text)).toEqual({ kind: { kind: 'unreadable' }, events: [] });
  });

  it("agrees with JSON.parse on 20 seconds of the engine's events on every channel", () => {
    const engine = createEngine({ seed: 11, startTime: 1_736_135_100_000, rates: { ordersPerSecond: 20 } });
    let seq = 0;
    let checked = 0;
    for (let second = 0; second < 20; second += 1) {
      for (const { channel, data } of engine.advance(1000)) {
        seq += 1;
        const text = JSON.stringify({ event: CHANNEL_EVENTS[channel], data, seq });
        const { kind, events } = read(text);
        const parsed = JSON.parse(text) as DataMessage;
        expect(kind).toEqual({ kind: 'data' });
        expect(events.map(brief)).toEqual([
          { event: parsed.event, seq, snapshot: false, timestamp: eventTimestamp(parsed) },
        ]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });
});
