import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './http/api-error';
import { ApiRoutes } from './http/api-routes';
import type { AppEnv, Services } from './http/app-env';
import { apiCors } from './http/cors';
import { requestLog } from './http/request-log';
import type { Logger } from './logger';
import { registerClaimRoutes } from './routes/claims';
import { registerCouponRoutes } from './routes/coupons';
import { registerHealthRoutes } from './routes/health';
import { registerOfferPageRoutes } from './routes/offer-page';
import { registerOfferRoutes } from './routes/offers';
import { registerOpenApiRoute } from './routes/openapi';
import { registerOriginRoutes } from './routes/origins';
import { registerReferralRoutes } from './routes/referrals';
import { registerShareRoutes } from './routes/shares';
import { registerWebhookDeliveryRoutes } from './routes/webhook-deliveries';
import { registerWidgetFileRoutes } from './routes/widget-files';

/** Largest request body the API reads; Talkable-shaped bodies are a few KB. */
export const MAX_BODY_IN_BYTES = 64 * 1024;

/** Builds the collector's HTTP app from its routes. No logic lives here. */
export function createApp(services: Services, logger: Logger): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestLog(logger));
  app.use(async (c, next) => {
    c.set('services', services);
    await next();
  });
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_IN_BYTES,
      onError: () => {
        throw new ApiError(413, `the body is larger than ${MAX_BODY_IN_BYTES} bytes`, [
          { field: 'body', message: `must be at most ${MAX_BODY_IN_BYTES} bytes` },
        ]);
      },
    }),
  );
  app.use('/api/*', apiCors());

  const api = new ApiRoutes(app);
  registerOriginRoutes(api);
  registerOfferRoutes(api);
  registerShareRoutes(api);
  registerReferralRoutes(api);
  registerWebhookDeliveryRoutes(api);
  registerCouponRoutes(api);
  registerOpenApiRoute(app, api);
  registerClaimRoutes(app);
  registerOfferPageRoutes(app);
  registerHealthRoutes(app);
  registerWidgetFileRoutes(app);

  app.notFound((c) =>
    c.json({ ok: false, error_message: `no such endpoint: ${c.req.method} ${c.req.path}`, errors: [{ field: 'path', message: 'not found' }] }, 404),
  );
  app.onError((error, c) => {
    if (error instanceof ApiError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json({ ok: false, error_message: error.message, errors: error.errors }, error.status);
    }
    logger.error('unhandled error', { method: c.req.method, path: c.req.path, error: String(error), stack: (error as Error).stack });
    return c.json({ ok: false, error_message: 'internal error; it has been logged', errors: [] }, 500);
  });
  return app;
}
