/**
 * The simulator's control API: start, list and stop anomaly scenarios, and end every WebSocket
 * session the way a failing or restarting backend would (chaos testing). Scenarios run on the
 * engine of this process, or, on a gateway, on the engine process the request is carried to over
 * Redis (`deps.scenarios`, docs/scaling.md).
 */
import type { FastifyInstance } from 'fastify';
import { REST_PATHS } from '../../../src/protocol';
import { formatScenarioRun, isScenarioName, SCENARIO_NAMES } from '../../engine/scenarioSpec';
import { HttpError } from '../httpErrors';
import { localScenarioControl } from '../ScenarioControl';
import { ANY_OBJECT, type RouteDeps } from './routeTypes';
import { scenarioFromBody } from './scenarioFromBody';

const DISCONNECT_CODES = ['SERVER_ERROR', 'SESSION_EXPIRED'] as const;

export function registerControlRoutes(
  app: FastifyInstance,
  deps: Pick<RouteDeps, 'engine' | 'gateway' | 'logger' | 'scheduleChanged' | 'scenarios'>
): void {
  const { engine, gateway, logger } = deps;
  const scenarios = deps.scenarios ?? localScenarioControl(engine, deps.scheduleChanged);
  const config = { access: 'control' } as const;

  app.get(
    REST_PATHS.scenarios,
    {
      config,
      schema: {
        response: {
          200: {
            type: 'object',
            properties: {
              active: { type: 'array', items: ANY_OBJECT },
              available: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
    },
    async () => ({ active: engine.activeScenarios(), available: SCENARIO_NAMES })
  );

  app.post(REST_PATHS.scenarios, { config }, async (request, reply) => {
    const run = scenarioFromBody(request.body);
    const active = await scenarios.start(run);
    logger.info({ scenario: formatScenarioRun(run), endsAt: active.endsAt }, 'scenario started');
    return reply.code(201).send(active);
  });

  app.delete<{ Params: { name: string } }>(`${REST_PATHS.scenarios}/:name`, { config }, async (request) => {
    const { name } = request.params;
    const active = isScenarioName(name) ? await scenarios.stop(name) : undefined;
    if (active === undefined) {
      throw new HttpError('NOT_FOUND', {
        what: 'Scenario not running',
        why: `No running scenario is called "${name}"`,
        how: `GET ${REST_PATHS.scenarios} lists the active ones`,
      });
    }
    logger.info({ scenario: name }, 'scenario stopped');
    return { stopped: name, active };
  });

  app.post(
    REST_PATHS.disconnect,
    {
      config,
      schema: {
        response: { 200: { type: 'object', properties: { code: { type: 'string' }, closed: { type: 'integer' } } } },
      },
    },
    async (request) => {
      const code = (request.body as { code?: unknown } | undefined)?.code ?? 'SERVER_ERROR';
      if (!DISCONNECT_CODES.includes(code as (typeof DISCONNECT_CODES)[number])) {
        throw new HttpError('INVALID_MESSAGE', {
          what: 'Request rejected',
          why: `code ${JSON.stringify(code)} is not one the server can end sessions with`,
          how: 'Send {"code": "SERVER_ERROR"} or {"code": "SESSION_EXPIRED"}',
        });
      }
      const why = `Disconnected on request of the control API (POST ${REST_PATHS.disconnect})`;
      const closed = gateway.failAll(code as (typeof DISCONNECT_CODES)[number], why);
      logger.info({ code, closed }, 'sessions ended by the control API');
      return { code, closed };
    }
  );
}
