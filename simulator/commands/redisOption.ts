/** The `--redis` and `--redis-prefix` flags of `mci-sim engine` and `mci-sim gateway`. */
import { Option, type Command } from 'commander';
import { DEFAULT_PREFIX } from '../bus/redisModel';

export function addRedisOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--redis <url>', 'the Redis of the event bus, e.g. redis://127.0.0.1:6379')
        .env('MCI_SIM_REDIS')
        .makeOptionMandatory()
    )
    .addOption(
      new Option('--redis-prefix <prefix>', `prefix of every key and channel on Redis (default ${DEFAULT_PREFIX})`).env(
        'MCI_SIM_REDIS_PREFIX'
      )
    );
}

export function redisOptionsOf(command: Command): { url: string; prefix: string } {
  const { redis, redisPrefix } = command.opts<{ redis: string; redisPrefix?: string }>();
  if (!/^rediss?:\/\//.test(redis)) {
    throw new Error(`--redis: "${redis}" is not a Redis URL; give one such as redis://127.0.0.1:6379.`);
  }
  return { url: redis, prefix: redisPrefix ?? DEFAULT_PREFIX };
}
