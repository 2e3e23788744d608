/**
 * The alert sink: Grafana's (or Alertmanager's) webhook contact point posts notifications here;
 * the last ones are kept for `GET` so a demo or a test can see that an alert went out. Posting
 * takes the alert-sink token, which can do nothing else; reading back takes the control key.
 */
import type { FastifyInstance } from 'fastify';
import { REST_PATHS } from '../../../src/protocol';
import type { RouteDeps } from './routeTypes';

/** Alert-sink notifications kept for `GET /api/sim/alert-sink`. */
export const ALERT_SINK_CAPACITY = 100;

export function registerAlertSinkRoutes(
  app: FastifyInstance,
  deps: Pick<RouteDeps, 'metrics' | 'logger' | 'now'>
): void {
  const { metrics, logger, now } = deps;
  const notifications: Array<{ receivedAt: number; body: unknown }> = [];
  let received = 0;

  app.post(
    REST_PATHS.alertSink,
    {
      config: { access: 'alert-sink' },
      schema: { response: { 202: { type: 'object', properties: { received: { type: 'integer' } } } } },
    },
    async (request, reply) => {
      const { body } = request;
      received += 1;
      notifications.push({ receivedAt: now(), body });
      if (notifications.length > ALERT_SINK_CAPACITY) {
        notifications.shift();
      }
      metrics.alertNotifications.inc();
      const summary = body as { status?: unknown; alerts?: unknown[] } | undefined;
      logger.info(
        { status: summary?.status, alerts: Array.isArray(summary?.alerts) ? summary.alerts.length : undefined },
        'alert notification received'
      );
      return reply.code(202).send({ received });
    }
  );

  // Reading the notifications back is an operator's (or a test's) job: the control key.
  app.get(
    REST_PATHS.alertSink,
    {
      config: { access: 'control' },
      schema: {
        response: {
          200: {
            type: 'object',
            properties: {
              received: { type: 'integer' },
              notifications: {
                type: 'array',
                items: { type: 'object', properties: { receivedAt: { type: 'number' }, body: {} } },
              },
            },
          },
        },
      },
    },
    async () => ({ received, notifications })
  );
}
