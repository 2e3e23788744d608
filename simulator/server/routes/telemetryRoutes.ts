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
import { decodeHistoryCursor, encodeHistoryCursor } from './historyCursor';

const WHOLE_NUMBER = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const DEFAULT_HISTORY_LIMIT = 10_000;
const MAX_HISTORY_LIMIT = 10_000;

export function registerTelemetryRoutes(
  app: FastifyInstance,
  deps: Pick<RouteDeps, 'engine' | 'hub' | 'store' | 'storeWriter'>
): void {
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

  // History for backfill: the store's events of the channel, oldest first, a page at a time
  // (docs/storage.md). `after` (a seq of this epoch) still reads the in-memory resume history.
  app.get<{ Params: { channel: string }; Querystring: HistoryQuerystring }>(
    `${REST_PATHS.history}/:channel`,
    {
      config: {
        ...config,
        how: "Pass from, to (epoch ms) and after as whole numbers, limit from 1 to 10000, and cursor as the previous page's next, e.g. ?from=1700000000000&limit=1000",
      },
      schema: {
        querystring: {
          type: 'object',
          properties: {
            after: WHOLE_NUMBER,
            from: WHOLE_NUMBER,
            to: WHOLE_NUMBER,
            limit: { type: 'integer', minimum: 1, maximum: MAX_HISTORY_LIMIT },
            cursor: { type: 'string', maxLength: 512 },
          },
        },
      },
    },
    async (request, reply) => {
      const { channel } = request.params;
      if (!isChannel(channel)) {
        throw new HttpError('SUBSCRIPTION_ERROR', { what: 'Unknown channel', why: `"${channel}" is not a channel` });
      }
      const { after, from, to, limit = DEFAULT_HISTORY_LIMIT, cursor } = request.query;
      const head: Record<string, unknown> = { epoch: hub.epoch, channel, seq: hub.seq(channel) };
      let payloads: Uint8Array[];
      if (after !== undefined) {
        const matching = hub.history(channel).filter((event) => event.seq > after && event.time >= (from ?? 0));
        payloads = matching.slice(0, limit).map((event) => event.bytes);
      } else {
        try {
          const page = await readStoredHistory(deps, { channel, from, to, limit, cursor });
          payloads = page.events.map((event) => textBytes(event.payload));
          head.gaps = page.gaps;
          if (page.next !== undefined) {
            head.next = page.next;
          }
        } catch (error) {
          if (error instanceof HttpError) {
            throw error;
          }
          // The store failed: answer from the in-memory history of this epoch, and say so.
          request.log.warn({ err: error, channel }, 'history: the store failed; answering from memory');
          const recent = hub
            .history(channel)
            .filter((event) => event.time >= (from ?? 0) && event.time <= (to ?? Infinity));
          payloads = recent.slice(0, limit).map((event) => event.bytes);
          head.degraded = `The store could not be read (${(error as Error).message}); these are this server's recent in-memory events only.`;
        }
      }
      // The events are already serialised: join their bytes instead of re-encoding.
      const open = JSON.stringify(head).slice(0, -1);
      const envelope = { open: textBytes(`${open},"events":[`), separator: textBytes(','), close: textBytes(']}') };
      return reply.type('application/json; charset=utf-8').send(Buffer.concat(batchPieces(payloads, envelope)));
    }
  );
}

interface HistoryQuerystring {
  after?: number;
  from?: number;
  to?: number;
  limit?: number;
  cursor?: string;
}

async function readStoredHistory(
  deps: Pick<RouteDeps, 'store' | 'storeWriter'>,
  query: { channel: string; from?: number; to?: number; limit: number; cursor?: string }
) {
  const after = query.cursor === undefined ? undefined : decodeHistoryCursor(query.cursor);
  // What this server published a moment ago may still sit in the write queue.
  await deps.storeWriter.flush();
  const page = await deps.store.events.history({
    channel: query.channel,
    from: query.from,
    to: query.to,
    limit: query.limit,
    after,
  });
  // Spans the store missed (it was down or full) inside the range, so a chart can show them.
  const gaps = await deps.store.events.gaps(query.from ?? 0, query.to ?? Number.MAX_SAFE_INTEGER);
  return { events: page.events, next: page.next === undefined ? undefined : encodeHistoryCursor(page.next), gaps };
}
