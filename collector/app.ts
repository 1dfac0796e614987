import { Hono } from 'hono';
import { getPath } from 'hono/utils/url';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { Refusal, type RefusalKind } from './domain/refusal';
import { ApiError, type FieldError } from './http/api-error';
import { ApiRoutes } from './http/api-routes';
import type { AppEnv, Services } from './http/app-env';
import { apiCors } from './http/cors';
import { currentSession } from './http/console-session';
import { incompleteRequest } from './http/incomplete-request';
import { requestLog } from './http/request-log';
import { routePath } from './http/public-path';
import { requestMetrics } from './http/request-metrics';
import { isReverbPath, reverbErrorBody } from './http/reverb-envelope';
import type { Logger } from './logger';
import { isStoreUnavailableError } from './store/store-unavailable';
import { registerCampaignRoutes } from './routes/campaigns';
import { registerCampaignResultRoutes } from './routes/campaign-results';
import { registerClaimRoutes } from './routes/claims';
import { registerConnectWebhookRoutes } from './routes/connect-webhooks';
import { registerConsoleAuditRoutes } from './routes/console-audit';
import { registerConsoleDataRoutes } from './routes/console-data';
import { registerConsoleCampaignRoutes } from './routes/console-campaigns';
import { registerConsoleExportRoutes } from './routes/console-export';
import { registerConsolePageRoutes } from './routes/console-page';
import { registerConsoleReviewRoutes } from './routes/console-review';
import { registerConsoleSessionRoutes } from './routes/console-session';
import { registerConsoleUserRoutes } from './routes/console-users';
import { registerConsoleCouponRoutes } from './routes/console-coupons';
import { registerConsoleEmailRoutes } from './routes/console-email';
import { registerConsoleSettingsRoutes } from './routes/console-settings';
import { registerConsoleWebhookRoutes } from './routes/console-webhooks';
import { registerCouponRoutes } from './routes/coupons';
import { registerDashboardApiRoutes } from './routes/dashboard-api';
import { registerDashboardPageRoutes } from './routes/dashboard-page';
import { registerEventRoutes } from './routes/events';
import { registerHealthRoutes } from './routes/health';
import { registerMetricsRoutes } from './routes/metrics';
import { registerOfferPageRoutes } from './routes/offer-page';
import { registerOfferRoutes } from './routes/offers';
import { registerOpenApiRoute } from './routes/openapi';
import { registerOriginRoutes } from './routes/origins';
import { registerPeopleRoutes } from './routes/people';
import { registerPersonProfileRoutes } from './routes/person-profile';
import { registerRewardLookupRoutes } from './routes/reward-lookup';
import { registerVisitorRoutes } from './routes/visitors';
import { registerReferralPageRoutes } from './routes/referral-page';
import { registerReferralRecordRoutes } from './routes/referral-records';
import { registerReferralRoutes } from './routes/referrals';
import { registerRefundRoutes } from './routes/refunds';
import { registerShareRoutes } from './routes/shares';
import { registerUnsubscribeRoutes } from './routes/unsubscribe';
import { registerWebhookDeliveryRoutes } from './routes/webhook-deliveries';
import { registerWebhookEndpointRoutes } from './routes/webhook-endpoints';
import { registerWidgetFileRoutes } from './routes/widget-files';

/** Largest request body the API reads; Talkable-shaped bodies are a few KB. */
export const MAX_BODY_IN_BYTES = 64 * 1024;

/** What a 503 for a store out of reach tells clients to wait before retrying. */
const STORE_UNAVAILABLE_RETRY_AFTER_IN_SECONDS = 1;

/** The HTTP status of each kind of domain refusal: decided here and nowhere else. */
const STATUS_OF_REFUSAL: Record<RefusalKind, ContentfulStatusCode> = {
  invalid: 422,
  conflict: 409,
  not_found: 404,
  forbidden: 403,
  too_many: 429,
  unauthorized: 401,
};

