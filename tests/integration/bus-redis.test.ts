/** The shared bus behaviour on Redis: a real redis-server, one publisher and one follower per test. */
import pino from 'pino';
import { RedisBus } from '../../simulator/bus/RedisBus';
import { RedisPublisher } from '../../simulator/bus/RedisPublisher';
import { redisConnection } from '../../simulator/bus/redisConnection';
import { redisKeys } from '../../simulator/bus/redisModel';
import { describeBus } from '../../simulator/bus/testing/busSuite';
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

describeBus('the Redis bus (streams + pub/sub)', async (historySize) => {
  const logger = pino({ level: 'silent' });
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
