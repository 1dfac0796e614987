import { startPlatformStandIn, type PlatformStandIn, type ReceivedRequest } from './platform-stand-in';

/**
 * Stands in for the Stripe API (a hosted service that cannot run here; the official `stripe`
 * package talks to it, pointed at this server's host and port). It takes form-encoded POSTs
 * with `Authorization: Bearer <secret key>` and a Stripe-Version header to
 * /v1/coupons (https://docs.stripe.com/api/coupons/create: duration, and percent_off or
 * amount_off with currency) and /v1/promotion_codes
 * (https://docs.stripe.com/api/promotion_codes/create: promotion[type]=coupon and
 * promotion[coupon] naming an existing coupon, code, max_redemptions, expires_at, restrictions).
 * It answers the created objects (trimmed), Stripe's error object for a taken coupon id
 * (resource_already_exists, https://docs.stripe.com/error-codes#resource-already-exists) or an
 * active promotion code with the same code, and 401 for a wrong key.
 */
export interface StripeStandIn extends PlatformStandIn {
  coupons: Map<string, Record<string, string>>;
  promotionCodes: Map<string, Record<string, string>>;
}

const COUPON_FIELDS = ['id', 'name', 'duration', 'duration_in_months', 'percent_off', 'amount_off', 'currency', 'redeem_by', 'max_redemptions', 'applies_to', 'currency_options', 'metadata', 'expand'];
const PROMOTION_CODE_FIELDS = ['promotion', 'code', 'active', 'customer', 'customer_account', 'expires_at', 'max_redemptions', 'metadata', 'restrictions', 'expand'];

/** The form body as flat keys (promotion[type]) and the top-level names they start with. */
function formFields(request: ReceivedRequest): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(request.body));
}

function topLevel(fields: Record<string, string>): string[] {
  return [...new Set(Object.keys(fields).map((key) => key.replace(/\[.*$/, '')))];
}

function stripeError(status: number, error: Record<string, string>) {
  return { status, headers: { 'request-id': 'req_standin' }, body: { error: { type: 'invalid_request_error', ...error } } };
}

export async function startStripeStandIn(options: { apiKey: string }): Promise<StripeStandIn> {
  const coupons = new Map<string, Record<string, string>>();
  const promotionCodes = new Map<string, Record<string, string>>();
  let nextId = 1;
  const standIn = await startPlatformStandIn((request, problems) => {
    if (request.headers.authorization !== `Bearer ${options.apiKey}`) {
      problems.push('Authorization: Bearer <api key> is missing or wrong');
      return stripeError(401, { message: 'Invalid API Key provided' });
    }
    if (!request.headers['stripe-version']) problems.push('Stripe-Version header is missing');
    if (!String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded')) problems.push('Content-Type is not application/x-www-form-urlencoded');
    const fields = formFields(request);
    if (request.method === 'POST' && request.path === '/v1/coupons') {
      for (const key of topLevel(fields)) if (!COUPON_FIELDS.includes(key)) problems.push(`coupon: ${key} is not a documented parameter`);
      if (!['once', 'forever', 'repeating'].includes(fields.duration ?? 'once')) problems.push('coupon: duration is not once, forever or repeating');
      const hasPercent = fields.percent_off !== undefined;
      const hasAmount = fields.amount_off !== undefined;
      if (hasPercent === hasAmount) problems.push('coupon: exactly one of percent_off and amount_off is needed');
      if (hasAmount && (!/^\d+$/.test(fields.amount_off!) || !/^[a-z]{3}$/.test(fields.currency ?? ''))) problems.push('coupon: amount_off must be an integer with a currency');
      for (const key of ['redeem_by', 'max_redemptions']) if (fields[key] !== undefined && !/^\d+$/.test(fields[key]!)) problems.push(`coupon: ${key} must be an integer`);
      const id = fields.id ?? `coupon_${nextId++}`;
      if (coupons.has(id)) return stripeError(400, { code: 'resource_already_exists', message: 'Coupon already exists.' });
      coupons.set(id, fields);
      return { status: 200, body: { id, object: 'coupon', duration: fields.duration, percent_off: hasPercent ? Number(fields.percent_off) : null, amount_off: hasAmount ? Number(fields.amount_off) : null, currency: fields.currency ?? null, valid: true } };
    }
    if (request.method === 'POST' && request.path === '/v1/promotion_codes') {
      for (const key of topLevel(fields)) if (!PROMOTION_CODE_FIELDS.includes(key)) problems.push(`promotion code: ${key} is not a documented parameter`);
      if (fields['promotion[type]'] !== 'coupon') problems.push('promotion code: promotion[type] must be coupon');
      const couponId = fields['promotion[coupon]'];
      if (!couponId || !coupons.has(couponId)) return stripeError(400, { code: 'resource_missing', param: 'promotion[coupon]', message: `No such coupon: '${couponId}'` });
      for (const key of ['expires_at', 'max_redemptions', 'restrictions[minimum_amount]']) if (fields[key] !== undefined && !/^\d+$/.test(fields[key]!)) problems.push(`promotion code: ${key} must be an integer`);
      if (fields['restrictions[minimum_amount]'] !== undefined && !fields['restrictions[minimum_amount_currency]']) problems.push('promotion code: minimum_amount needs minimum_amount_currency');
      const code = fields.code!;
      if (promotionCodes.has(code.toUpperCase())) return stripeError(400, { param: 'code', message: `A promotion code with the code \`${code}\` already exists.` });
      const id = `promo_${nextId++}`;
      promotionCodes.set(code.toUpperCase(), { id, ...fields });
      return { status: 200, body: { id, object: 'promotion_code', code, active: true, promotion: { type: 'coupon', coupon: couponId } } };
    }
    problems.push(`unexpected ${request.method} ${request.path}`);
    return stripeError(404, { message: `Unrecognized request URL (${request.method}: ${request.path}).` });
  });
  return { ...standIn, coupons, promotionCodes };
}
