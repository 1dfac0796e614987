import type { Hono } from 'hono';
import { inspectWidgetBuild } from '../config/widget-build';
import type { AppEnv } from '../http/app-env';
import { isStoreUsable } from '../store/database';

/**
 * GET /healthz — 200 while the store answers and the built widget is there to serve, 503 when
 * either is not (for load balancers and deploy checks: a collector without its widget would
 * answer 404 for every shop's script).
 */
export function registerHealthRoutes(app: Hono<AppEnv>): void {
  app.get('/healthz', async (c) => {
    const { store, widgetDir } = c.var.services;
    const usable = await isStoreUsable(store);
    const widget = inspectWidgetBuild(widgetDir);
    const ok = usable && widget.ok;
    return c.json({ ok, store: { kind: store.kind, usable }, widget }, ok ? 200 : 503);
  });
}
