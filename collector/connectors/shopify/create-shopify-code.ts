import type { Connectors } from '../../config/connectors.schema';
import type { ShopCouponPayload } from '../../domain/shop-coupons';
import { excerpt, platformRequest, unreachableAnswer, unsuccessfulAnswer, type ShopCodeAnswer } from '../shop-code-answer';

type ShopifyConnector = NonNullable<Connectors['shopify']>;

/** The mutation that creates an amount-off code discount (Admin GraphQL API, scope write_discounts). */
export const DISCOUNT_CODE_BASIC_CREATE = `mutation discountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
    codeDiscountNode { id }
    userErrors { field code message }
  }
}`;

/**
 * The DiscountCodeBasicInput for a code and its rules: a fixed amount (discountAmount) or a
 * percentage (0–1) off all items, for all buyers, once per customer, usageLimit 1 when single
 * use, endsAt for the expiry and a minimum subtotal. Shopify has no "new customers only" on a
 * basic discount; the coupon look-ups check that rule.
 */
export function discountCodeBasicInput(payload: ShopCouponPayload) {
  const value = payload.percent_off !== null ? { percentage: payload.percent_off / 100 } : { discountAmount: { amount: String(payload.amount_off ?? 0), appliesOnEachItem: false } };
  return {
    title: `${payload.title} (${payload.code})`,
    code: payload.code,
    startsAt: payload.starts_at,
    ...(payload.expires_at ? { endsAt: payload.expires_at } : {}),
    context: { all: 'ALL' },
    customerGets: { value, items: { all: true } },
    appliesOncePerCustomer: true,
    ...(payload.single_use ? { usageLimit: 1 } : {}),
    ...(payload.minimum_subtotal !== null ? { minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: String(payload.minimum_subtotal) } } } : {}),
  };
}

interface MutationAnswer {
  data?: { discountCodeBasicCreate?: { codeDiscountNode: { id: string } | null; userErrors: { field: string[] | null; code: string | null; message: string }[] } | null };
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * Creates the code in the shop with discountCodeBasicCreate, POSTed to
 * <admin_url>/admin/api/<api_version>/graphql.json with the X-Shopify-Access-Token header.
 * A userError saying the code is taken (code TAKEN, "must be unique") means the shop has it
 * already; Shopify's throttling (errors[].extensions.code THROTTLED, or 429) is retried.
 */
export async function createShopifyCode(shopify: ShopifyConnector, payload: ShopCouponPayload, timeoutInMs: number): Promise<ShopCodeAnswer> {
  const target = `${shopify.admin_url}/admin/api/${shopify.api_version}/graphql.json`;
  if (!shopify.admin_token) return { outcome: 'retry', target, status: null, excerpt: null, error: 'the Shopify connector has no admin_token (set admin_token_env)' };
  let response;
  try {
    response = await platformRequest(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-shopify-access-token': shopify.admin_token },
        body: JSON.stringify({ query: DISCOUNT_CODE_BASIC_CREATE, variables: { basicCodeDiscount: discountCodeBasicInput(payload) } }),
      },
      timeoutInMs,
    );
  } catch (error) {
    return unreachableAnswer(target, error);
  }
  if (response.status < 200 || response.status >= 300) return unsuccessfulAnswer(target, response);
  const seen = { target, status: response.status, excerpt: excerpt(response.text) };
  let answer: MutationAnswer;
  try {
    answer = JSON.parse(response.text) as MutationAnswer;
  } catch {
    return { outcome: 'retry', ...seen, error: 'the answer is not JSON' };
  }
  if (answer.errors?.some((error) => error.extensions?.code === 'THROTTLED')) return { outcome: 'retry', ...seen, error: 'throttled by Shopify' };
  if (answer.errors?.length) return { outcome: 'failed', ...seen, error: `GraphQL errors: ${answer.errors.map((error) => error.message).join('; ')}` };
  const result = answer.data?.discountCodeBasicCreate;
  if (!result) return { outcome: 'retry', ...seen, error: 'the answer has no discountCodeBasicCreate' };
  const errors = result.userErrors;
  if (errors.length > 0) {
    const taken = errors.some((error) => error.code === 'TAKEN' || /must be unique/i.test(error.message));
    if (taken) return { outcome: 'exists', ...seen };
    return { outcome: 'failed', ...seen, error: `userErrors: ${errors.map((error) => `${(error.field ?? []).join('.')} ${error.message}`.trim()).join('; ')}` };
  }
  return { outcome: 'created', ...seen, reference: result.codeDiscountNode?.id ?? null };
}
