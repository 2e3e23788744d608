/**
 * Reading one channel's part out of `GET /api/telemetry/snapshot`
 * (`{timestamp, epoch, seq: {channel: n}, positions, orders, account, health, market, services, alerts}`,
 * simulator/server/telemetryState.ts). `activity` and `strategy` have no part: a gap on them is
 * marked but cannot be healed from REST.
 */
import type { Channel } from '../protocol';

/** The snapshot field holding each channel's state, or `null` when the snapshot has none. */
export const SNAPSHOT_PART: Record<Channel, string | null> = {
  positions: 'positions',
  orders: 'orders',
  account: 'account',
  health: 'health',
  market: 'market',
  services: 'services',
  alerts: 'alerts',
  activity: null,
  strategy: null,
};

export interface ChannelSnapshot {
  data: unknown;
  /** The channel's last `seq` the snapshot reflects, when the server says. */
  seq?: number;
  epoch?: string;
}

export function hasSnapshotPart(channel: Channel): boolean {
  return SNAPSHOT_PART[channel] !== null;
}

/** The channel's part of a snapshot body, or `undefined` when the body has none for it. */
export function channelSnapshot(body: unknown, channel: Channel): ChannelSnapshot | undefined {
  const part = SNAPSHOT_PART[channel];
  if (part === null || !isRecord(body) || !(part in body)) {
    return undefined;
  }
  const seq = isRecord(body.seq) ? body.seq[channel] : undefined;
  return {
    data: body[part],
    seq: typeof seq === 'number' ? seq : undefined,
    epoch: typeof body.epoch === 'string' ? body.epoch : undefined,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
