/**
 * One place that routes HTTP requests (STYLE habit 5): a table of method + path pattern, an auth
 * flag, and the handler; unknown paths get 404 and known paths with another method 405, both as
 * what/why/how JSON.
 */
import type { IncomingMessage, ServerResponse } from 'http';
import type { Logger } from 'pino';
import type { Authenticator } from './Authenticator';
import { HttpError, sendError, sendJson } from './http';

export interface RouteContext {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  params: string[];
}

/** A handler returns a JSON body (sent with `status`, default 200), or undefined when it answered itself. */
export type RouteResult = { status?: number; body: unknown } | undefined;

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** Matched against the whole pathname; capture groups become `params`. */
  path: RegExp;
  /** Needs `Authorization: Bearer <key>` when authentication is on. */
  auth: boolean;
  handle(context: RouteContext): RouteResult | Promise<RouteResult>;
}

/** Browsers (the test bed, a page on another origin) may read the REST API. */
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
};

export function createRouter(routes: Route[], authenticator: Authenticator, logger: Logger) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    for (const [name, value] of Object.entries(CORS_HEADERS)) {
      response.setHeader(name, value);
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    try {
      if (request.method === 'OPTIONS') {
        response.writeHead(204).end();
        return;
      }
      const matching = routes
        .map((route) => ({ route, match: route.path.exec(url.pathname) }))
        .filter((candidate) => candidate.match !== null);
      if (matching.length === 0) {
        throw new HttpError('NOT_FOUND', { why: `No route ${url.pathname}`, how: 'See docs/server.md for the routes' });
      }
      const chosen = matching.find((candidate) => candidate.route.method === request.method);
      if (chosen === undefined) {
        const allowed = matching.map((candidate) => candidate.route.method).join(', ');
        throw new HttpError(
          'NOT_FOUND',
          {
            what: 'Method not allowed',
            why: `${url.pathname} does not answer ${request.method}`,
            how: `Use ${allowed}`,
          },
          405
        );
      }
      if (chosen.route.auth && authenticator.checkBearer(request.headers.authorization) === undefined) {
        throw new HttpError('AUTH_REQUIRED', {
          what: 'Request rejected',
          why: 'The request carried no valid API key',
          how: 'Send "Authorization: Bearer <key>" with one of the keys the server was started with (--api-key)',
        });
      }
      const params = chosen.match!.slice(1).map((part) => decodeURIComponent(part));
      const result = await chosen.route.handle({ request, response, url, params });
      if (result !== undefined) {
        sendJson(response, result.status ?? 200, result.body);
      }
    } catch (error) {
      if (error instanceof HttpError) {
        sendError(response, error, error.code === 'AUTH_REQUIRED' ? { 'www-authenticate': 'Bearer' } : {});
        return;
      }
      logger.error({ err: error, path: url.pathname }, 'request failed');
      if (!response.headersSent) {
        sendError(response, new HttpError('SERVER_ERROR'));
      } else {
        response.destroy();
      }
    }
  };
}
