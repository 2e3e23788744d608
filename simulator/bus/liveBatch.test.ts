import { encodeDataEvent } from '../../src/protocol';
import { formatLiveBatch, parseLiveBatch, readWholeNumber } from './liveBatch';
import { account, order } from './testing/sampleEvents';

const orderBytes = Buffer.from(encodeDataEvent('orders', order('o1'), 7), 'utf8');
const accountBytes = Buffer.from(encodeDataEvent('account', account(5), 3), 'utf8');
const twoEvents = formatLiveBatch('run-1', [
  { channel: 'orders', seq: 7, time: 1_700_000_000_123, bytes: orderBytes },
  { channel: 'account', seq: 3, time: 1_700_000_000_124, bytes: accountBytes },
]);
const latin1 = (text: string) => Buffer.from(text, 'latin1');

describe('parseLiveBatch', () => {
  it('reads every event of a message, in order, with its epoch, seq, time and untouched wire bytes', () => {
    const { entries, malformed } = parseLiveBatch(twoEvents);
    expect(malformed).toBeUndefined();
    expect(entries.map(({ channel, epoch, seq, time }) => ({ channel, epoch, seq, time }))).toEqual([
      { channel: 'orders', epoch: 'run-1', seq: 7, time: 1_700_000_000_123 },
      { channel: 'account', epoch: 'run-1', seq: 3, time: 1_700_000_000_124 },
    ]);
    expect(entries[0].bytes.equals(orderBytes)).toBe(true);
    expect(entries[1].bytes.equals(accountBytes)).toBe(true);
  });

  it('copies each event out of the message, so a kept event does not hold the whole message', () => {
    const { entries } = parseLiveBatch(twoEvents);
    twoEvents.fill(0x20, twoEvents.length - accountBytes.length);
    expect(entries[1].bytes.equals(accountBytes)).toBe(true);
    twoEvents.set(accountBytes, twoEvents.length - accountBytes.length);
  });

  it('reads multi-byte UTF-8 in the epoch and the bytes, counting the length in bytes', () => {
    const bytes = Buffer.from('{"event":"orders:update","data":{"note":"Zürich €"},"seq":1}', 'utf8');
    const { entries, malformed } = parseLiveBatch(
      formatLiveBatch('épοch', [{ channel: 'orders', seq: 1, time: 5, bytes }])
    );
    expect(malformed).toBeUndefined();
    expect(entries[0].epoch).toBe('épοch');
    expect(entries[0].bytes.toString('utf8')).toBe(bytes.toString('utf8'));
  });

  it('takes an engine time with a fraction', () => {
    const { entries } = parseLiveBatch(latin1('e\norders 1 12.5 2\n{}'));
    expect(entries[0].time).toBe(12.5);
  });

  it('reads a message with an epoch and no events as no events', () => {
    expect(parseLiveBatch(latin1('e\n'))).toEqual({ entries: [] });
  });

  it.each([
    ['an empty message', '', 0, /no epoch line/],
    ['no newline at all', 'run-1 orders 1 1 2 {}', 0, /no epoch line/],
    ['an empty epoch', '\norders 1 1 2\n{}', 0, /no epoch line/],
    ['a header without its newline', 'e\norders 1 1 2', 0, /no event header/],
    ['a header with too few fields', 'e\norders 1 2\n{}', 0, /unreadable event header/],
    ['an unknown channel', 'e\nweather 1 1 2\n{}', 0, /unreadable event header/],
    ['a negative seq', 'e\norders -1 1 2\n{}', 0, /unreadable event header/],
    ['a seq with a fraction', 'e\norders 1.5 1 2\n{}', 0, /unreadable event header/],
    ['a time that is not a number', 'e\norders 1 soon 2\n{}', 0, /unreadable event header/],
    ['a length that is not a number', 'e\norders 1 1 two\n{}', 0, /unreadable event header/],
    ['a length past the end', 'e\norders 1 1 9\n{}', 0, /cut short/],
    ['a good event, then a cut-short one', 'e\norders 1 1 2\n{}orders 2 1 9\n{}', 1, /cut short/],
    ['a good event, then stray bytes', 'e\norders 1 1 2\n{}garbage', 1, /no event header/],
    ['a header far too long', `e\norders 1 1 2${' '.repeat(200)}\n{}`, 0, /no event header/],
  ])('stops at %s and says why, keeping the events before it', (_case, text, kept, why) => {
    const { entries, malformed } = parseLiveBatch(latin1(text));
    expect(entries).toHaveLength(kept);
    expect(malformed).toMatch(why);
  });
});

describe('readWholeNumber', () => {
  it.each([
    ['0', 0],
    ['42', 42],
    ['900719925474099', 900_719_925_474_099],
    ['', undefined],
    ['-1', undefined],
    ['1e3', undefined],
    [' 1', undefined],
    ['9007199254740993', undefined],
  ])('reads %j as %p', (text, expected) => {
    expect(readWholeNumber(latin1(text), 0, text.length)).toBe(expected);
  });
});
