import fc from 'fast-check';
import { CHANNELS } from '../protocol';
import { channelSnapshot, SNAPSHOT_PART } from './snapshotParts';
import { SNAPSHOT_PARTS } from './testing/clientTestHarness';

const body = {
  timestamp: 1,
  epoch: 'e9',
  seq: { positions: 1, orders: 2, account: 3, health: 4, market: 5, activity: 6, services: 7, alerts: 8, strategy: 9 },
  ...SNAPSHOT_PARTS,
};

describe('channelSnapshot', () => {
  it.each([
    ['positions', 1],
    ['orders', 2],
    ['account', 3],
    ['health', 4],
    ['market', 5],
    ['services', 7],
    ['alerts', 8],
  ] as const)('reads %s from the snapshot with its seq and epoch', (channel, seq) => {
    expect(channelSnapshot(body, channel)).toEqual({ data: SNAPSHOT_PARTS[channel], seq, epoch: 'e9' });
  });

  it.each(['activity', 'strategy'] as const)('has no part for %s', (channel) => {
    expect(channelSnapshot(body, channel)).toBeUndefined();
  });

  it.each([null, [], 'text', { orders: undefined }])('reads nothing from a body without the part (%p)', (bad) => {
    expect(channelSnapshot(bad, 'positions')).toBeUndefined();
  });

  it('maps every channel', () => {
    expect(Object.keys(SNAPSHOT_PART).sort()).toEqual([...CHANNELS].sort());
  });

  it('leaves out only the bad elements of a list part, naming each', () => {
    const [position] = SNAPSHOT_PARTS.positions;
    const reasons: string[] = [];
    const snapshot = channelSnapshot(
      { positions: [position, null, { ...position, qty: 'ten' }, { ...position, side: 'flat' }] },
      'positions',
      (reason) => reasons.push(reason)
    );
    expect(snapshot?.data).toEqual([position, { ...position, side: 'flat' }]);
    expect(reasons).toEqual([
      'positions[1]: expected an object, got null',
      'positions[2].qty: expected a finite number, got string "ten"',
    ]);
  });

  it.each([
    ['a bad object part', 'account', { account: { equity: 'lots' } }, 'account.equity: expected a finite number'],
    ['a list part that is not a list', 'orders', { orders: { id: 1 } }, 'orders: expected an array, got an object'],
    ['a body that is not an object', 'health', 'Bad gateway', 'expected the snapshot to be an object'],
  ] as const)('reads nothing from %s, and says why', (_description, channel, bad, says) => {
    const reasons: string[] = [];
    expect(channelSnapshot(bad, channel, (reason) => reasons.push(reason))).toBeUndefined();
    expect(reasons).toEqual([expect.stringContaining(says)]);
  });

  it('never throws and hands on only valid items, whatever the body', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true }), fc.constantFrom(...CHANNELS), (anything, channel) => {
        const part = SNAPSHOT_PART[channel];
        for (const candidate of [
          anything,
          part === null ? {} : { [part]: anything },
          part === null ? {} : { [part]: [anything] },
        ]) {
          const snapshot = channelSnapshot(candidate, channel, () => undefined);
          if (snapshot !== undefined && Array.isArray(snapshot.data)) {
            expect(snapshot.data.every((item) => typeof item === 'object' && item !== null)).toBe(true);
          }
        }
      }),
      { numRuns: 200 }
    );
  });
});
