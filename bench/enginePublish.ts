/**
 * Does the engine process keep up with publishing to Redis (docs/scaling.md)? Runs the engine and
 * its Redis publisher in this process against a throwaway redis-server, with no gateway and no
 * client, and prints per second the events the engine produced, the publishes still waiting for
 * Redis and the events dropped (queue full), then the CPU per event of this process (engine +
 * publisher) and of Redis. Prints numbers, asserts nothing; on a shared machine they move with
 * the other load.
 *
 *   npx tsx bench/enginePublish.ts                          --orders-per-second 1000, 10 s
 *   npx tsx bench/enginePublish.ts --rate 2000 --seconds 20
 */
import { readFileSync } from 'fs';
import pino from 'pino';
import { createEnginePublisher } from '../simulator/bus/createEnginePublisher';
import { resolveServeConfig } from '../simulator/config/serveConfig';
import { createEngine } from '../simulator/engine';
import type { Engine } from '../simulator/engine/types';
import { startRedis } from '../tests/support/redis';

const TICKS_PER_SECOND = 100;

function flag(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  const value = at === -1 ? fallback : Number(args[at + 1]);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name}: expected a positive number, got ${args[at + 1]}`);
  }
  return value;
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** The engine, counting the events it produces. */
function counting(engine: Engine, count: (events: number) => void): Engine {
  const advance = engine.advance.bind(engine);
  engine.advance = (until: number) => {
    const events = advance(until);
    count(events.length);
    return events;
  };
  return engine;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const rate = flag(args, '--rate', 1000);
  const seconds = flag(args, '--seconds', 10);
  const redis = await startRedis();
  let produced = 0;
  try {
    const config = resolveServeConfig({ ordersPerSecond: rate, auth: false });
    const engine = createEnginePublisher(config, {
      createEngine: (engineConfig) => counting(createEngine(engineConfig), (events) => (produced += events)),
      logger: pino({ level: 'error' }),
      redisUrl: redis.url,
    });
    await engine.start();
    const start = { cpu: cpuSeconds(process.pid), redis: cpuSeconds(redis.pid()!), produced, at: Date.now() };
    let maxPending = 0;
    for (let second = 1; second <= seconds; second += 1) {
      const until = start.at + second * 1000;
      while (Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        maxPending = Math.max(maxPending, engine.publisher.pending);
      }
      console.log(
        `${second} s: produced ${produced - start.produced}, pending ${engine.publisher.pending}, dropped ${engine.publisher.droppedEvents}`
      );
    }
    const events = produced - start.produced;
    const perEvent = (cpu: number) => ((cpu * 1e6) / Math.max(1, events)).toFixed(1);
    console.log(
      [
        `--orders-per-second ${rate}: ${(events / seconds).toFixed(0)} events/s on all channels,`,
        `most pending ${maxPending}, dropped ${engine.publisher.droppedEvents},`,
        `engine process CPU ${perEvent(cpuSeconds(process.pid) - start.cpu)} µs per event (engine + publisher),`,
        `Redis CPU ${perEvent(cpuSeconds(redis.pid()!) - start.redis)} µs per event`,
        `(load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})`,
      ].join(' ')
    );
    await engine.stop();
  } finally {
    await redis.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
