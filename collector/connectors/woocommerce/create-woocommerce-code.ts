import type { Connectors } from '../../config/connectors.schema';
import type { ShopCouponPayload } from '../../domain/shop-coupons';
import { excerpt, platformRequest, unreachableAnswer, unsuccessfulAnswer, type ShopCodeAnswer } from '../shop-code-answer';

type WooCommerceConnector = NonNullable<Connectors['woocommerce']>;

/** WooCommerce's error code for a coupon code the store has already. */
export const COUPON_CODE_EXISTS = 'woocommerce_rest_coupon_code_already_exists';

/**
 * The coupon's body for POST /wp-json/wc/v3/coupons: fixed_cart or percent, the amount as a
 * string, usage_limit 1 and usage_limit_per_user 1 when single use, date_expires_gmt, and
 * minimum_amount. WooCommerce has no "new customers only"; the coupon look-ups check that rule.
 */
export function wooCommerceCouponBody(payload: ShopCouponPayload) {
  return {
    code: payload.code,
    discount_type: payload.percent_off !== null ? 'percent' : 'fixed_cart',
    amount: String(payload.percent_off ?? payload.amount_off ?? 0),
    description: payload.title,
    individual_use: true,
    ...(payload.single_use ? { usage_limit: 1, usage_limit_per_user: 1 } : {}),
    ...(payload.expires_at ? { date_expires_gmt: payload.expires_at.slice(0, 19) } : {}),
    ...(payload.minimum_subtotal !== null ? { minimum_amount: String(payload.minimum_subtotal) } : {}),
  };
}

/**
 * Creates the coupon through the WooCommerce REST API with the consumer key and secret as HTTP
 * Basic auth (WooCommerce takes it over HTTPS; a plain-http store_url is for a local test
 * store). The error woocommerce_rest_coupon_code_already_exists means the store has the code.
 */
export async function createWooCommerceCode(woo: WooCommerceConnector, payload: ShopCouponPayload, timeoutInMs: number): Promise<ShopCodeAnswer> {
  const target = `${woo.store_url}/wp-json/wc/v3/coupons`;
  if (!woo.consumer_key || !woo.consumer_secret) {
    return { outcome: 'retry', target, status: null, excerpt: null, error: 'the WooCommerce connector has no consumer key and secret (set consumer_key_env and consumer_secret_env)' };
  }
  let response;
  try {
    response = await platformRequest(
      target,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          authorization: `Basic ${Buffer.from(`${woo.consumer_key}:${woo.consumer_secret}`).toString('base64')}`,
        },
        body: JSON.stringify(wooCommerceCouponBody(payload)),
      },
      timeoutInMs,
    );
  } catch (error) {
    return unreachableAnswer(target, error);
  }
  const seen = { target, status: response.status, excerpt: excerpt(response.text) };
  if (response.status >= 200 && response.status < 300) {
    const id = safeJson(response.text)?.id;
    return { outcome: 'created', ...seen, reference: typeof id === 'number' || typeof id === 'string' ? String(id) : null };
  }
  if (response.status === 400 && safeJson(response.text)?.code === COUPON_CODE_EXISTS) return { outcome: 'exists', ...seen };
  return unsuccessfulAnswer(target, response);
}

function safeJson(text: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
