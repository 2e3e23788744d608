/**
 * The telemetry reads (spec 000 REST and the history for backfill): the latest state the hub
 * published, falling back to the engine's snapshot before the first event.
 */
import type { FastifyInstance } from 'fastify';
import { batchPieces, isChannel, REST_PATHS } from '../../../src/protocol';
import { HttpError } from '../httpErrors';
import { marketList, telemetrySnapshot } from '../telemetryState';
import { textBytes } from '../wireBytes';
import type { RouteDeps } from './routeTypes';

const WHOLE_NUMBER = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;

export function registerTelemetryRoutes(app: FastifyInstance, deps: Pick<RouteDeps, 'engine' | 'hub'>): void {
  const { engine, hub } = deps;
  const config = { access: 'telemetry' } as const;
  const read = (path: string, body: () => unknown) => app.get(path, { config }, async () => body());

  read(REST_PATHS.positions, () => hub.latest('positions')?.positions ?? engine.snapshot().positions);
  read(REST_PATHS.orders, () => engine.snapshot().orders);
  read(REST_PATHS.account, () => hub.latest('account') ?? engine.snapshot().account);
  read(REST_PATHS.health, () => hub.latest('health') ?? engine.snapshot().health);
  read(REST_PATHS.market, () => marketList(hub, engine.snapshot()));
  read(REST_PATHS.snapshot, () => telemetrySnapshot(hub, engine.snapshot()));

  app.get<{ Params: { symbol: string } }>(
    `${REST_PATHS.market}/:symbol`,
    { config, schema: { params: { type: 'object', properties: { symbol: { type: 'string', minLength: 1 } } } } },
    async (request) => {
      const { symbol } = request.params;
      const entry = marketList(hub, engine.snapshot()).find((item) => item.symbol === symbol.toUpperCase());
      if (entry === undefined) {
        throw new HttpError('NOT_FOUND', {
          what: 'Unknown symbol',
          why: `"${symbol}" is not in the simulator's watchlist`,
          how: `Use one of ${engine.symbols.join(', ')} (or start the server with --symbols)`,
        });
      }
      return entry;
    }
  );

  // History for backfill: the events the resume history still holds, as the socket sent them.
  app.get<{ Params: { channel: string }; Querystring: { after?: number; from?: number; limit?: number } }>(
    `${REST_PATHS.history}/:channel`,
    {
      config: { ...config, how: 'Pass after, from and limit as whole numbers, e.g. ?after=120&limit=100' },
      schema: {
        querystring: {
          type: 'object',
          properties: { after: WHOLE_NUMBER, from: WHOLE_NUMBER, limit: WHOLE_NUMBER },
        },
      },
    },
    async (request, reply) => {
      const { channel } = request.params;
      if (!isChannel(channel)) {
        throw new HttpError('SUBSCRIPTION_ERROR', { what: 'Unknown channel', why: `"${channel}" is not a channel` });
      }
      const { after = -1, from = 0, limit = Number.MAX_SAFE_INTEGER } = request.query;
      const matching = hub.history(channel).filter((event) => event.seq > after && event.time >= from);
      // The newest `limit` of them, oldest first.
      const events = matching.slice(Math.max(0, matching.length - limit));
      // The events are already serialised (once, by the hub): join their bytes instead of re-encoding.
      const head = JSON.stringify({ epoch: hub.epoch, channel, seq: hub.seq(channel) }).slice(0, -1);
      const envelope = { open: textBytes(`${head},"events":[`), separator: textBytes(','), close: textBytes(']}') };
      const body = Buffer.concat(
        batchPieces(
          events.map((event) => event.bytes),
          envelope
        )
      );
      return reply.type('application/json; charset=utf-8').send(body);
    }
  );
}
