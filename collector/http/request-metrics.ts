import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { CollectorMetrics } from '../metrics/collector-metrics';
import type { AppEnv } from './app-env';

/** The route label of a request no route answered (a 404 for an unknown path). */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * Counts every answered request under the pattern of the route that answered it
 * ("/api/v2/offers/:short_url_code", "/x/:code"), never the path as sent: a path holds codes,
 * slugs and tokens, which would make a series per visitor and put them in the scraper's store.
 */
export function requestMetrics(metrics: CollectorMetrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      metrics.requestAnswered(c.req.method, answeringRoute(c), c.res.status, (performance.now() - started) / 1000);
    }
  };
}

/**
 * The pattern of the route that answered. Middleware (registered for every method) is no route:
 * when it answered itself (a body over the limit), the request counts under the route it was
 * headed for, the first one matched after it; with none, it matched no route at all.
 */
function answeringRoute(c: Context<AppEnv>): string {
  const routes = matchedRoutes(c);
  const route = routes.slice(c.req.routeIndex).find((candidate) => candidate.method !== 'ALL');
  return route?.path ?? UNMATCHED_ROUTE;
}
