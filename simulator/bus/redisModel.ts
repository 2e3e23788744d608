/**
 * How the bus lives in Redis (docs/scaling.md), shared by the engine's publisher and the
 * gateways: the key names, the publish script and the payload format of the state keys (the
 * streams hold the same in fields; pub/sub batches it, `liveBatch.ts`).
 *
 * Per channel: a stream `<p>stream:<channel>` whose entry ids are the channel's `seq` (`<seq>-0`),
 * trimmed with `MAXLEN ~`, and for state channels a key `<p>state:<channel>` holding the latest
 * event (with a TTL). One pub/sub channel `<p>live` carries each publish call's events in one
 * message (`liveBatch.ts`). One hash
 * `<p>meta` holds the epoch and every channel's offset, so losing it (a flush, a failover to an
 * empty replica) always means a new epoch, never a `seq` that silently starts again.
 */
import { CHANNEL_EVENTS, type Channel } from '../../src/protocol';

export const DEFAULT_PREFIX = 'mci:';

export interface RedisKeys {
  meta: string;
  stream(channel: Channel): string;
  /** The one pub/sub channel of live events (every channel's, a publish call per message). */
  live: string;
  state(channel: Channel): string;
  ticket(id: string): string;
  /** Pub/sub channel announcing a new engine run (its epoch). */
  epochs: string;
  /** Key and pub/sub channel of the engine's full snapshot (orders, alerts, scenarios) for REST. */
  snapshot: string;
  /** Pub/sub channel the engine process takes scenario commands on. */
  control: string;
  /** Pub/sub channel a gateway takes the engine's answers on. */
  controlReply(gatewayId: string): string;
}

export function redisKeys(prefix = DEFAULT_PREFIX): RedisKeys {
  return {
    meta: `${prefix}meta`,
    stream: (channel) => `${prefix}stream:${channel}`,
    live: `${prefix}live`,
    state: (channel) => `${prefix}state:${channel}`,
    ticket: (id) => `${prefix}ticket:${id}`,
    epochs: `${prefix}epochs`,
    snapshot: `${prefix}snapshot`,
    control: `${prefix}control`,
    controlReply: (gatewayId) => `${prefix}control:reply:${gatewayId}`,
  };
}

/**
 * Publish a batch of events atomically (the engine sends the events of one step in one call):
 * read the epoch (set it from the candidate when the meta hash is gone), then for each event in
 * order increment its channel's offset (by 1 + `skip`, the events the publisher had to drop, so
 * the gap shows as a `seq` jump), append to the stream, keep the latest state; then publish every
 * event of the call in one live message (`liveBatch.ts`), so gateways handle one Redis message per
 * step, not one per event. The wire message is assembled here because only here is its `seq`
 * known; it is byte for byte what `encodeDataEvent` produces: `{"event":…,"data":…,"seq":N}`
 * (`wireMessage` below), and gateways send it to their clients as it is.
 *
 * KEYS: meta, then per event its stream and state key. ARGV: epoch candidate, stream max length,
 * state TTL ms, live pub/sub channel, then per event six values: channel, event name, data JSON,
 * time, skip, "1" for a state channel.
 * Returns {epoch, 1 when this call created the epoch, seq of each event}.
 */
export const PUBLISH_SCRIPT = `
local epoch = redis.call('HGET', KEYS[1], 'epoch')
local created = 0
if not epoch then
  epoch = ARGV[1]
  redis.call('HSET', KEYS[1], 'epoch', epoch)
  created = 1
end
local result = {epoch, created}
local live = {epoch .. '\\n'}
for i = 0, (#KEYS - 1) / 2 - 1 do
  local stream = KEYS[2 + 2 * i]
  local a = 4 + 6 * i
  local step = 1 + tonumber(ARGV[a + 5])
  local seq = redis.call('HINCRBY', KEYS[1], 'seq:' .. ARGV[a + 1], step)
  if seq == step then
    redis.call('DEL', stream)
  end
  local bytes = '{"event":"' .. ARGV[a + 2] .. '","data":' .. ARGV[a + 3] .. ',"seq":' .. seq .. '}'
  redis.call('XADD', stream, 'MAXLEN', '~', ARGV[2], seq .. '-0', 't', ARGV[a + 4], 'b', bytes)
  if ARGV[a + 6] == '1' then
    redis.call('SET', KEYS[3 + 2 * i], epoch .. '\\n' .. seq .. '\\n' .. ARGV[a + 4] .. '\\n' .. bytes, 'PX', ARGV[3])
  end
  live[#live + 1] = ARGV[a + 1] .. ' ' .. seq .. ' ' .. ARGV[a + 4] .. ' ' .. #bytes .. '\\n' .. bytes
  result[#result + 1] = seq
end
redis.call('PUBLISH', ARGV[4], table.concat(live))
return result
`;

/** The wire message the publish script assembles for an event (its `data` already JSON). */
export function wireMessage(channel: Channel, dataJson: string, seq: number): Buffer {
  return Buffer.from(`{"event":"${eventName(channel)}","data":${dataJson},"seq":${seq}}`, 'utf8');
}

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

/** `epoch \n seq \n time \n bytes` (the state keys); undefined when it is not that. */
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
