/** The shared bus behaviour on Redis: a real redis-server, one publisher and one follower per test. */
import pino from 'pino';
import { Registry } from 'prom-client';
import { encodeDataEvent } from '../../src/protocol';
import { registerBusMetrics } from '../../simulator/bus/busMetrics';
import { parseLiveBatch } from '../../simulator/bus/liveBatch';
import { RedisBus } from '../../simulator/bus/RedisBus';
import { RedisPublisher } from '../../simulator/bus/RedisPublisher';
import { redisConnection } from '../../simulator/bus/redisConnection';
import { redisKeys, streamEntry, type StreamEntry } from '../../simulator/bus/redisModel';
import { describeBus } from '../../simulator/bus/testing/busSuite';
import { account, order } from '../../simulator/bus/testing/sampleEvents';
import { startRedis, type RunningRedis } from '../support/redis';

jest.setTimeout(30_000);

let redis: RunningRedis;
let runs = 0;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

const logger = pino({ level: 'silent' });

describeBus('the Redis bus (streams + pub/sub)', async (historySize) => {
  runs += 1;
  const keys = redisKeys(`test${runs}:`);
  const command = redisConnection(redis.url, 'test-publisher', logger);
  const publisher = new RedisPublisher({
    redis: command,
    keys,
    epoch: `epoch-redis-${runs}`,
    streamMaxLength: historySize,
    stateTtlMs: 60_000,
    maxPending: 10_000,
    logger,
  });
  await publisher.begin({}, 0);
  const bus = new RedisBus({
    redis: redisConnection(redis.url, 'test-reader', logger),
    subscriber: redisConnection(redis.url, 'test-subscriber', logger),
    keys,
    historySize,
    historyBytes: Number.MAX_SAFE_INTEGER,
    logger,
    publisher,
  });
  bus.start();
  if (!(await bus.whenAvailable(10_000))) {
    throw new Error('the Redis bus did not become available');
  }
  return {
    bus,
    close: async () => {
      await bus.close();
      command.disconnect();
    },
  };
});

describe('the live message of the Redis bus', () => {
  async function setUp() {
    runs += 1;
    const keys = redisKeys(`live${runs}:`);
    const command = redisConnection(redis.url, 'test-publisher', logger);
    const listener = redisConnection(redis.url, 'test-listener', logger);
    const publisher = new RedisPublisher({
      redis: command,
      keys,
      epoch: `epoch-live-${runs}`,
      streamMaxLength: 100,
      stateTtlMs: 60_000,
      maxPending: 10_000,
      logger,
    });
    await publisher.begin({}, 0);
    const close = () => {
      command.disconnect();
      listener.disconnect();
    };
    return { keys, command, listener, publisher, close };
  }

  it('carries every event of one publish call in one message, with the bytes the streams keep', async () => {
    const { keys, command, listener, publisher, close } = await setUp();
    try {
      const messages: Buffer[] = [];
      listener.on('messageBuffer', (_name: Buffer, message: Buffer) => messages.push(message));
      await listener.subscribe(keys.live);
      publisher.publish('orders', order('o1'), 1000);
      publisher.publish('account', account(9), 1001);
      publisher.publish('orders', order('o2'), 1002);
      await publisher.flush();
      const deadline = Date.now() + 5000;
      while (messages.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(messages).toHaveLength(1);
      const { entries, malformed } = parseLiveBatch(messages[0]);
      expect(malformed).toBeUndefined();
      expect(entries.map(({ channel, seq, time, epoch }) => ({ channel, seq, time, epoch }))).toEqual([
        { channel: 'orders', seq: 1, time: 1000, epoch: `epoch-live-${runs}` },
        { channel: 'account', seq: 1, time: 1001, epoch: `epoch-live-${runs}` },
        { channel: 'orders', seq: 2, time: 1002, epoch: `epoch-live-${runs}` },
      ]);
      expect(entries.map(({ bytes }) => bytes.toString('utf8'))).toEqual([
        encodeDataEvent('orders', order('o1'), 1),
        encodeDataEvent('account', account(9), 1),
        encodeDataEvent('orders', order('o2'), 2),
      ]);
      const stream = (await command.xrangeBuffer(keys.stream('orders'), '-', '+')) as unknown as StreamEntry[];
      const kept = stream.map((raw) => streamEntry('orders', 'any', raw)?.bytes.toString('utf8'));
      expect(kept).toEqual([entries[0].bytes.toString('utf8'), entries[2].bytes.toString('utf8')]);
    } finally {
      close();
    }
  });

  it('skips an unreadable live message, counts it in its metric, and keeps following the run', async () => {
    const { keys, command, publisher, close } = await setUp();
    const bus = new RedisBus({
      redis: redisConnection(redis.url, 'test-reader', logger),
      subscriber: redisConnection(redis.url, 'test-subscriber', logger),
      keys,
      historySize: 100,
      historyBytes: Number.MAX_SAFE_INTEGER,
      logger,
    });
    const registry = new Registry();
    registerBusMetrics(registry, bus);
    const skippedMetric = async () =>
      (await registry.metrics()).split('\n').find((line) => line.startsWith('mci_bus_messages_skipped_total '));
    try {
      bus.start();
      expect(await bus.whenAvailable(10_000)).toBe(true);
      publisher.publish('orders', order('o1'), 1000);
      expect(await bus.whenCaughtUp('orders', 1, 5000)).toBe(true);
      expect(await skippedMetric()).toBe('mci_bus_messages_skipped_total 0');
      await command.publish(keys.live, 'not a live message');
      await command.publish(keys.live, `${bus.epoch}\norders 2 1001 5\n{"ev`);
      publisher.publish('orders', order('o2'), 1002);
      publisher.publish('orders', order('o3'), 1003);
      expect(await bus.whenCaughtUp('orders', 3, 5000)).toBe(true);
      expect(bus.skippedMessages).toBe(2);
      expect(await skippedMetric()).toBe('mci_bus_messages_skipped_total 2');
      expect(bus.history('orders').map((event) => event.seq)).toEqual([1, 2, 3]);
    } finally {
      await bus.close();
      close();
    }
  });
});