/** Builds the collector's HTTP app from its routes. No logic lives here. */
export function createApp(services: Services, logger: Logger): Hono<AppEnv> {
  // Under a path prefix (PUBLIC_URL https://shop.example/refer) the routes see the path below it.
  const app = new Hono<AppEnv>({ getPath: (request) => routePath(getPath(request), services.publicPath) });
  app.use(requestLog(logger));
  app.use(requestMetrics(services.metrics));
  app.use(async (c, next) => {
    c.set('services', services);
    await next();
  });
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_IN_BYTES,
      onError: () => {
        throw ApiError.bodyTooLarge(MAX_BODY_IN_BYTES);
      },
    }),
  );
  app.use('/api/*', apiCors());
  app.use(
    '/console/api/*',
    bodyLimit({
      maxSize: MAX_BODY_IN_BYTES,
      onError: () => {
        throw ApiError.bodyTooLarge(MAX_BODY_IN_BYTES);
      },
    }),
  );
  app.use('/console/api/*', async (c, next) => {
    await next();
    // What the console's API answers is one user's view of the programme: no cache keeps it.
    c.header('Cache-Control', 'no-store');
  });

  const api = new ApiRoutes(app);
  registerOriginRoutes(api);
  registerOfferRoutes(api);
  registerCampaignRoutes(api);
  registerShareRoutes(api);
  registerReferralRoutes(api);
  registerRefundRoutes(api);
  registerReferralRecordRoutes(api);
  registerWebhookDeliveryRoutes(api);
  registerEventRoutes(api);
  registerWebhookEndpointRoutes(api);
  registerCouponRoutes(api);
  registerPeopleRoutes(api);
  registerCampaignResultRoutes(api);
  registerPersonProfileRoutes(api);
  registerRewardLookupRoutes(api);
  registerVisitorRoutes(api);
  registerDashboardApiRoutes(api);
  registerConsoleSessionRoutes(api);
  registerConsoleReviewRoutes(api);
  registerConsoleAuditRoutes(api);
  registerConsoleUserRoutes(api);
  registerConsoleDataRoutes(api);
  registerConsoleCampaignRoutes(api);
  registerConsoleExportRoutes(api);
  registerConsoleCouponRoutes(api);
  registerConsoleWebhookRoutes(api);
  registerConsoleEmailRoutes(api);
  registerConsoleSettingsRoutes(api);
  registerOpenApiRoute(app, api);
  registerClaimRoutes(app);
  registerConnectWebhookRoutes(app);
  registerUnsubscribeRoutes(app);
  registerOfferPageRoutes(app);
  registerReferralPageRoutes(app);
  registerDashboardPageRoutes(app);
  registerHealthRoutes(app);
  registerMetricsRoutes(app, services.metricsToken);
  registerWidgetFileRoutes(app);
  // After every /console/api route, so the page never answers for one.
  registerConsolePageRoutes(app);

  app.notFound(async (c) => {
    // The console's API tells nothing, not even which paths exist, to a caller without a session.
    if (isConsoleApiPath(c.req.path) && !(await currentSession(c))) {
      return c.json(errorBody(c.req.path, 401, 'unauthenticated', 'session is missing or has ended: sign in', [{ field: 'session', message: 'is missing or has ended' }]), 401);
    }
    return c.json(errorBody(c.req.path, 404, 'not_found', `no such endpoint: ${c.req.method} ${c.req.path}`, [{ field: 'path', message: 'not found' }]), 404);
  });
  app.onError((error, c) => {
    if (incompleteRequest(c)) {
      // Reading the body failed because the client is gone: nobody will read this answer, and
      // requestLog writes the one line about it.
      return c.json(errorBody(c.req.path, 400, 'invalid_body', 'the request body did not arrive whole', [{ field: 'body', message: 'incomplete' }]), 400);
    }
    if (error instanceof Refusal) {
      const status = STATUS_OF_REFUSAL[error.kind];
      if (error.retryAfterInSeconds !== undefined) c.header('Retry-After', String(error.retryAfterInSeconds));
      return c.json(errorBody(c.req.path, status, error.code, error.message, [{ field: error.field, message: error.detail }]), status);
    }
    if (error instanceof ApiError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json(errorBody(c.req.path, error.status, error.code, error.message, error.errors), error.status);
    }
    if (isStoreUnavailableError(error)) {
      // The database is restarting, failing over or dropped the connection: the pool reconnects,
      // so the client is told to retry rather than that something broke.
      services.metrics.storeError('request');
      logger.warn('store unavailable', { method: c.req.method, path: c.req.path, error: (error as Error).message });
      c.header('Retry-After', String(STORE_UNAVAILABLE_RETRY_AFTER_IN_SECONDS));
      return c.json(errorBody(c.req.path, 503, 'store_unavailable', 'the store is unavailable for a moment; retry shortly', [{ field: 'store', message: 'store_unavailable' }]), 503);
    }
    logger.error('unhandled error', { method: c.req.method, path: c.req.path, error: String(error), stack: (error as Error).stack });
    return c.json(errorBody(c.req.path, 500, 'internal_error', 'internal error; it has been logged', []), 500);
  });
  return app;
}

/**
 * The one place errors get their JSON shape: Reverb's envelope under /api/v1 (its `code` is the
 * HTTP status, so the machine code is `error_code`), the console's own under /console/api
 * (`{ok: false, code, error, field}`), Talkable's everywhere else.
 */
function errorBody(path: string, status: number, code: string, message: string, errors: FieldError[]) {
  if (isReverbPath(path)) return reverbErrorBody(status, code, message, errors);
  if (isConsoleApiPath(path)) return { ok: false, code, error: message, ...(errors[0] ? { field: errors[0].field } : {}) };
  return { ok: false, error_message: message, errors, code };
}

function isConsoleApiPath(path: string): boolean {
  return path === '/console/api' || path.startsWith('/console/api/');
}
