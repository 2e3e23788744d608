import { CHANNELS } from '../protocol';
import { channelSnapshot, SNAPSHOT_PART } from './snapshotParts';

const body = {
  timestamp: 1,
  epoch: 'e9',
  seq: { positions: 1, orders: 2, account: 3, health: 4, market: 5, activity: 6, services: 7, alerts: 8, strategy: 9 },
  positions: ['p'],
  orders: ['o'],
  account: { equity: 1 },
  health: { status: 'healthy' },
  market: ['m'],
  services: { services: {} },
  alerts: ['a'],
};

describe('channelSnapshot', () => {
  it.each([
    ['positions', ['p'], 1],
    ['orders', ['o'], 2],
    ['account', { equity: 1 }, 3],
    ['health', { status: 'healthy' }, 4],
    ['market', ['m'], 5],
    ['services', { services: {} }, 7],
    ['alerts', ['a'], 8],
  ] as const)('reads %s from the snapshot with its seq and epoch', (channel, data, seq) => {
    expect(channelSnapshot(body, channel)).toEqual({ data, seq, epoch: 'e9' });
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
});
