import type { Hono } from 'hono';
import { ApiError } from '../http/api-error';
import type { AppEnv } from '../http/app-env';
import { keysMatch } from '../signing/constant-time';

/**
 * GET /metrics — this instance's metrics in Prometheus' text format, for a scraper holding
 * METRICS_TOKEN (`Authorization: Bearer <token>`). Without a token configured the route does
 * not exist (404): what a collector counts is for its operator, never public by default.
 */
export function registerMetricsRoutes(app: Hono<AppEnv>, token: string | null): void {
  if (!token) return;
  app.get('/metrics', async (c) => {
    const presented = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim();
    if (!presented || !keysMatch(token, presented)) {
      throw ApiError.refused(401, 'unauthorized', 'authorization', 'must be "Bearer" and the METRICS_TOKEN', { 'WWW-Authenticate': 'Bearer realm="vouch-metrics"' });
    }
    const { contentType, text } = await c.var.services.metrics.exposition();
    c.header('Cache-Control', 'no-store');
    return c.body(text, 200, { 'Content-Type': contentType });
  });
}
