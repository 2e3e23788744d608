import { ChannelHub, type PublishedEvent } from './ChannelHub';
import WebSocket from 'ws';
import { BatchClock } from './BatchClock';
import { Burst } from './Burst';
import { ConnectionSender, type FrameWriter, type SenderHooks, type SocketLike } from './ConnectionSender';
import { framedText, textFrame } from './wireBytes';
import { account, order } from '../bus/testing/sampleEvents';

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

/** The messages of server text frames written back to back, in order. */
function messagesOf(written: Buffer[]): string[] {
  const bytes = Buffer.concat(written);
  const messages: string[] = [];
  for (let at = 0; at < bytes.length; ) {
    expect(bytes[at]).toBe(0x81);
    const short = bytes[at + 1];
    const [headerLength, length] =
      short < 126
        ? [2, short]
        : short === 126
          ? [4, bytes.readUInt16BE(at + 2)]
          : [10, Number(bytes.readBigUInt64BE(at + 2))];
    messages.push(bytes.toString('utf8', at + headerLength, at + headerLength + length));
    at += headerLength + length;
  }
  return messages;
}

/** The message of a server's text frame. */
const payloadText = (frame: Buffer) => frame.subarray(frame[1] < 126 ? 2 : frame[1] === 126 ? 4 : 10).toString('utf8');

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

  describe('batching on a shared clock', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    function batching(clock: BatchClock, windowMs = 10) {
      const socket = new CorkingSocket();
      const frames: Buffer[] = [];
      const sent: Array<[string, number]> = [];
      const sender = new ConnectionSender(
        socket,
        LIMITS,
        { ...IGNORED, sent: (channel, count) => sent.push([channel, count]) },
        { cork: socket.cork, writeFrame: (frame) => frames.push(frame) },
        { clock }
      );
      sender.setBatchMs(windowMs);
      return { sender, frames, sent };
    }

    it('flushes every connection of a window with one timer, each written the same joined frame', () => {
      const clock = new BatchClock();
      const hub = new ChannelHub('e', 100);
      const clients = [batching(clock), batching(clock), batching(clock)];
      const published = [
        hub.publish('orders', order('1'), 1),
        hub.publish('account', account(1), 1),
        hub.publish('orders', order('2'), 1),
      ];
      published.forEach((event) => clients.forEach(({ sender }) => sender.deliver(event)));
      expect(jest.getTimerCount()).toBe(1);
      expect(clients.map(({ frames }) => frames.length)).toEqual([0, 0, 0]);

      jest.advanceTimersByTime(10);

      const [first] = clients[0].frames;
      expect(clients.map(({ frames }) => frames)).toEqual([[first], [first], [first]]);
      expect(clients[1].frames[0]).toBe(first);
      const batch = JSON.parse(payloadText(first)) as { event: string; data: { events: Array<{ seq: number }> } };
      expect(batch.event).toBe('batch');
      expect(batch.data.events).toEqual(published.map((event) => JSON.parse(event.bytes.toString('utf8'))));
      clients.forEach(({ sent }) =>
        expect(sent).toEqual([
          ['orders', 2],
          ['account', 1],
        ])
      );
    });

    it('shares a batch between connections of the same channels when others with the same first event flush between them', () => {
      const clock = new BatchClock();
      const hub = new ChannelHub('e', 100);
      const [all, ordersOnly, allAgain] = [batching(clock), batching(clock), batching(clock)];
      const published = [
        hub.publish('orders', order('1'), 1),
        hub.publish('account', account(1), 1),
        hub.publish('orders', order('2'), 1),
      ];
      published.forEach((event) => {
        all.sender.deliver(event);
        if (event.channel === 'orders') {
          ordersOnly.sender.deliver(event);
        }
        allAgain.sender.deliver(event);
      });
      jest.advanceTimersByTime(10);
      expect(allAgain.frames[0]).toBe(all.frames[0]);
      expect(ordersOnly.frames[0]).not.toBe(all.frames[0]);
      const seqs = (frame: Buffer) =>
        (JSON.parse(payloadText(frame)) as { data: { events: Array<{ seq: number }> } }).data.events.map(
          (event) => event.seq
        );
      expect(seqs(ordersOnly.frames[0])).toEqual([1, 2]);
      expect(seqs(all.frames[0])).toEqual([1, 1, 2]);
    });

    it('starts a new window after a flush, with only the events that came after it', () => {
      const clock = new BatchClock();
      const hub = new ChannelHub('e', 100);
      const { sender, frames } = batching(clock);
      sender.deliver(hub.publish('orders', order('1'), 1));
      jest.advanceTimersByTime(10);
      sender.deliver(hub.publish('orders', order('2'), 1));
      sender.deliver(hub.publish('orders', order('3'), 1));
      jest.advanceTimersByTime(10);
      const seqs = frames.map((frame) =>
        (JSON.parse(payloadText(frame)) as { data: { events: Array<{ seq: number }> } }).data.events.map(
          (event) => event.seq
        )
      );
      expect(seqs).toEqual([[1], [2, 3]]);
    });

    it('leaves the clock when stopped: nothing is written and no timer is left', () => {
      const clock = new BatchClock();
      const hub = new ChannelHub('e', 100);
      const { sender, frames } = batching(clock);
      sender.deliver(hub.publish('orders', order('1'), 1));
      sender.stop();
      expect(jest.getTimerCount()).toBe(0);
      jest.advanceTimersByTime(100);
      expect(frames).toEqual([]);
    });
  });

  describe('in a burst', () => {
    function bursting(burst: Burst, socket = new CorkingSocket()) {
      const frames: Buffer[] = [];
      const sent: Array<[string, number]> = [];
      const dropped: string[] = [];
      const sender = new ConnectionSender(
        socket,
        LIMITS,
        {
          ...IGNORED,
          sent: (channel, count) => sent.push([channel, count]),
          dropped: (channel) => dropped.push(channel),
        },
        {
          cork: socket.cork,
          writeFrame: (frame) => frames.push(frame),
        },
        { burst }
      );
      return { sender, socket, frames, sent, dropped };
    }

    it("writes a burst's frames joined, once per connection, the same bytes for every connection", () => {
      const burst = new Burst();
      const hub = new ChannelHub('e', 100);
      const clients = [bursting(burst), bursting(burst)];
      const published: PublishedEvent[] = [];
      burst.run(() => {
        published.push(hub.publish('orders', order('1'), 1), hub.publish('account', account(1), 1));
        published.push(hub.publish('orders', order('2'), 1));
        published.forEach((event) => clients.forEach(({ sender }) => sender.deliver(event)));
        expect(clients.map(({ frames }) => frames.length)).toEqual([0, 0]);
      });
      const [joined] = clients[0].frames;
      expect(clients[1].frames).toEqual([joined]);
      expect(clients[1].frames[0]).toBe(joined);
      expect(joined.equals(Buffer.concat(published.map((event) => event.frame!)))).toBe(true);
      expect(messagesOf([joined])).toEqual(published.map((event) => event.bytes.toString('utf8')));
      clients.forEach(({ sent }) =>
        expect(sent).toEqual([
          ['orders', 2],
          ['account', 1],
        ])
      );
    });

    it("writes a burst of one event as the hub's frame itself", () => {
      const burst = new Burst();
      const hub = new ChannelHub('e', 100);
      const { sender, frames } = bursting(burst);
      let event: PublishedEvent | undefined;
      burst.run(() => {
        event = hub.publish('orders', order('1'), 1);
        sender.deliver(event);
      });
      expect(frames).toHaveLength(1);
      expect(frames[0]).toBe(event!.frame);
    });

    it('queues the events of a burst one by one for a client that is behind, coalescing state frames', () => {
      const burst = new Burst();
      const hub = new ChannelHub('e', 100);
      const { sender, socket, frames, dropped } = bursting(burst);
      socket.bufferedAmount = 5000;
      const published = [
        hub.publish('account', account(1), 1),
        hub.publish('orders', order('1'), 1),
        hub.publish('account', account(2), 1),
      ];
      burst.run(() => published.forEach((event) => sender.deliver(event)));
      expect(frames).toHaveLength(0);
      expect(dropped).toEqual(['account']);
      socket.bufferedAmount = 0;
      sender.drain();
      // The newer account frame took the older one's place: the order, then the latest account.
      expect(frames).toEqual([published[1].frame, published[2].frame]);
    });

    it("writes a burst's events before a control message sent during it", () => {
      const burst = new Burst();
      const hub = new ChannelHub('e', 100);
      const { sender, frames } = bursting(burst);
      const published = [hub.publish('orders', order('1'), 1), hub.publish('orders', order('2'), 1)];
      burst.run(() => {
        published.forEach((event) => sender.deliver(event));
        sender.sendControl({ event: 'heartbeat', data: { serverTime: 1, connectionUptime: 1 } });
      });
      expect(messagesOf(frames).map((text) => JSON.parse(text) as { event: string; seq?: number })).toEqual([
        JSON.parse(published[0].bytes.toString('utf8')),
        JSON.parse(published[1].bytes.toString('utf8')),
        { event: 'heartbeat', data: { serverTime: 1, connectionUptime: 1 } },
      ]);
    });

    it('writes nothing of a burst for a sender stopped during it', () => {
      const burst = new Burst();
      const hub = new ChannelHub('e', 100);
      const { sender, frames } = bursting(burst);
      burst.run(() => {
        sender.deliver(hub.publish('orders', order('1'), 1));
        sender.deliver(hub.publish('orders', order('2'), 1));
        sender.stop();
      });
      expect(frames).toEqual([]);
    });
  });
});
