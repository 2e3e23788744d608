/** Liveness and readiness (always public, for orchestrators) and the Prometheus exposition. */
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { REST_PATHS } from '../../../src/protocol';
import type { RouteDeps } from './routeTypes';

const STATUS = { type: 'object', properties: { status: { type: 'string' } } } as const;

export function registerLivenessRoutes(
  app: FastifyInstance,
  deps: Pick<RouteDeps, 'hub' | 'gateway' | 'registry' | 'isReady' | 'storeWriter'>
): void {
  const { hub, gateway, registry, storeWriter } = deps;
  app.get(REST_PATHS.healthz, { schema: { response: { 200: STATUS } } }, async () => ({ status: 'ok' }));
  app.get(
    REST_PATHS.readyz,
    {
      schema: {
        response: {
          200: {
            type: 'object',
            properties: {
              status: { type: 'string' },
              epoch: { type: 'string' },
              clients: { type: 'integer' },
              store: { type: 'object', additionalProperties: true },
            },
          },
          503: STATUS,
        },
      },
    },
    // A failing store leaves the server ready (it still serves live data) but `degraded`, with
    // the store's error, so an orchestrator keeps routing clients and an operator sees why.
    async (_request, reply) => {
      if (!deps.isReady()) {
        return reply.code(503).send({ status: 'not ready' });
      }
      const store = storeWriter.health();
      return { status: store.ok ? 'ready' : 'degraded', epoch: hub.epoch, clients: gateway.clientCount, store };
    }
  );
  registerMetricsRoute(app, registry, 'metrics');
}

/**
 * `GET /metrics`: on the main port it needs a credential when auth is on (account equity, cash
 * and P&L are in it); the `--metrics-port` app registers it public, for a private network.
 */
export function registerMetricsRoute(app: FastifyInstance, registry: Registry, access: 'metrics' | 'public'): void {
  app.get(REST_PATHS.metrics, { config: { access } }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics())
  );
}
