import { ChannelHub } from './ChannelHub';
import WebSocket from 'ws';
import { ConnectionSender, type FrameWriter, type SenderHooks, type SocketLike } from './ConnectionSender';
import { framedText, textFrame } from './wireBytes';
import { order } from '../bus/testing/sampleEvents';

/** A socket that records, for each frame, whether it was written while the TCP socket was corked. */
class CorkingSocket implements SocketLike {
  bufferedAmount = 0;
  readyState = 1;
  corks = 0;
  writes: Array<{ text: string; corked: boolean }> = [];
  private corkDepth = 0;

  send(data: Buffer, _options: { binary: boolean }, callback: (error?: Error) => void): void {
    this.writes.push({ text: data.toString('utf8'), corked: this.corkDepth > 0 });
    void callback;
  }
  close(): void {}
  terminate(): void {}
  ping(): void {}
  /** What reaches the TCP socket past `ws`: whole frames, recorded with their payload. */
  writeFrame = (frame: Buffer, callback: (error?: Error | null) => void): void => {
    expect(frame[0]).toBe(0x81);
    const headerLength = frame[1] < 126 ? 2 : frame[1] === 126 ? 4 : 10;
    this.send(frame.subarray(headerLength), { binary: false }, callback);
  };
  cork = (write: () => void): void => {
    this.corks += 1;
    this.corkDepth += 1;
    try {
      write();
    } finally {
      this.corkDepth -= 1;
    }
  };
}

const LIMITS = { maxBufferedBytes: 100, maxQueuedEvents: 100, maxQueuedBytes: 1_000_000 };
const IGNORED: SenderHooks = { sent: () => undefined, dropped: () => undefined, onOverflow: () => undefined };

/** A sender on `socket` (corked through it) that writes its frames with `writeFrame`. */
function senderOn(socket: CorkingSocket, writeFrame: FrameWriter, hooks: SenderHooks = IGNORED): ConnectionSender {
  return new ConnectionSender(socket, LIMITS, hooks, { cork: socket.cork, writeFrame });
}

function setup() {
  const socket = new CorkingSocket();
  const sent: Array<[string, number]> = [];
  const sender = senderOn(socket, socket.writeFrame, {
    ...IGNORED,
    sent: (channel, count) => sent.push([channel, count]),
  });
  return { socket, sender, sent, hub: new ChannelHub('e', 100) };
}

/** `ws`'s own framing (untyped in @types/ws), the reference for `textFrame`. */
const wsSender = (WebSocket as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } }).Sender;

describe('textFrame', () => {
  it.each([0, 1, 125, 126, 65_535, 65_536, 70_000])(
    'frames a %i-byte message exactly as ws does for a server',
    (length) => {
      const payload = Buffer.alloc(length, 'x');
      const expected = Buffer.concat(
        wsSender.frame(payload, { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: true })
      );
      expect(textFrame(payload).equals(expected)).toBe(true);
    }
  );
});

describe('framedText', () => {
  it.each([0, 1, 125, 126, 65_535, 65_536, 70_000])(
    'encodes a %i-byte text into the frame ws would make, its bytes a view of the payload',
    (length) => {
      const text = 'x'.repeat(length);
      const { frame, bytes } = framedText(text);
      expect(frame.equals(textFrame(Buffer.from(text)))).toBe(true);
      expect(bytes.toString('utf8')).toBe(text);
      expect(bytes.buffer).toBe(frame.buffer);
      expect(bytes.byteOffset + bytes.length).toBe(frame.byteOffset + frame.length);
    }
  );

  it('counts the length in bytes, not characters, for text beyond ASCII', () => {
    const { frame, bytes } = framedText('₹ 1,00,000');
    expect(bytes.toString('utf8')).toBe('₹ 1,00,000');
    expect(frame[1]).toBe(Buffer.byteLength('₹ 1,00,000'));
  });
});

describe('ConnectionSender', () => {
  it('writes a backlog that waited for a stalled client in one corked burst once the client reads again', () => {
    const { socket, sender, sent, hub } = setup();
    socket.bufferedAmount = 5000;
    for (let i = 1; i <= 5; i += 1) {
      sender.deliver(hub.publish('orders', order(String(i)), 1));
    }
    expect(socket.writes).toHaveLength(0);
    expect(sender.queuedBytes).toBeGreaterThan(0);

    socket.bufferedAmount = 0;
    sender.drain();

    expect(socket.corks).toBe(1);
    expect(socket.writes.map((write) => write.corked)).toEqual([true, true, true, true, true]);
    expect(socket.writes.map((write) => (JSON.parse(write.text) as { seq: number }).seq)).toEqual([1, 2, 3, 4, 5]);
    expect(sender.queuedBytes).toBe(0);
    expect(sent).toEqual([
      ['orders', 1],
      ['orders', 1],
      ['orders', 1],
      ['orders', 1],
      ['orders', 1],
    ]);
  });

  it('shares one framed copy of an event between connections', () => {
    const first = setup();
    const frames: Buffer[] = [];
    const record = (frame: Buffer) => frames.push(frame);
    const second = senderOn(first.socket, record);
    const third = senderOn(first.socket, record);
    const event = first.hub.publish('orders', order('1'), 1);
    second.deliver(event);
    third.deliver(event);
    expect(frames).toHaveLength(2);
    expect(frames[0]).toBe(frames[1]);
  });

  it('writes the frame the hub encoded for an event that did not wait, with no copy of its own', () => {
    const frames: Buffer[] = [];
    const { socket, hub } = setup();
    const sender = senderOn(socket, (frame) => frames.push(frame));
    const event = hub.publish('orders', order('1'), 1);
    sender.deliver(event);
    expect(frames).toEqual([event.frame]);
    expect(frames[0]).toBe(event.frame);
  });

  it('writes the hub frame of an event that waited in the queue', () => {
    const frames: Buffer[] = [];
    const { socket, hub } = setup();
    const sender = senderOn(socket, (frame) => frames.push(frame));
    socket.bufferedAmount = 5000;
    const event = hub.publish('orders', order('1'), 1);
    sender.deliver(event);
    expect(frames).toHaveLength(0);
    socket.bufferedAmount = 0;
    sender.drain();
    expect(frames[0]).toBe(event.frame);
  });

  it('does not cork a socket when nothing waits', () => {
    const { socket, sender } = setup();
    sender.drain();
    expect(socket.corks).toBe(0);
  });

  it('hands the socket only what fits its hand-off bound in a burst, and keeps the rest queued', () => {
    const { socket, sender, hub } = setup();
    socket.bufferedAmount = 5000;
    for (let i = 1; i <= 3; i += 1) {
      sender.deliver(hub.publish('orders', order(String(i)), 1));
    }
    // The socket takes frames only while under its bound: after the first, it is over it.
    socket.bufferedAmount = 0;
    const send = socket.send.bind(socket);
    socket.send = (data, options, callback) => {
      send(data, options, callback);
      socket.bufferedAmount += data.length;
    };
    // The frames go past `ws`, through the wire, which uses `send` above to record them.
    sender.drain();
    expect(socket.writes).toHaveLength(1);
    expect(sender.queuedBytes).toBeGreaterThan(0);
  });
});
