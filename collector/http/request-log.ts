import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env';
import type { Logger } from '../logger';

/**
 * One line per request: method, path (never the query string, which may hold an api_key),
 * status and duration.
 */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    logger.info('request', {
      method: c.req.method,
      // The unsubscribe token encodes an email address: log the route, not the token.
      path: c.req.path.startsWith('/u/') ? '/u/:site_slug/:token' : c.req.path,
      status: c.res.status,
      duration_ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
