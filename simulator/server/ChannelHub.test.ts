import { parseServerMessage } from '../../src/protocol';
import { ChannelHub } from './ChannelHub';
import { account, order } from '../bus/testing/sampleEvents';

describe('ChannelHub', () => {
  it('numbers events per channel and serialises valid wire messages', () => {
    const hub = new ChannelHub('epoch-1', 10);
    const first = hub.publish('orders', order('a'), 1);
    const second = hub.publish('orders', order('b'), 1);
    const other = hub.publish('account', account(5), 1);
    expect([first.seq, second.seq, other.seq]).toEqual([1, 2, 1]);
    const parsed = parseServerMessage(second.bytes.toString('utf8'));
    expect(parsed.ok && parsed.value).toMatchObject({ event: 'orders:update', seq: 2, data: { order: { id: 'b' } } });
  });

  it('serves the seeded state, then the latest, as a snapshot with the current seq', () => {
    const hub = new ChannelHub('e', 10);
    hub.seedState('account', account(1));
    expect(JSON.parse(hub.snapshotEvent('account')!.bytes.toString())).toMatchObject({
      seq: 0,
      snapshot: true,
      data: { equity: 1 },
    });
    hub.publish('account', account(2), 1);
    hub.seedState('account', account(3)); // a seed never overwrites a published state
    expect(JSON.parse(hub.snapshotEvent('account')!.bytes.toString())).toMatchObject({
      seq: 1,
      snapshot: true,
      data: { equity: 2 },
    });
    expect(hub.snapshotEvent('positions')).toBeUndefined();
  });

  it.each([
    ['the same epoch within the history', { epoch: 'e', seq: 3 }, { recovered: true, seqs: [4, 5] }],
    ['the latest seq', { epoch: 'e', seq: 5 }, { recovered: true, seqs: [] }],
    ['the oldest kept event minus one', { epoch: 'e', seq: 2 }, { recovered: true, seqs: [3, 4, 5] }],
    ['a point older than the history', { epoch: 'e', seq: 1 }, { recovered: false }],
    ['another epoch', { epoch: 'old', seq: 3 }, { recovered: false }],
    ['a seq from the future', { epoch: 'e', seq: 9 }, { recovered: false }],
  ])('resumes from %s', (_name, point, expected) => {
    const hub = new ChannelHub('e', 3);
    ['1', '2', '3', '4', '5'].forEach((id) => hub.publish('orders', order(id), 1));
    const result = hub.resume('orders', point);
    expect(result.recovered ? { recovered: true, seqs: result.events.map((e) => e.seq) } : result).toEqual(expected);
  });
});

describe('ChannelHub listeners', () => {
  it('hands every published event to each listener in publish order, with its data, until unsubscribed', () => {
    const hub = new ChannelHub('e1', 10);
    const seen: string[] = [];
    const stop = hub.onPublished((event, data) => seen.push(`${event.channel}#${event.seq}:${JSON.stringify(data)}`));
    hub.publish('account', account(1), 1);
    hub.publish('orders', order('a'), 2);
    stop();
    hub.publish('account', account(2), 3);
    expect(seen).toEqual([`account#1:${JSON.stringify(account(1))}`, `orders#1:${JSON.stringify(order('a'))}`]);
  });
});
