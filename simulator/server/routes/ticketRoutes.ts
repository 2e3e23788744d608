/** One-time WebSocket tickets: browsers cannot send headers on a WebSocket, so they fetch a ticket. */
import type { FastifyInstance } from 'fastify';
import { REST_PATHS } from '../../../src/protocol';
import type { RouteDeps } from './routeTypes';

export function registerTicketRoutes(app: FastifyInstance, deps: Pick<RouteDeps, 'authenticator'>): void {
  app.post(
    REST_PATHS.wsTicket,
    {
      config: { access: 'telemetry' },
      schema: {
        response: {
          201: {
            type: 'object',
            properties: { ticket: { type: 'string' }, expiresAt: { type: 'number' }, expiresInMs: { type: 'number' } },
          },
        },
      },
    },
    async (_request, reply) => reply.code(201).send(await deps.authenticator.issueSharedTicket())
  );
}
