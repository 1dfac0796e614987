import type { Connectors } from '../config/connectors.schema';
import type { SiteDirectory } from '../config/site-directory';
import type { ShopCouponPayload } from '../domain/shop-coupons';
import type { DeliveryHandler, DeliveryResult } from '../outbox/delivery-worker';
import type { OutboxMessageRow } from '../store/tables';
import type { ShopCodeAnswer } from './shop-code-answer';
import { createShopifyCode } from './shopify/create-shopify-code';
import { createStripeCode } from './stripe/create-stripe-code';
import { createWooCommerceCode } from './woocommerce/create-woocommerce-code';

/** Longest a request to a platform's admin API may take. */
export const DEFAULT_SHOP_REQUEST_TIMEOUT_IN_MS = 10_000;

/**
 * The handler of kind "shop_coupon": creates the message's code in the shop through the admin
 * API of the platform it names, with the site's current credentials. Created, or already there,
 * is delivered (the done action makes the code ready); 5xx, 429, throttling, network errors and
 * missing credentials are retried with the outbox's backoff (Retry-After honoured); any other
 * refusal fails the message, which the console lists with the other failed deliveries.
 */
export function shopCouponHandler(config: { sites: SiteDirectory; requestTimeoutInMs?: number | undefined }): DeliveryHandler {
  const timeoutInMs = config.requestTimeoutInMs ?? DEFAULT_SHOP_REQUEST_TIMEOUT_IN_MS;
  return async (message: OutboxMessageRow): Promise<DeliveryResult> => {
    const site = config.sites.byId(message.site_id);
    if (!site) return { outcome: 'retry', error: 'the site is no longer in the configuration' };
    const payload = JSON.parse(message.payload) as ShopCouponPayload;
    const connector = site.connectors[payload.platform];
    if (!connector) return { outcome: 'retry', error: `the site has no ${payload.platform} connector any more` };
    const answer = await createCode(site.connectors, payload, timeoutInMs);
    return deliveryResult(answer);
  };
}

/** Asks the named platform to create the code. */
function createCode(connectors: Connectors, payload: ShopCouponPayload, timeoutInMs: number): Promise<ShopCodeAnswer> {
  if (payload.platform === 'shopify') return createShopifyCode(connectors.shopify!, payload, timeoutInMs);
  if (payload.platform === 'woocommerce') return createWooCommerceCode(connectors.woocommerce!, payload, timeoutInMs);
  return createStripeCode(connectors.stripe!, payload, timeoutInMs);
}

/** A platform's answer as the outbox records it; the platform's id of the code travels to the done action in the body. */
function deliveryResult(answer: ShopCodeAnswer): DeliveryResult {
  const seen = { target: answer.target, responseStatus: answer.status, responseExcerpt: answer.excerpt };
  if (answer.outcome === 'created') return { outcome: 'delivered', ...seen, responseBody: JSON.stringify({ shop_reference: answer.reference }) };
  if (answer.outcome === 'exists') return { outcome: 'delivered', ...seen, responseBody: JSON.stringify({ shop_reference: null, already_existed: true }) };
  return { outcome: answer.outcome, ...seen, error: answer.error, retryAfterInMs: answer.retryAfterInMs ?? null };
}
