/**
 * Scenario control over a real Redis, both ends in this process: the gateway's
 * `RedisScenarioControl` and the engine's `ScenarioCommandListener` on a real engine. The case
 * that matters is a gateway whose answer connection is still reconnecting (after a Redis outage
 * each connection comes back on its own backoff): a command must then be refused with a 503 and
 * run nothing, not run on the engine and be reported as a 504 because the answer was lost.
 */
import pino from 'pino';
import type { Redis } from 'ioredis';
import { createEngine } from '../../simulator/engine/createEngine';
import { RedisScenarioControl } from '../../simulator/bus/RedisScenarioControl';
import { ScenarioCommandListener } from '../../simulator/bus/ScenarioCommandListener';
import { redisConnection } from '../../simulator/bus/redisConnection';
import { redisKeys } from '../../simulator/bus/redisModel';
import { localScenarioControl } from '../../simulator/server/ScenarioControl';
import { HttpError } from '../../simulator/server/httpErrors';
import { startRedis, type RunningRedis } from '../support/redis';

jest.setTimeout(30_000);

const logger = pino({ level: 'silent' });
const TIMEOUT_MS = 2000;

let redis: RunningRedis;
const connections: Redis[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  connections.forEach((connection) => connection.disconnect());
  await redis.stop();
});

function connection(name: string): Redis {
  const opened = redisConnection(redis.url, name, logger);
  connections.push(opened);
  return opened;
}

async function controlPair(prefix: string) {
  const keys = redisKeys(prefix);
  const engine = createEngine({ seed: 5, startTime: 1_736_135_100_000 });
  const listener = new ScenarioCommandListener({
    redis: connection('test-engine'),
    subscriber: connection('test-engine-control'),
    channel: keys.control,
    control: localScenarioControl(engine, () => undefined),
    logger,
  });
  await listener.listen();
  const answers = connection('test-gateway-control');
  const control = new RedisScenarioControl({
    redis: connection('test-gateway'),
    subscriber: answers,
    keys,
    logger,
    timeoutMs: TIMEOUT_MS,
  });
  control.listen();
  await until('every connection ready', () => connections.every((one) => one.status === 'ready'));
  return { engine, control, answers };
}

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    return error instanceof HttpError ? error.status : -1;
  }
}

function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (condition()) {
        resolve();
      } else if (Date.now() > deadline) {
        reject(new Error(`timed out waiting for ${what}`));
      } else {
        setTimeout(poll, 5);
      }
    };
    poll();
  });
}

describe('scenario control over Redis', () => {
  it('starts and stops a scenario on the engine and answers with what the engine did', async () => {
    const { engine, control } = await controlPair('control1:');
    const started = await control.start({ name: 'cpu-spike', offsetMs: 0, durationMs: 60_000 });
    expect(started).toMatchObject({ name: 'cpu-spike', offsetMs: 0, durationMs: 60_000 });
    expect(engine.activeScenarios().map((scenario) => scenario.name)).toEqual(['cpu-spike']);
    expect(await control.stop('cpu-spike')).toEqual([]);
    expect(await control.stop('cpu-spike')).toBeUndefined();
    expect(engine.activeScenarios()).toEqual([]);
  });

  it('refuses with 503, running nothing, while its answer connection reconnects; then works again', async () => {
    const { engine, control, answers } = await controlPair('control2:');
    await control.start({ name: 'cpu-spike', offsetMs: 0, durationMs: 60_000 });
    expect(await control.stop('cpu-spike')).toEqual([]);

    // Drop only the answer connection, as a Redis outage does when it comes back before it.
    answers.disconnect(true);
    await until('the answer connection to notice', () => answers.status !== 'ready');
    const refused = await statusOf(control.start({ name: 'cpu-spike', offsetMs: 0, durationMs: 60_000 }));
    expect(refused).toBe(503);
    expect(engine.activeScenarios()).toEqual([]);

    await until('the answer connection back', () => answers.status === 'ready');
    const started = await control.start({ name: 'cpu-spike', offsetMs: 0, durationMs: 60_000 });
    expect(started.name).toBe('cpu-spike');
    expect(engine.activeScenarios().map((scenario) => scenario.name)).toEqual(['cpu-spike']);
  });
});

describe('scenario control over Redis, across a Redis restart', () => {
  it('refuses with 503 while Redis is away, and takes commands again once it is back', async () => {
    const { engine, control, answers } = await controlPair('control3:');
    await redis.kill();
    await until('the answer connection to notice', () => answers.status !== 'ready');
    expect(await statusOf(control.start({ name: 'cpu-spike', offsetMs: 0, durationMs: 60_000 }))).toBe(503);
    // Long enough for the connections' reconnection delays to reach their 2 s ceiling.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await redis.start();
    const deadline = Date.now() + 15_000;
    let status = 503;
    let states = '';
    while (status === 503 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await statusOf(control.start({ name: 'cpu-spike', offsetMs: 0, durationMs: 60_000 }));
      states = connections.map((one) => one.status).join(', ');
    }
    // The connections' states are in the message when it fails.
    expect(`${status} (connections: ${states})`).toBe(`200 (connections: ${states})`);
    expect(engine.activeScenarios().map((scenario) => scenario.name)).toEqual(['cpu-spike']);
  });
});
