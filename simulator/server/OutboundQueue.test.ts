import { OutboundQueue } from './OutboundQueue';

const state = (channel: string, text: string) => ({
  bytes: Buffer.from(text),
  stateChannel: channel,
  channels: [channel],
});
const event = (text: string) => ({ bytes: Buffer.from(text), channels: ['orders'] });

function drain(queue: OutboundQueue): string[] {
  const out: string[] = [];
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
    out.push(item.bytes.toString());
  }
  return out;
}

describe('OutboundQueue', () => {
  it('keeps event frames in order', () => {
    const queue = new OutboundQueue(10);
    ['a', 'b', 'c'].forEach((text) => expect(queue.push(event(text))).toBe('queued'));
    expect(queue.length).toBe(3);
    expect(drain(queue)).toEqual(['a', 'b', 'c']);
    expect(queue.length).toBe(0);
  });

  it('coalesces a state channel to its latest frame', () => {
    const queue = new OutboundQueue(10);
    expect(queue.push(state('market', 'm1'))).toBe('queued');
    expect(queue.push(event('o1'))).toBe('queued');
    expect(queue.push(state('market', 'm2'))).toBe('coalesced');
    expect(queue.push(state('health', 'h1'))).toBe('queued');
    expect(queue.length).toBe(3);
    expect(drain(queue)).toEqual(['o1', 'm2', 'h1']);
  });

  it('reports an overflow past the event bound, never for state frames', () => {
    const queue = new OutboundQueue(2);
    expect(queue.push(event('1'))).toBe('queued');
    expect(queue.push(event('2'))).toBe('queued');
    for (let i = 0; i < 50; i += 1) {
      expect(queue.push(state('market', `m${i}`))).not.toBe('overflow');
    }
    expect(queue.push(event('3'))).toBe('overflow');
  });

  it('stays correct across many pushes and shifts (compaction)', () => {
    const queue = new OutboundQueue(5000);
    const out: string[] = [];
    for (let i = 0; i < 5000; i += 1) {
      queue.push(event(String(i)));
      if (i % 3 === 0) {
        out.push(queue.shift()!.bytes.toString());
      }
    }
    out.push(...drain(queue));
    expect(out).toEqual(Array.from({ length: 5000 }, (_, i) => String(i)));
  });

  it('reports an overflow past the byte bound, counting every waiting frame', () => {
    const queue = new OutboundQueue(100, 10);
    expect(queue.push(event('1234'))).toBe('queued');
    expect(queue.push(state('market', '1234'))).toBe('queued');
    expect(queue.retainedBytes).toBe(8);
    expect(queue.push(event('123'))).toBe('overflow');
  });

  it('counts bytes held outside the queue (the unread ones of the socket) toward the byte bound', () => {
    const queue = new OutboundQueue(100, 10);
    expect(queue.push(event('1234'), 5)).toBe('queued');
    expect(queue.push(event('12'), 5)).toBe('overflow');
    expect(queue.retainedBytes).toBe(6);
  });

  it('lets go of a coalesced frame at once: only the latest state is retained', () => {
    const queue = new OutboundQueue(10, 10_000);
    const big = (i: number) => state('market', String(i).padStart(1000, '0'));
    for (let i = 0; i < 10_000; i += 1) {
      expect(queue.push(big(i))).not.toBe('overflow');
    }
    expect(queue.push(event('o1'))).toBe('queued');
    expect(queue.length).toBe(2);
    expect(queue.retainedBytes).toBe(1002);
    // Replaced frames leave empty slots, swept once they outnumber the waiting ones.
    expect(queue.slotCount).toBeLessThan(2 * 1024 + 10);
    expect(drain(queue)).toEqual([String(9999).padStart(1000, '0'), 'o1']);
    expect(queue.retainedBytes).toBe(0);
  });

  it('keeps order across a sweep of replaced frames', () => {
    const queue = new OutboundQueue(10_000);
    const expected: string[] = [];
    for (let i = 0; i < 3000; i += 1) {
      queue.push(state('market', `m${i}`));
      if (i % 500 === 0) {
        queue.push(event(`o${i}`));
        expected.push(`o${i}`);
      }
    }
    expect(drain(queue)).toEqual([...expected, 'm2999']);
  });

  it('replaces the waiting state frame, not another, after the queue compacted', () => {
    const queue = new OutboundQueue(10_000);
    const shifted: string[] = [];
    for (let i = 0; i < 3000; i += 1) {
      queue.push(event(`o${i}`));
    }
    queue.push(state('market', 'm1'));
    queue.push(event('last'));
    // Past the compaction threshold: the slots move to the front of a new array.
    for (let i = 0; i < 2500; i += 1) {
      shifted.push(queue.shift()!.bytes.toString());
    }
    expect(queue.push(state('market', 'm2'))).toBe('coalesced');
    expect(queue.length).toBe(502);
    const rest = drain(queue);
    expect(rest.slice(-3)).toEqual(['o2999', 'last', 'm2']);
    expect(rest).not.toContain('m1');
    expect([...shifted, ...rest]).toHaveLength(3002);
  });

  it('lets go of everything when cleared', () => {
    const queue = new OutboundQueue(10);
    queue.push(event('abc'));
    queue.push(state('health', 'h'));
    queue.clear();
    expect(queue.length).toBe(0);
    expect(queue.retainedBytes).toBe(0);
    expect(queue.shift()).toBeUndefined();
  });
});
