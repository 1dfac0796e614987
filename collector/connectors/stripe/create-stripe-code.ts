import type Stripe from 'stripe';
import { loadStripe } from './stripe-sdk';
import type { Connectors } from '../../config/connectors.schema';
import type { ShopCouponPayload } from '../../domain/shop-coupons';
import { parseRetryAfter } from '../../outbox/retry-schedule';
import { unreachableAnswer, type ShopCodeAnswer } from '../shop-code-answer';
import { toStripeAmount } from './stripe-amounts';

type StripeConnector = NonNullable<Connectors['stripe']>;

const SECOND_IN_MS = 1000;

/** The Stripe coupon behind a Vouch code: one per code, so a retry finds the one it made. */
export function stripeCouponId(code: string): string {
  return `vouch-${code}`;
}

/**
 * The coupon for a code: amount_off (in the currency's smallest unit, as Stripe counts it:
 * stripe-amounts.ts) with the connector's currency, or percent_off; duration once;
 * redeem_by at the expiry; max_redemptions 1 when single use.
 */
export function stripeCouponParams(payload: ShopCouponPayload, currency: string): Stripe.CouponCreateParams {
  return {
    id: stripeCouponId(payload.code),
    name: payload.title.slice(0, 40),
    duration: 'once',
    ...(payload.percent_off !== null ? { percent_off: payload.percent_off } : { amount_off: toStripeAmount(payload.amount_off ?? 0, currency), currency }),
    ...(payload.expires_at ? { redeem_by: Math.floor(Date.parse(payload.expires_at) / SECOND_IN_MS) } : {}),
    ...(payload.single_use ? { max_redemptions: 1 } : {}),
    metadata: { vouch_site: payload.site, vouch_side: payload.side },
  };
}

/**
 * The promotion code customers type, for that coupon: the code, max_redemptions 1 when single
 * use, expires_at, and restrictions for a minimum subtotal and new customers only
 * (first_time_transaction).
 */
export function stripePromotionCodeParams(payload: ShopCouponPayload, currency: string): Stripe.PromotionCodeCreateParams {
  const restrictions: Stripe.PromotionCodeCreateParams.Restrictions = {
    ...(payload.new_customers_only ? { first_time_transaction: true } : {}),
    ...(payload.minimum_subtotal !== null ? { minimum_amount: toStripeAmount(payload.minimum_subtotal, currency), minimum_amount_currency: currency } : {}),
  };
  return {
    promotion: { type: 'coupon', coupon: stripeCouponId(payload.code) },
    code: payload.code,
    ...(payload.single_use ? { max_redemptions: 1 } : {}),
    ...(payload.expires_at ? { expires_at: Math.floor(Date.parse(payload.expires_at) / SECOND_IN_MS) } : {}),
    ...(Object.keys(restrictions).length > 0 ? { restrictions } : {}),
    metadata: { vouch_site: payload.site, vouch_side: payload.side },
  };
}

/**
 * Creates the code as a Stripe promotion code with the official SDK pointed at the connector's
 * api_url: first its coupon (id vouch-<code>), then the promotion code. Stripe's "already
 * exists" answers (resource_already_exists, or a message saying so) count as made, so a retry
 * after a lost answer, or after the coupon was made but not the code, carries on. The SDK's own
 * retries are off: the outbox retries, with its backoff and Stripe's Retry-After.
 */
export async function createStripeCode(stripe: StripeConnector, payload: ShopCouponPayload, timeoutInMs: number): Promise<ShopCodeAnswer> {
  const target = `${stripe.api_url}/v1/promotion_codes`;
  if (!stripe.api_key) return { outcome: 'retry', target, status: null, excerpt: null, error: 'the Stripe connector has no api_key (set api_key_env)' };
  const url = new URL(stripe.api_url);
  const client = new (loadStripe())(stripe.api_key, {
    host: url.hostname,
    port: url.port || (url.protocol === 'http:' ? 80 : 443),
    protocol: url.protocol === 'http:' ? 'http' : 'https',
    maxNetworkRetries: 0,
    timeout: timeoutInMs,
    telemetry: false,
  });
  try {
    try {
      const coupon = await client.coupons.create(stripeCouponParams(payload, stripe.currency));
      if (coupon.lastResponse.statusCode >= 300) return withoutStripeError(`${stripe.api_url}/v1/coupons`, coupon.lastResponse.statusCode);
    } catch (error) {
      if (!alreadyExists(error)) throw error;
    }
    const created = await client.promotionCodes.create(stripePromotionCodeParams(payload, stripe.currency));
    if (created.lastResponse.statusCode >= 300) return withoutStripeError(target, created.lastResponse.statusCode);
    return { outcome: 'created', target, status: created.lastResponse.statusCode, excerpt: JSON.stringify({ id: created.id, code: created.code }), reference: created.id };
  } catch (error) {
    if (alreadyExists(error)) return { outcome: 'exists', target, status: (error as Stripe.errors.StripeError).statusCode ?? 400, excerpt: (error as Error).message };
    if (!(error instanceof loadStripe().errors.StripeError) || error instanceof loadStripe().errors.StripeConnectionError || error.statusCode === undefined) return unreachableAnswer(target, error);
    const status = error.statusCode;
    const retry = status >= 500 || status === 429 || status === 408;
    return {
      outcome: retry ? 'retry' : 'failed',
      target,
      status,
      excerpt: `${error.type}${error.code ? ` ${error.code}` : ''}: ${error.message}`.slice(0, 500),
      error: `HTTP ${status}${error.code ? ` ${error.code}` : ''}`,
      retryAfterInMs: parseRetryAfter(error.headers?.['retry-after'], new Date()),
    };
  }
}

/**
 * An unsuccessful status whose body held no Stripe error object (a proxy's page in front of the
 * API, say), which the SDK hands back as if it were the object: retried when 5xx or 429.
 */
function withoutStripeError(target: string, status: number): ShopCodeAnswer {
  const retry = status >= 500 || status === 429 || status === 408;
  return { outcome: retry ? 'retry' : 'failed', target, status, excerpt: null, error: `HTTP ${status} without a Stripe error object` };
}

/** Stripe's answer that the coupon id, or an active promotion code with this code, is taken. */
function alreadyExists(error: unknown): boolean {
  if (!(error instanceof loadStripe().errors.StripeError)) return false;
  return error.code === 'resource_already_exists' || (error.statusCode === 400 && /already exists/i.test(error.message));
}
