/**
 * A gateway's per-event cost of following the Redis bus (docs/scaling.md), in one process and
 * without Redis or clients, so it is steady on a loaded machine: the RESP bytes of the live
 * messages of `--steps` engine steps of `--step` events are fed to the same parser ioredis uses,
 * then to `RedisBus` (header reading, JSON parse of each event's data, the hub's history), with no
 * listener attached. Prints CPU per event per round; the fan-out to clients is not included
 * (`bench/scaling.ts` measures everything together).
 *
 *   npx tsx bench/busIngest.ts                  150 events a step, 400 steps, 5 rounds
 *   npx tsx bench/busIngest.ts --step 20
 */
import pino from 'pino';
import { encodeDataEvent, type Channel } from '../src/protocol';
import { formatLiveBatch } from '../simulator/bus/liveBatch';
import { RedisBus } from '../simulator/bus/RedisBus';
import { redisKeys } from '../simulator/bus/redisModel';
import { account, order } from '../simulator/bus/testing/sampleEvents';
import { ChannelHub } from '../simulator/server/ChannelHub';

// The RESP parser ioredis itself uses (a dependency of ioredis, untyped).
const Parser = require('redis-parser') as new (options: {
  returnBuffers: boolean;
  returnReply: (reply: Buffer[]) => void;
  returnError: (error: Error) => void;
}) => { execute(chunk: Buffer): void };

const ROUNDS = 5;
const READ_BYTES = 65_536;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at === -1 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`${name}: expected a positive whole number, got ${process.argv[at + 1]}`);
  }
  return value;
}

/** One RESP push `["message", name, payload]`, as Redis sends a pub/sub message. */
function pubsubMessage(name: string, payload: Buffer): Buffer {
  const parts = [Buffer.from('message'), Buffer.from(name), payload];
  return Buffer.concat([
    Buffer.from(`*${parts.length}\r\n`),
    ...parts.flatMap((part) => [Buffer.from(`$${part.length}\r\n`), part, Buffer.from('\r\n')]),
  ]);
}

function main(): void {
  const step = option('--step', 150);
  const steps = option('--steps', 400);
  const keys = redisKeys();
  const seqs: Record<string, number> = { orders: 0, account: 0 };
  const reads = Array.from({ length: steps }, () => {
    const events = Array.from({ length: step }, (_, index) => {
      const channel: Channel = index % 3 === 0 ? 'account' : 'orders';
      const seq = ++seqs[channel];
      const data = channel === 'orders' ? order(`o${seq}`) : account(seq);
      return { channel, seq, time: 1_700_000_000_000 + seq, bytes: Buffer.from(encodeDataEvent(channel, data, seq)) };
    });
    return pubsubMessage(keys.live, formatLiveBatch('bench', events));
  });

  const bus = new RedisBus({
    redis: undefined as never,
    subscriber: undefined as never,
    keys,
    historySize: 1000,
    historyBytes: Number.MAX_SAFE_INTEGER,
    logger: pino({ level: 'silent' }),
  });
  // The bus's message handler and its copy, reached past `start()` (no Redis here).
  const internals = bus as unknown as { hub: ChannelHub; onMessage(name: Buffer, message: Buffer): void };
  const parser = new Parser({
    returnBuffers: true,
    returnReply: (reply) => internals.onMessage(reply[1], reply[2]),
    returnError: (error) => {
      throw error;
    },
  });
  for (let round = 1; round <= ROUNDS; round += 1) {
    internals.hub = new ChannelHub('bench', 1000);
    const start = process.cpuUsage();
    for (const read of reads) {
      for (let at = 0; at < read.length; at += READ_BYTES) {
        parser.execute(read.subarray(at, at + READ_BYTES));
      }
    }
    const used = process.cpuUsage(start);
    const events = internals.hub.seq('orders') + internals.hub.seq('account');
    console.log(
      `round ${round}: ${events} events in ${steps} live messages, ${((used.user + used.system) / Math.max(1, events)).toFixed(2)} µs CPU per event`
    );
  }
}

main();
