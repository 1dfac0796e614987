import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env';
import type { Logger } from '../logger';
import { incompleteRequest } from './incomplete-request';

/**
 * One line per request: method, path (never the query string, which may hold an api_key),
 * status and duration. A request whose client hung up (or was cut off) before its body arrived
 * gets its one line too, saying so, with no status: no answer was ever sent.
 */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    // The unsubscribe token encodes an email address: log the route, not the token.
    const path = c.req.path.startsWith('/u/') ? '/u/:site_slug/:token' : c.req.path;
    const durationInMs = Math.round((performance.now() - started) * 10) / 10;
    const incomplete = incompleteRequest(c);
    if (incomplete) logger.info(incomplete, { method: c.req.method, path, duration_ms: durationInMs });
    else logger.info('request', { method: c.req.method, path, status: c.res.status, duration_ms: durationInMs });
  };
}
