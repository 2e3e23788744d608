/**
 * Scenario control on a gateway (docs/scaling.md): `POST`/`DELETE /api/sim/scenarios` are carried
 * to the engine process over Redis pub/sub, and answered with what the engine did. A command
 * reaches only an engine subscribed at that instant (none: 503 at once, never run later by an
 * engine started afterwards); an engine that does not answer within `timeoutMs` gets a 504 and the
 * caller is told to check the engine and list the scenarios before retrying.
 *
 * After a Redis outage each connection comes back on its own backoff. A command is sent only when
 * the answer connection is back too and Redis has confirmed its subscription again; otherwise the
 * engine would run it and its answer would reach nobody (a 504 for a command that did run).
 */
import { randomBytes } from 'crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ActiveScenario, ScenarioName, ScenarioRun } from '../engine/types';
import { HttpError } from '../server/httpErrors';
import type { ScenarioControl } from '../server/ScenarioControl';
import { keepSubscribed } from './redisConnection';
import type { RedisKeys } from './redisModel';
import { parseScenarioAnswer, type ScenarioAnswer, type ScenarioCommand } from './scenarioCommands';

export const SCENARIO_TIMEOUT_MS = 5000;

interface Waiting {
  resolve(answer: ScenarioAnswer): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export interface RedisScenarioControlOptions {
  /** Publishes commands. */
  redis: Redis;
  /** A connection of its own for the answers (a subscribed connection runs no other command). */
  subscriber: Redis;
  keys: RedisKeys;
  logger: Logger;
  timeoutMs?: number;
}

export class RedisScenarioControl implements ScenarioControl {
  private readonly waiting = new Map<string, Waiting>();
  private readonly replyTo: string;
  /** The confirmation of the latest subscription for answers, once `listen` was called. */
  private subscribed: (() => Promise<boolean>) | undefined;

  constructor(private readonly options: RedisScenarioControlOptions) {
    this.replyTo = options.keys.controlReply(randomBytes(8).toString('hex'));
    options.subscriber.on('message', (channel: string, text: string) => {
      if (channel === this.replyTo) {
        this.answered(text);
      }
    });
  }

  /** Subscribe for answers, now and after every reconnection. */
  listen(): void {
    void this.answersSubscribed();
  }

  /** Whether the latest subscription for answers is confirmed (subscribing first if need be). */
  private answersSubscribed(): Promise<boolean> {
    this.subscribed ??= keepSubscribed(this.options.subscriber, this.replyTo, this.options.logger);
    return this.subscribed();
  }

  async start(run: ScenarioRun): Promise<ActiveScenario> {
    const answer = await this.send({ op: 'start', run });
    if (!('started' in answer)) {
      throw new Error('the engine answered a start without the scenario');
    }
    return answer.started;
  }

  async stop(name: ScenarioName): Promise<ActiveScenario[] | undefined> {
    const answer = await this.send({ op: 'stop', name });
    if (!('active' in answer)) {
      throw new Error('the engine answered a stop without the active scenarios');
    }
    return answer.active ?? undefined;
  }

  /** The gateway is closing: what still waits is answered 503, and the answer connection ends. */
  close(): void {
    for (const { timer, reject } of this.waiting.values()) {
      clearTimeout(timer);
      reject(unavailable('this gateway is shutting down'));
    }
    this.waiting.clear();
    this.options.subscriber.disconnect();
  }

  private async send(command: { op: 'start'; run: ScenarioRun } | { op: 'stop'; name: ScenarioName }) {
    const { redis, keys, timeoutMs = SCENARIO_TIMEOUT_MS } = this.options;
    if (redis.status !== 'ready') {
      throw unavailable('this gateway has lost its connection to Redis');
    }
    if (this.options.subscriber.status !== 'ready') {
      throw unavailable("this gateway's connection for the engine's answers is still reconnecting to Redis");
    }
    if (!(await this.answersSubscribed())) {
      throw unavailable("this gateway could not subscribe for the engine's answers (see its log)");
    }
    const id = randomBytes(8).toString('hex');
    const answer = new Promise<ScenarioAnswer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(
          new HttpError(
            'SERVER_ERROR',
            {
              what: 'The engine did not answer',
              why: `mci-sim engine took the command but did not answer within ${timeoutMs} ms (overloaded, or stopped meanwhile)`,
              how: 'Check the engine process; GET /api/sim/scenarios shows whether the scenario changed before you retry',
            },
            504
          )
        );
      }, timeoutMs);
      this.waiting.set(id, { resolve, reject, timer });
    });
    const message: ScenarioCommand = { id, replyTo: this.replyTo, ...command };
    const receivers = await redis.publish(keys.control, JSON.stringify(message));
    if (receivers === 0) {
      clearTimeout(this.waiting.get(id)?.timer);
      this.waiting.delete(id);
      throw unavailable('no mci-sim engine is listening on this Redis (and prefix)');
    }
    const settled = await answer;
    if (!settled.ok) {
      throw new HttpError(settled.body.code, settled.body.error, settled.status);
    }
    return settled;
  }

  private answered(text: string): void {
    const answer = parseScenarioAnswer(text);
    const waiting = answer === undefined ? undefined : this.waiting.get(answer.id);
    if (answer === undefined || waiting === undefined) {
      this.options.logger.warn({ answer: text.slice(0, 200) }, 'ignored a scenario answer nobody waits for');
      return;
    }
    clearTimeout(waiting.timer);
    this.waiting.delete(answer.id);
    waiting.resolve(answer);
  }
}

function unavailable(why: string): HttpError {
  return new HttpError(
    'SERVER_ERROR',
    {
      what: 'Scenario not changed',
      why: `Scenarios run on the engine process, and ${why}`,
      how: 'Start mci-sim engine with the same --redis and --redis-prefix (or wait for Redis to be back), then retry',
    },
    503
  );
}
