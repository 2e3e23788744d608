import { inboundFrame, type InboundVerdict } from './inboundFrame';

const MAX = 200;
const text = (value: string) => Buffer.from(value, 'utf8');

describe('inboundFrame', () => {
  it.each<[string, Buffer | ArrayBuffer | Buffer[], boolean, Partial<InboundVerdict>]>([
    [
      'a valid subscribe',
      text('{"event":"subscribe","data":{"channels":["orders"]}}'),
      false,
      { kind: 'message', message: { event: 'subscribe', data: { channels: ['orders'] } } },
    ],
    [
      'a valid message split in fragments',
      [text('{"event":"heartbeat:ack",'), text('"data":{"clientTime":1}}')],
      false,
      { kind: 'message', message: { event: 'heartbeat:ack', data: { clientTime: 1 } } },
    ],
    [
      'a valid message as an ArrayBuffer',
      new TextEncoder().encode('{"event":"disconnect","data":{}}').buffer,
      false,
      { kind: 'message', message: { event: 'disconnect', data: {} } },
    ],
    ['a frame over the limit', Buffer.alloc(MAX + 1, 32), false, { kind: 'too-large', size: MAX + 1, maxBytes: MAX }],
    [
      'fragments over the limit together',
      [Buffer.alloc(150, 32), Buffer.alloc(60, 32)],
      false,
      { kind: 'too-large', size: 210 },
    ],
    [
      'a binary frame',
      text('{"event":"disconnect","data":{}}'),
      true,
      { kind: 'rejected', code: 'INVALID_MESSAGE', how: 'Send JSON text frames' },
    ],
    ['text that is not JSON', text('hello'), false, { kind: 'rejected', code: 'INVALID_MESSAGE' }],
    [
      'an unknown event',
      text('{"event":"nope","data":{}}'),
      false,
      { kind: 'rejected', code: 'INVALID_MESSAGE', event: 'nope' },
    ],
    [
      'an unknown channel in subscribe',
      text('{"event":"subscribe","data":{"channels":["trades"]}}'),
      false,
      { kind: 'rejected', code: 'SUBSCRIPTION_ERROR', event: 'subscribe' },
    ],
    [
      'a bad resume point in subscribe',
      text('{"event":"subscribe","data":{"channels":["orders"],"resume":{"orders":{"seq":-1}}}}'),
      false,
      { kind: 'rejected', code: 'SUBSCRIPTION_ERROR', event: 'subscribe' },
    ],
    [
      'an unknown channel in unsubscribe',
      text('{"event":"unsubscribe","data":{"channels":["trades"]}}'),
      false,
      { kind: 'rejected', code: 'SUBSCRIPTION_ERROR', event: 'unsubscribe' },
    ],
    [
      'a bad batch window in subscribe (not a channel error)',
      text('{"event":"subscribe","data":{"channels":["orders"],"batchMs":-5}}'),
      false,
      { kind: 'rejected', code: 'INVALID_MESSAGE', event: 'subscribe' },
    ],
    [
      'a malformed heartbeat:ack, with its event named',
      text('{"event":"heartbeat:ack"}'),
      false,
      { kind: 'rejected', code: 'INVALID_MESSAGE', event: 'heartbeat:ack' },
    ],
  ])('judges %s', (_name, data, isBinary, expected) => {
    expect(inboundFrame(data, isBinary, MAX)).toMatchObject(expected);
  });

  it('names the offending field in why', () => {
    const verdict = inboundFrame(text('{"event":"heartbeat:ack","data":{"clientTime":-4}}'), false, MAX);
    expect(verdict.kind === 'rejected' && verdict.why).toMatch(/^data\.clientTime/);
  });
});
