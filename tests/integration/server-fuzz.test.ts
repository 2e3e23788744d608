/**
 * Fuzzing the gateway (fast-check): thousands of random and mutated frames on one connection.
 * The server answers each one per the spec (an `error` for bad input, `subscribed` /
 * `unsubscribed` for valid requests, nothing for a valid `heartbeat:ack`), never closes or leaks
 * the connection, and a second, well-behaved client keeps receiving every `orders:update` without
 * a `seq` gap throughout.
 */
import fc from 'fast-check';
import { CHANNELS, parseClientMessage, type DataMessage } from '../../src/protocol';
import { startSimulator, type RunningSimulator } from '../support/simulator';
import { connect, isEvent, type TestClient } from '../support/wsClient';

jest.setTimeout(90_000);

const RUNS = 12;
const FRAMES_PER_RUN = 250;
const MAX_PAYLOAD = 16 * 1024;

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({
    args: [
      '--speed',
      '4',
      '--orders-per-second',
      '25',
      '--rate-limit',
      '1000000',
      '--max-payload',
      String(MAX_PAYLOAD),
    ],
  });
});

afterAll(async () => {
  expect(await sim.stop()).toBe(0);
});

const channelish = fc.oneof(fc.constantFrom(...CHANNELS), fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 1 }));
const anything = fc.jsonValue({ maxDepth: 3 });
const eventName = fc.oneof(
  fc.constantFrom('subscribe', 'unsubscribe', 'heartbeat:ack', 'heartbeat', 'orders:update', 'connection:ack'),
  fc.string({ maxLength: 16 })
);

/** Valid messages with some fields replaced by something else. */
const mutated = fc.oneof(
  fc.record({
    event: fc.constantFrom('subscribe', 'unsubscribe'),
    data: fc.record({ channels: fc.subarray([...CHANNELS], { minLength: 1 }) }),
  }),
  fc.record(
    {
      event: fc.constantFrom('subscribe', 'unsubscribe'),
      data: fc.record(
        {
          channels: fc.oneof(fc.array(channelish, { maxLength: 5 }), anything),
          resume: fc.oneof(
            fc.dictionary(
              fc.constantFrom(...CHANNELS, 'bogus'),
              fc.record({ epoch: fc.string(), seq: fc.oneof(fc.nat(), anything) })
            ),
            anything
          ),
          batchMs: fc.oneof(fc.integer({ min: -10, max: 2000 }), anything),
        },
        { requiredKeys: [] }
      ),
    },
    { requiredKeys: ['event'] }
  ),
  fc.record({
    event: fc.constant('heartbeat:ack'),
    data: fc.oneof(fc.record({ clientTime: fc.oneof(fc.nat(), anything) }), anything),
  }),
  fc.record({ event: eventName, data: anything })
);

type Frame = { text: string } | { binary: Uint8Array };

const frame: fc.Arbitrary<Frame> = fc.oneof(
  { arbitrary: mutated.map((message) => ({ text: JSON.stringify(message) })), weight: 6 },
  { arbitrary: fc.json({ maxDepth: 3 }).map((text) => ({ text })), weight: 2 },
  { arbitrary: fc.string({ maxLength: 200 }).map((text) => ({ text })), weight: 2 },
  { arbitrary: fc.uint8Array({ maxLength: 64 }).map((binary) => ({ binary })), weight: 1 }
);

/** What the server must answer to a frame, as its counters see it. */
function expectedReply(f: Frame): 'error' | 'subscribed' | 'unsubscribed' | 'none' | 'skip' {
  if ('binary' in f) {
    return 'error';
  }
  const parsed = parseClientMessage(f.text, { maxLength: MAX_PAYLOAD });
  if (!parsed.ok) {
    return 'error';
  }
  switch (parsed.value.event) {
    case 'subscribe':
      return 'subscribed';
    case 'unsubscribe':
      return 'unsubscribed';
    case 'heartbeat:ack':
      return 'none';
    default:
      // `disconnect` would (rightly) close the connection under test.
      return 'skip';
  }
}

function counts(c: TestClient) {
  const events = c.received.map((r) => r.message);
  return {
    error: events.filter((m) => m.event === 'error').length,
    subscribed: events.filter((m) => m.event === 'subscribed').length,
    unsubscribed: events.filter((m) => m.event === 'unsubscribed').length,
  };
}

async function until(check: () => boolean, timeoutMs: number, what: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out: ${what()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

it('survives thousands of random frames while another client misses no order update', async () => {
  const watcher = await connect(sim.wsUrl);
  watcher.send({ event: 'subscribe', data: { channels: ['orders'] } });
  await watcher.next(isEvent('subscribed'));
  const target = await connect(sim.wsUrl);
  await target.next(isEvent('connection:ack'));
  let sentFrames = 0;
  const expected = { error: 0, subscribed: 0, unsubscribed: 0 };

  await fc.assert(
    fc.asyncProperty(fc.array(frame, { minLength: FRAMES_PER_RUN, maxLength: FRAMES_PER_RUN }), async (frames) => {
      for (const f of frames) {
        const reply = expectedReply(f);
        if (reply === 'skip') {
          continue;
        }
        if (reply !== 'none') {
          expected[reply] += 1;
        }
        target.ws.send('binary' in f ? Buffer.from(f.binary) : f.text, { binary: 'binary' in f });
        sentFrames += 1;
      }
      await until(
        () => JSON.stringify(counts(target)) === JSON.stringify(expected),
        15_000,
        () => `expected ${JSON.stringify(expected)}, got ${JSON.stringify(counts(target))}`
      );
      expect(target.ws.readyState).toBe(target.ws.OPEN);
    }),
    { numRuns: RUNS, seed: 4242, endOnFailure: true }
  );

  expect(sentFrames).toBeGreaterThan(2000);
  // The mix reaches every branch: valid requests as well as each kind of bad input.
  expect(expected.subscribed).toBeGreaterThan(10);
  expect(expected.unsubscribed).toBeGreaterThan(10);
  expect(expected.error).toBeGreaterThan(1000);
  expect(target.invalid).toEqual([]);
  const codes = new Set(
    target.received.map((r) => r.message).flatMap((m) => (m.event === 'error' ? [m.data.code] : []))
  );
  expect([...codes].every((code) => code === 'INVALID_MESSAGE' || code === 'SUBSCRIPTION_ERROR')).toBe(true);

  // The watcher saw order updates all along, in order, without a gap.
  const seqs = watcher.received
    .map((r) => r.message)
    .filter((m): m is DataMessage => m.event === 'orders:update')
    .map((m) => m.seq!);
  expect(seqs.length).toBeGreaterThan(20);
  seqs.forEach((seq, index) => expect(seq).toBe(seqs[0] + index));

  // Nothing leaked: both connections are counted, and none once they are closed.
  const connected = async () =>
    Number(/^mci_ws_clients_connected (\d+)/m.exec(await (await fetch(`${sim.httpUrl}/metrics`)).text())?.[1]);
  expect(await connected()).toBe(2);
  await Promise.all([watcher.close(), target.close()]);
  let remaining = await connected();
  for (let i = 0; i < 50 && remaining !== 0; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    remaining = await connected();
  }
  expect(remaining).toBe(0);
  expect((await fetch(`${sim.httpUrl}/healthz`)).status).toBe(200);
});
