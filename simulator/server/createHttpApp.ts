/**
 * The simulator's HTTP surface on Fastify: the route families (one file each under `routes/`),
 * CORS for browsers, the credential check each route declares, and ONE error handler that answers
 * every failure (a handler's HttpError, a schema rejection, an oversized or malformed body, an
 * unknown path, a wrong method) as `{code, error: {what, why, how}}`. Building is separate from
 * listening: `createSimulatorServer` listens, tests call `app.inject()`.
 */
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { Logger } from 'pino';
import { HttpError, MAX_BODY_BYTES, errorBody, parseJsonBody } from './httpErrors';
import { registerAlertSinkRoutes } from './routes/alertSinkRoutes';
import { registerControlRoutes } from './routes/controlRoutes';
import { registerLivenessRoutes, registerMetricsRoute } from './routes/livenessRoutes';
import { accessRefusal, type Access } from './routes/accessPolicy';
import type { RouteDeps } from './routes/routeTypes';
import type { Authenticator } from './Authenticator';
import { registerStrategyBusRoutes } from './routes/strategyBusRoutes';
import { registerTelemetryRoutes } from './routes/telemetryRoutes';
import { registerTicketRoutes } from './routes/ticketRoutes';
import { registerServiceMetricsRoutes } from './routes/serviceMetricsRoutes';
import { registerTradingRoutes } from './routes/tradingRoutes';

/** Browsers (the test bed, a page on another origin) may read the REST API. */
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
};

/** The main port: every route family. */
export function createHttpApp(deps: RouteDeps): FastifyInstance {
  const app = createBaseApp(deps.logger, deps.authenticator);
  registerLivenessRoutes(app, deps);
  registerTelemetryRoutes(app, deps);
  registerStrategyBusRoutes(app, deps);
  registerTicketRoutes(app, deps);
  registerControlRoutes(app, deps);
  registerAlertSinkRoutes(app, deps);
  registerServiceMetricsRoutes(app, deps);
  registerTradingRoutes(app, deps);
  return app;
}

/** `--metrics-port`: only `/metrics`, without a credential, for a private network. */
export function createMetricsApp(deps: Pick<RouteDeps, 'logger' | 'authenticator' | 'registry'>): FastifyInstance {
  const app = createBaseApp(deps.logger, deps.authenticator);
  registerMetricsRoute(app, deps.registry, 'public');
  return app;
}

/** What every port shares: body parsing, CORS, the credential check, 404/405 and the error handler. */
function createBaseApp(serverLogger: Logger, authenticator: Authenticator): FastifyInstance {
  // Typed as Fastify's logger interface, which the server's pino logger implements.
  const logger: FastifyBaseLogger = serverLogger;
  const app: FastifyInstance = Fastify({
    loggerInstance: logger,
    // The server logs what it does (scenarios, sessions, failures), not every request.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: MAX_BODY_BYTES,
    // Only the methods a route declares: no implicit HEAD.
    exposeHeadRoutes: false,
    // On close, end keep-alive connections too, so shutdown does not wait for idle clients.
    forceCloseConnections: true,
  });

  const methodsOf = routeMethodTable(app);

  // The control API reads any content type as JSON (curl without a header, Grafana's webhook).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.headers({ ...CORS_HEADERS, 'cache-control': 'no-store' });
    checkAccess(request, authenticator, request.routeOptions.config.access ?? 'public');
  });
  app.options('*', async (_request, reply) => reply.code(204).send());

  app.setNotFoundHandler(async (request) => {
    const path = new URL(request.url, 'http://localhost').pathname;
    const allowed = methodsOf(path);
    if (allowed.length === 0) {
      throw new HttpError('NOT_FOUND', { why: `No route ${path}`, how: 'See docs/server.md for the routes' });
    }
    throw new HttpError(
      'NOT_FOUND',
      {
        what: 'Method not allowed',
        why: `${path} does not answer ${request.method}`,
        how: `Use ${allowed.join(', ')}`,
      },
      405
    );
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => sendError(asHttpError(error, request), reply));
  return app;
}

function checkAccess(request: FastifyRequest, authenticator: Authenticator, access: Access): void {
  if (!authenticator.enabled) {
    return;
  }
  const refusal = accessRefusal(access, authenticator.bearerKind(request.headers.authorization));
  if (refusal !== undefined) {
    throw refusal;
  }
}

/** Every failure as an HttpError: ours as they are, Fastify's by kind, anything else a 500 (logged). */
function asHttpError(error: FastifyError, request: FastifyRequest): HttpError {
  if (error instanceof HttpError) {
    return error;
  }
  if (error.validation !== undefined) {
    return new HttpError('INVALID_MESSAGE', {
      what: 'Request rejected',
      why: error.message,
      how: request.routeOptions.config.how ?? 'See docs/server.md for what the route accepts',
    });
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new HttpError('MESSAGE_TOO_LARGE', { why: `The body exceeds ${MAX_BODY_BYTES} bytes` });
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new HttpError('INVALID_MESSAGE', { what: 'Request rejected', why: error.message }, error.statusCode);
  }
  request.log.error({ err: error, path: request.url.split('?')[0] }, 'request failed');
  return new HttpError('SERVER_ERROR');
}

function sendError(error: HttpError, reply: FastifyReply): FastifyReply {
  if (error.status === 401) {
    reply.header('www-authenticate', 'Bearer');
  }
  return reply.code(error.status).send(errorBody(error));
}

/**
 * The methods declared for a concrete path, so a known path with another method gets 405 (naming
 * the allowed ones) instead of Fastify's 404. Fed by every route as it is added.
 */
function routeMethodTable(app: FastifyInstance): (path: string) => string[] {
  const routes: Array<{ pattern: RegExp; methods: string[] }> = [];
  app.addHook('onRoute', (route) => {
    if (route.url.includes('*')) {
      return;
    }
    const source = route.url
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    routes.push({ pattern: new RegExp(`^${source}$`), methods: [route.method].flat() });
  });
  return (path) => routes.filter((route) => route.pattern.test(path)).flatMap((route) => route.methods);
}
