import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as v from 'valibot';
import { CONNECTOR_PLATFORMS, ignored, type Connector, type ConnectorPlatform, type Outcome, type VerifiedDelivery } from '../connectors/connector';
import { shopifyConnector } from '../connectors/shopify/shopify-connector';
import { stripeConnector } from '../connectors/stripe/stripe-connector';
import { wooCommerceConnector } from '../connectors/woocommerce/woocommerce-connector';
import { ApiError } from '../http/api-error';
import type { AppEnv, Services } from '../http/app-env';
import { connectorDeliverySeen, recordConnectorDelivery } from '../store/connector-delivery.repository';
import type { Site } from '../config/site-config.schema';
import { Refusal } from '../domain/refusal';

/** Largest platform web hook body read: a Shopify order with hundreds of lines is a few hundred KB. */
export const MAX_CONNECTOR_BODY_IN_BYTES = 1024 * 1024;

const CONNECTORS: Record<ConnectorPlatform, Connector> = {
  shopify: shopifyConnector,
  woocommerce: wooCommerceConnector,
  stripe: stripeConnector,
};

const ConnectParams = v.object({
  platform: v.picklist(CONNECTOR_PLATFORMS),
  site_slug: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/)),
});

/**
 * POST /connect/:platform/:site_slug: the web hooks a shop's platform (Shopify, WooCommerce,
 * Stripe) sends by itself, turned into origins and refunds by the site's connector. A request
 * whose signature does not check out with the site's secret is answered 401 and writes nothing; a
 * delivery handled before (the platform's retry, or a replay) is answered 200 and writes nothing;
 * a topic Vouch does not use, or a signed payload it cannot use, is answered 200 and logged, so
 * the platform does not retry what would fail the same way again.
 */
export function registerConnectWebhookRoutes(app: Hono<AppEnv>): void {
  app.post(
    '/connect/:platform/:site_slug',
    bodyLimit({
      maxSize: MAX_CONNECTOR_BODY_IN_BYTES,
      onError: () => {
        throw ApiError.bodyTooLarge(MAX_CONNECTOR_BODY_IN_BYTES);
      },
    }),
    async (c) => {
      const { services } = c.var;
      const params = v.safeParse(ConnectParams, c.req.param());
      if (!params.success) {
        const field = params.issues[0]?.path?.[0]?.key === 'site_slug' ? 'site_slug' : 'platform';
        throw ApiError.refused(404, 'not_found', field, field === 'platform' ? `must be one of ${CONNECTOR_PLATFORMS.join(', ')}` : 'names no site');
      }
      const { platform, site_slug: siteSlug } = params.output;
      const site = services.sites.bySlug(siteSlug);
      if (!site) throw ApiError.refused(404, 'not_found', 'site_slug', 'names no site');
      if (!site.connectors[platform]) throw ApiError.refused(404, 'not_found', `connectors.${platform}`, `is not configured for site ${siteSlug}`);
      const connector = CONNECTORS[platform];
      const body = new Uint8Array(await c.req.arrayBuffer());
      const verdict = connector.verify(site, { body, header: (name) => c.req.header(name), now: services.clock() });
      const log = { site: siteSlug, platform };
      if (verdict.kind === 'ping') {
        services.logger.info('connector ping answered', log);
        return c.json({ ok: true, result: { outcome: 'ping' } });
      }
      if (verdict.kind === 'unverified') {
        services.logger.warn('connector delivery refused: signature', { ...log, header: verdict.header });
        throw new ApiError(401, 'unauthorized', `the ${verdict.header} header ${verdict.detail}`, [{ field: verdict.header, message: verdict.detail }]);
      }
      const { delivery } = verdict;
      const entry = { ...log, delivery_id: delivery.deliveryId, topic: delivery.topic };
      if (await connectorDeliverySeen(services.db, site.id, platform, delivery.deliveryId)) {
        services.logger.info('connector delivery replayed: already handled', entry);
        return c.json({ ok: true, result: { outcome: 'replayed' } });
      }
      const outcome = await handleOrIgnoreRefusal(connector, services, site, delivery);
      // Only after what it wrote is committed: a crash before this leaves the platform's retry to do the same idempotent work.
      await recordConnectorDelivery(services.db, {
        site_id: site.id,
        platform,
        delivery_id: delivery.deliveryId,
        topic: delivery.topic.slice(0, 200),
        outcome: outcome.reason && outcome.outcome === 'ignored' ? `ignored:${outcome.reason.split(':')[0]}` : outcome.outcome,
        received_at: services.clock().toISOString(),
      });
      if (outcome.outcome === 'ignored') services.logger.warn('connector delivery ignored', { ...entry, reason: outcome.reason });
      else services.logger.info(`connector delivery ${outcome.outcome}`, { ...entry, ...(outcome.origin_slug ? { origin_slug: outcome.origin_slug } : {}), ...(outcome.reason ? { reason: outcome.reason } : {}) });
      return c.json({ ok: true, result: outcome });
    },
  );
}

/**
 * The connector's outcome; a domain refusal of what the platform reported (a rule the order
 * breaks) is answered as ignored, with its code: the platform would only retry it. Being asked
 * too often is the one refusal worth the platform's retry.
 */
async function handleOrIgnoreRefusal(connector: Connector, services: Services, site: Site, delivery: VerifiedDelivery): Promise<Outcome> {
  try {
    return await connector.handle(services, site, delivery);
  } catch (error) {
    if (error instanceof Refusal && error.kind !== 'too_many') return ignored(`refused: ${error.code}: ${error.field} ${error.detail}`);
    throw error;
  }
}
