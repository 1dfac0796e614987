import type { Hono } from 'hono';
import type { AppEnv } from '../http/app-env';
import { isStoreUsable } from '../store/database';

/** GET /healthz — 200 while the store answers, 503 when it does not (for load balancers). */
export function registerHealthRoutes(app: Hono<AppEnv>): void {
  app.get('/healthz', async (c) => {
    const { store } = c.var.services;
    const usable = await isStoreUsable(store);
    return c.json({ ok: usable, store: { kind: store.kind, usable } }, usable ? 200 : 503);
  });
}
