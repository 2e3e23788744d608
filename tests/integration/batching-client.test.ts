/**
 * Batching end to end through the project's client: a client that asks for `batchMs` and a
 * spec-001 client on the same server receive the same events in the same order (the wire-level
 * check is in server-protocol.test.ts; this one covers the client's batch unpacking too).
 */
import WebSocket from 'ws';
import { createMciClient, type ChannelItem, type MciClient, type WebSocketLike } from '../../src/client';
import type { Channel } from '../../src/protocol';
import { startSimulator, type RunningSimulator } from '../support/simulator';

jest.setTimeout(30_000);

const CHANNELS: Channel[] = ['orders', 'activity', 'market', 'positions'];
let sim: RunningSimulator;
const clients: MciClient[] = [];

beforeAll(async () => {
  sim = await startSimulator({ args: ['--orders-per-second', '30', '--speed', '4'] });
});

afterAll(async () => {
  clients.forEach((client) => client.close());
  await sim.stop();
});

/** Every non-snapshot event the client delivers, as `channel#seq`, in delivery order; batch frames counted. */
function record(batchMs: number): { seen: string[]; batchFrames: () => number } {
  let batchFrames = 0;
  const client = createMciClient({
    wsUrl: sim.wsUrl,
    webSocketFactory: (url) => {
      const ws = new WebSocket(url);
      ws.on('message', (data) => {
        batchFrames += data.toString().startsWith('{"event":"batch"') ? 1 : 0;
      });
      return ws as unknown as WebSocketLike;
    },
    batchMs,
    lingerMs: 0,
  });
  clients.push(client);
  const seen: string[] = [];
  const onItem = (item: ChannelItem) => {
    if (item.kind === 'event' && !item.snapshot) {
      seen.push(`${item.channel}#${item.seq}`);
    } else if (item.kind === 'gap') {
      seen.push(`gap ${item.channel}`);
    }
  };
  CHANNELS.forEach((channel) => client.channel(channel).subscribe(onItem));
  return { seen, batchFrames: () => batchFrames };
}

it('gives a batching client and a spec-001 client the same events in the same order', async () => {
  const batching = record(25);
  const spec001 = record(0);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  clients.forEach((client) => client.close());
  expect(batching.batchFrames()).toBeGreaterThan(10);
  expect(spec001.batchFrames()).toBe(0);
  const batched = batching.seen;
  const plain = spec001.seen;

  expect(batched.filter((key) => key.startsWith('gap'))).toEqual([]);
  expect(plain.filter((key) => key.startsWith('gap'))).toEqual([]);
  // Both connected at slightly different moments and closed at one: compare the span both saw.
  const inPlain = new Set(plain);
  const inBatched = new Set(batched);
  const sharedBatched = batched.filter((key) => inPlain.has(key));
  const sharedPlain = plain.filter((key) => inBatched.has(key));
  expect(sharedBatched.length).toBeGreaterThan(100);
  expect(sharedBatched).toEqual(sharedPlain);
  // Per channel the shared span is contiguous: nothing in the middle reached only one of them.
  for (const channel of CHANNELS) {
    const seqs = sharedPlain.filter((key) => key.startsWith(`${channel}#`)).map((key) => Number(key.split('#')[1]));
    const onlyOne = plain
      .concat(batched)
      .filter((key) => key.startsWith(`${channel}#`) && !(inPlain.has(key) && inBatched.has(key)))
      .map((key) => Number(key.split('#')[1]))
      .filter((seq) => seq > Math.min(...seqs) && seq < Math.max(...seqs));
    expect(onlyOne).toEqual([]);
  }
});
