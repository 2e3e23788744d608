/**
 * Reading one channel's part out of `GET /api/telemetry/snapshot`
 * (`{timestamp, epoch, seq: {channel: n}, positions, orders, account, health, market, services, alerts}`,
 * as the simulator serves it). `activity` and `strategy` have no part: a gap on them is marked but
 * cannot be healed from REST.
 *
 * Every part is validated with the protocol's schemas: a bad element of a list is left out (the
 * others are kept), a bad object part is left out whole, and each is handed to `skip` with its
 * reason, so one bad item never reaches (or ends) a channel's stream.
 */
import {
  AccountMetricsSchema,
  AlertSchema,
  MarketDataSchema,
  OrderSchema,
  PositionSchema,
  ServiceMetricsSchema,
  SystemHealthSchema,
  describeValue,
  parseValue,
  type Channel,
} from '../protocol';

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

type Shape = { list: boolean; schema: Parameters<typeof parseValue>[0] };

/** How each part is checked: a list of items, or one object. */
const PART_SHAPES: Partial<Record<Channel, Shape>> = {
  positions: { list: true, schema: PositionSchema },
  orders: { list: true, schema: OrderSchema },
  market: { list: true, schema: MarketDataSchema },
  alerts: { list: true, schema: AlertSchema },
  account: { list: false, schema: AccountMetricsSchema },
  health: { list: false, schema: SystemHealthSchema },
  services: { list: false, schema: ServiceMetricsSchema },
};

export interface ChannelSnapshot {
  data: unknown;
  /** The channel's last `seq` the snapshot reflects, when the server says. */
  seq?: number;
  epoch?: string;
}

/** Called with the reason of each item (or part) left out, e.g. `positions[2].qty: expected …`. */
export type SkipItem = (reason: string) => void;

export function hasSnapshotPart(channel: Channel): boolean {
  return SNAPSHOT_PART[channel] !== null;
}

/**
 * The channel's valid part of a snapshot body, or `undefined` when the body has none for it (or
 * only a bad one, which is handed to `skip`).
 */
export function channelSnapshot(
  body: unknown,
  channel: Channel,
  skip: SkipItem = () => undefined
): ChannelSnapshot | undefined {
  const part = SNAPSHOT_PART[channel];
  if (part === null) {
    return undefined;
  }
  if (!isRecord(body)) {
    skip(`expected the snapshot to be an object, got ${describeValue(body)}`);
    return undefined;
  }
  if (!(part in body)) {
    return undefined;
  }
  const data = validPart(part, body[part], PART_SHAPES[channel], skip);
  if (data === undefined) {
    return undefined;
  }
  const seq = isRecord(body.seq) ? body.seq[channel] : undefined;
  return {
    data,
    seq: typeof seq === 'number' && Number.isFinite(seq) ? seq : undefined,
    epoch: typeof body.epoch === 'string' ? body.epoch : undefined,
  };
}

function validPart(part: string, value: unknown, shape: Shape | undefined, skip: SkipItem): unknown {
  if (shape === undefined) {
    return value;
  }
  if (!shape.list) {
    const result = parseValue(shape.schema, value);
    if (!result.ok) {
      skip(located(part, result.error));
      return undefined;
    }
    return result.value;
  }
  if (!Array.isArray(value)) {
    skip(`${part}: expected an array, got ${describeValue(value)}`);
    return undefined;
  }
  return value.flatMap((item, index) => {
    const result = parseValue(shape.schema, item);
    if (result.ok) {
      return [result.value];
    }
    skip(located(`${part}[${index}]`, result.error));
    return [];
  });
}

/** A reason under the part's path: `positions[2].qty: …`, `account: expected an object, got null`. */
function located(at: string, error: { path: string; message: string }): string {
  return error.path ? `${at}.${error.message}` : `${at}: ${error.message.replace(/^message: /, '')}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
