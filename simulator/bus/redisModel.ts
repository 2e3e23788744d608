/**
 * How the bus lives in Redis (docs/scaling.md), shared by the engine's publisher and the
 * gateways: the key names, the publish script and the one payload format used on pub/sub, in the
 * state keys and (split in fields) in the streams.
 *
 * Per channel: a stream `<p>stream:<channel>` whose entry ids are the channel's `seq` (`<seq>-0`),
 * trimmed with `MAXLEN ~`; a pub/sub channel `<p>live:<channel>` carrying each event once; for
 * state channels a key `<p>state:<channel>` holding the latest event (with a TTL). One hash
 * `<p>meta` holds the epoch and every channel's offset, so losing it (a flush, a failover to an
 * empty replica) always means a new epoch, never a `seq` that silently starts again.
 */
import { CHANNEL_EVENTS, type Channel } from '../../src/protocol';

export const DEFAULT_PREFIX = 'mci:';

export interface RedisKeys {
  meta: string;
  stream(channel: Channel): string;
  live(channel: Channel): string;
  state(channel: Channel): string;
  ticket(id: string): string;
  /** Pub/sub channel announcing a new engine run (its epoch). */
  epochs: string;
  /** Key and pub/sub channel of the engine's full snapshot (orders, alerts, scenarios) for REST. */
  snapshot: string;
}

export function redisKeys(prefix = DEFAULT_PREFIX): RedisKeys {
  return {
    meta: `${prefix}meta`,
    stream: (channel) => `${prefix}stream:${channel}`,
    live: (channel) => `${prefix}live:${channel}`,
    state: (channel) => `${prefix}state:${channel}`,
    ticket: (id) => `${prefix}ticket:${id}`,
    epochs: `${prefix}epochs`,
    snapshot: `${prefix}snapshot`,
  };
}

/**
 * Publish one event atomically: read the epoch (set it from the candidate when the meta hash is
 * gone), increment the channel's offset (by 1 + `skip`, the events the publisher had to drop, so
 * the gap shows as a `seq` jump), append to the stream, keep the latest state, publish the live
 * copy. The wire message is assembled here because only here is its `seq` known; it is byte for
 * byte what `encodeDataEvent` produces: `{"event":…,"data":…,"seq":N}`.
 *
 * KEYS: meta, stream, state. ARGV: epoch candidate, channel, event name, data JSON, time,
 * stream max length, skip, "1" for a state channel, state TTL ms, live pub/sub channel.
 * Returns {seq, epoch, 1 when this call created the epoch}.
 */
export const PUBLISH_SCRIPT = `
local epoch = redis.call('HGET', KEYS[1], 'epoch')
local created = 0
if not epoch then
  epoch = ARGV[1]
  redis.call('HSET', KEYS[1], 'epoch', epoch)
  created = 1
end
local step = 1 + tonumber(ARGV[7])
local seq = redis.call('HINCRBY', KEYS[1], 'seq:' .. ARGV[2], step)
if seq == step then
  redis.call('DEL', KEYS[2])
end
local bytes = '{"event":"' .. ARGV[3] .. '","data":' .. ARGV[4] .. ',"seq":' .. seq .. '}'
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], seq .. '-0', 't', ARGV[5], 'b', bytes)
local payload = epoch .. '\\n' .. seq .. '\\n' .. ARGV[5] .. '\\n' .. bytes
if ARGV[8] == '1' then
  redis.call('SET', KEYS[3], payload, 'PX', ARGV[9])
end
redis.call('PUBLISH', ARGV[10], payload)
return {seq, epoch, created}
`;

/** The event name of a channel's data events, as the script needs it. */
export const eventName = (channel: Channel): string => CHANNEL_EVENTS[channel];

/** An event as Redis carries it: its epoch, number, engine time and wire bytes. */
export interface BusEntry {
  channel: Channel;
  epoch: string;
  seq: number;
  time: number;
  bytes: Buffer;
}

const NEWLINE = 0x0a;

/** `epoch \n seq \n time \n bytes` (pub/sub and state keys); undefined when it is not that. */
export function parsePayload(channel: Channel, payload: Buffer): BusEntry | undefined {
  const first = payload.indexOf(NEWLINE);
  const second = first < 0 ? -1 : payload.indexOf(NEWLINE, first + 1);
  const third = second < 0 ? -1 : payload.indexOf(NEWLINE, second + 1);
  if (third < 0) {
    return undefined;
  }
  const seq = Number(payload.toString('latin1', first + 1, second));
  const time = Number(payload.toString('latin1', second + 1, third));
  if (!Number.isSafeInteger(seq) || seq < 0 || !Number.isFinite(time)) {
    return undefined;
  }
  return { channel, epoch: payload.toString('utf8', 0, first), seq, time, bytes: payload.subarray(third + 1) };
}

/** The payload of an entry (the seed state a new run writes has `seq` 0). */
export function formatPayload(entry: Omit<BusEntry, 'channel'>): Buffer {
  return Buffer.concat([Buffer.from(`${entry.epoch}\n${entry.seq}\n${entry.time}\n`, 'utf8'), entry.bytes]);
}

/** A stream entry `[id, [field, value, …]]` as `XRANGE`'s buffer variant returns it. */
export type StreamEntry = [Buffer, Buffer[]];

export function streamEntry(channel: Channel, epoch: string, [id, fields]: StreamEntry): BusEntry | undefined {
  const seq = Number(id.toString('latin1').split('-')[0]);
  let time: number | undefined;
  let bytes: Buffer | undefined;
  for (let index = 0; index + 1 < fields.length; index += 2) {
    const name = fields[index].toString('latin1');
    if (name === 't') {
      time = Number(fields[index + 1].toString('latin1'));
    } else if (name === 'b') {
      bytes = fields[index + 1];
    }
  }
  if (!Number.isSafeInteger(seq) || time === undefined || !Number.isFinite(time) || bytes === undefined) {
    return undefined;
  }
  return { channel, epoch, seq, time, bytes };
}
