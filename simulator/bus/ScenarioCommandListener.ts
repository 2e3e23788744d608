/**
 * The engine process's side of scenario control over Redis (docs/scaling.md): takes the commands
 * gateways publish, runs them on the engine and publishes each answer to the gateway that asked.
 * A message that is not a command is skipped, counted and logged.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { HttpError, errorBody } from '../server/httpErrors';
import type { ScenarioControl } from '../server/ScenarioControl';
import { keepSubscribed } from './redisConnection';
import { parseScenarioCommand, type ScenarioAnswer, type ScenarioCommand } from './scenarioCommands';

export interface ScenarioCommandListenerOptions {
  /** Publishes the answers. */
  redis: Redis;
  /** A connection of its own, subscribed to `channel`. */
  subscriber: Redis;
  channel: string;
  control: ScenarioControl;
  logger: Logger;
}

export class ScenarioCommandListener {
  private rejected = 0;

  constructor(private readonly options: ScenarioCommandListenerOptions) {}

  /** Messages that were not commands (skipped). */
  get rejectedMessages(): number {
    return this.rejected;
  }

  async listen(): Promise<void> {
    const { subscriber, channel, logger } = this.options;
    subscriber.on('message', (from: string, text: string) => {
      if (from === channel) {
        void this.handle(text);
      }
    });
    if (!(await keepSubscribed(subscriber, channel, logger)())) {
      throw new Error(`the engine could not subscribe to ${channel} for scenario commands (see the log)`);
    }
  }

  private async handle(text: string): Promise<void> {
    const { redis, control, logger } = this.options;
    const command = parseScenarioCommand(text);
    if (command === undefined) {
      this.rejected += 1;
      logger.warn(
        { message: text.slice(0, 200), rejected: this.rejected },
        'skipped a scenario command that is not one'
      );
      return;
    }
    const answer = await run(command, control);
    logger.info({ op: command.op, ok: answer.ok }, 'scenario command from a gateway');
    await redis
      .publish(command.replyTo, JSON.stringify(answer))
      .catch((error: unknown) => logger.warn({ err: error }, 'answering a scenario command failed'));
  }
}

async function run(command: ScenarioCommand, control: ScenarioControl): Promise<ScenarioAnswer> {
  try {
    if (command.op === 'start') {
      return { id: command.id, ok: true, started: await control.start(command.run) };
    }
    return { id: command.id, ok: true, active: (await control.stop(command.name)) ?? null };
  } catch (error) {
    const failure =
      error instanceof HttpError
        ? error
        : new HttpError('SERVER_ERROR', {
            what: 'Scenario not changed',
            why: `The engine failed: ${(error as Error).message}`,
            how: 'See the engine log',
          });
    return { id: command.id, ok: false, status: failure.status, body: errorBody(failure) };
  }
}
