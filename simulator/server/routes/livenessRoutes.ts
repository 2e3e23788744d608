/** Liveness, readiness and the Prometheus exposition. */
import type { FastifyInstance } from 'fastify';
import { REST_PATHS } from '../../../src/protocol';
import type { RouteDeps } from './routeTypes';

const STATUS = { type: 'object', properties: { status: { type: 'string' } } } as const;

export function registerLivenessRoutes(
  app: FastifyInstance,
  deps: Pick<RouteDeps, 'hub' | 'gateway' | 'registry' | 'isReady'>
): void {
  const { hub, gateway, registry } = deps;
  app.get(REST_PATHS.healthz, { schema: { response: { 200: STATUS } } }, async () => ({ status: 'ok' }));
  app.get(
    REST_PATHS.readyz,
    {
      schema: {
        response: {
          200: {
            type: 'object',
            properties: { status: { type: 'string' }, epoch: { type: 'string' }, clients: { type: 'integer' } },
          },
          503: STATUS,
        },
      },
    },
    async (_request, reply) =>
      deps.isReady()
        ? { status: 'ready', epoch: hub.epoch, clients: gateway.clientCount }
        : reply.code(503).send({ status: 'not ready' })
  );
  app.get(REST_PATHS.metrics, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics())
  );
}
