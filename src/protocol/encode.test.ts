import { BATCH_ENVELOPE, batchPieces, encodeBatch, encodeDataEvent } from './encode';
import { parseServerMessage } from './validate';

const account = {
  equity: 1,
  cash: 1,
  buyingPower: 1,
  portfolioValue: 0,
  dayPL: 0,
  dayPLPercent: 0,
  totalPL: 0,
  totalPLPercent: 0,
  timestamp: 5,
};

describe('encodeDataEvent', () => {
  it.each([
    [false, { event: 'account:update', data: account, seq: 7 }],
    [true, { event: 'account:update', data: account, seq: 7, snapshot: true }],
  ])('writes a data event a client validates (snapshot %s)', (snapshot, expected) => {
    const parsed = parseServerMessage(encodeDataEvent('account', account, 7, snapshot));
    expect(parsed).toEqual({ ok: true, value: expected });
  });
});

describe('the batch envelope', () => {
  it.each([
    [[], []],
    [['a'], ['a']],
    [
      ['a', 'b', 'c'],
      ['a', ',', 'b', ',', 'c'],
    ],
  ])('puts separators only between events (%j)', (events, inner) => {
    expect(batchPieces(events, BATCH_ENVELOPE)).toEqual([BATCH_ENVELOPE.open, ...inner, BATCH_ENVELOPE.close]);
  });

  it('joins encoded events into a batch frame a client validates, in order', () => {
    const events = [1, 2].map((seq) => encodeDataEvent('account', { ...account, timestamp: seq }, seq));
    const parsed = parseServerMessage(encodeBatch(events));
    expect(parsed.ok && parsed.value.event === 'batch' && parsed.value.data.events.map((e) => e.seq)).toEqual([1, 2]);
  });
});
