import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env';

const PREFLIGHT_MAX_AGE_IN_SECONDS = 600;

/**
 * CORS for the API: a browser origin gets access only when it is one of some site's allowed
 * hosts (each public route then checks that it is that site's). Others get no CORS headers,
 * so their scripts cannot read answers.
 */
export function apiCors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin');
    const allowed = origin !== undefined && c.var.services.sites.anyAllowsOrigin(origin);
    if (c.req.method === 'OPTIONS') {
      if (!allowed) return c.body(null, 403);
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': 'GET, POST, PUT',
        'Access-Control-Allow-Headers': 'Content-Type',
        'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_IN_SECONDS),
        Vary: 'Origin',
      });
    }
    await next();
    if (allowed) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Vary', 'Origin', { append: true });
    }
  };
}
