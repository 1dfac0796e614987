import { checkKnownKeys, startPlatformStandIn, type PlatformStandIn } from './platform-stand-in';

/**
 * Stands in for a WooCommerce store's REST API (WooCommerce is a WordPress plug-in and cannot run
 * here). It takes only POST /wp-json/wc/v3/coupons with HTTP Basic auth of the consumer key and
 * secret it was given, and a coupon as documented at
 * https://woocommerce.github.io/woocommerce-rest-api-docs/#create-a-coupon (code required;
 * discount_type percent, fixed_cart or fixed_product; amount, minimum_amount as strings;
 * usage_limit integers; dates as ISO 8601 without a zone). It answers 201 with the coupon
 * (trimmed to the fields Vouch reads and a few more), 400 woocommerce_rest_coupon_code_already_exists
 * for a code the store has, and 401 woocommerce_rest_cannot_create for wrong keys, as WooCommerce
 * does. WooCommerce keeps codes lower-case; so does this stand-in.
 */
export interface WooCommerceStandIn extends PlatformStandIn {
  coupons: Map<string, Record<string, any>>;
}

const COUPON_FIELDS = [
  'code', 'amount', 'discount_type', 'description', 'date_expires', 'date_expires_gmt', 'individual_use', 'product_ids', 'excluded_product_ids',
  'usage_limit', 'usage_limit_per_user', 'limit_usage_to_x_items', 'free_shipping', 'product_categories', 'excluded_product_categories',
  'exclude_sale_items', 'minimum_amount', 'maximum_amount', 'email_restrictions', 'meta_data',
];

export async function startWooCommerceStandIn(options: { consumerKey: string; consumerSecret: string }): Promise<WooCommerceStandIn> {
  const coupons = new Map<string, Record<string, any>>();
  let nextId = 720;
  const expected = `Basic ${Buffer.from(`${options.consumerKey}:${options.consumerSecret}`).toString('base64')}`;
  const standIn = await startPlatformStandIn((request, problems) => {
    if (request.method !== 'POST' || request.path !== '/wp-json/wc/v3/coupons') {
      problems.push(`unexpected ${request.method} ${request.path}`);
      return { status: 404, body: { code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } } };
    }
    if (request.headers.authorization !== expected) {
      problems.push('Basic auth with the consumer key and secret is missing or wrong');
      return { status: 401, body: { code: 'woocommerce_rest_cannot_create', message: 'Sorry, you are not allowed to create resources.', data: { status: 401 } } };
    }
    if (!String(request.headers['content-type']).startsWith('application/json')) problems.push('Content-Type is not application/json');
    const body = JSON.parse(request.body) as Record<string, any>;
    checkKnownKeys('coupon', body, COUPON_FIELDS, problems);
    if (typeof body.code !== 'string' || body.code === '') problems.push('code is required');
    if (body.discount_type !== undefined && !['percent', 'fixed_cart', 'fixed_product'].includes(body.discount_type)) problems.push(`discount_type ${body.discount_type} is not documented`);
    for (const field of ['amount', 'minimum_amount', 'maximum_amount']) {
      if (body[field] !== undefined && !(typeof body[field] === 'string' && /^\d+(\.\d+)?$/.test(body[field]))) problems.push(`${field} must be a numeric string`);
    }
    for (const field of ['usage_limit', 'usage_limit_per_user']) if (body[field] !== undefined && !Number.isInteger(body[field])) problems.push(`${field} must be an integer`);
    for (const field of ['date_expires', 'date_expires_gmt']) {
      if (body[field] !== undefined && body[field] !== null && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(body[field])) problems.push(`${field} must be an ISO 8601 date without a zone`);
    }
    const code = String(body.code).toLowerCase();
    if (coupons.has(code)) return { status: 400, body: { code: 'woocommerce_rest_coupon_code_already_exists', message: 'The coupon code already exists', data: { status: 400 } } };
    const coupon = {
      id: nextId++,
      code,
      amount: Number(body.amount ?? 0).toFixed(2),
      discount_type: body.discount_type ?? 'fixed_cart',
      description: body.description ?? '',
      date_expires: body.date_expires_gmt ?? body.date_expires ?? null,
      date_expires_gmt: body.date_expires_gmt ?? body.date_expires ?? null,
      usage_count: 0,
      individual_use: body.individual_use ?? false,
      usage_limit: body.usage_limit ?? null,
      usage_limit_per_user: body.usage_limit_per_user ?? null,
      minimum_amount: Number(body.minimum_amount ?? 0).toFixed(2),
    };
    coupons.set(code, coupon);
    return { status: 201, body: coupon };
  });
  return { ...standIn, coupons };
}
