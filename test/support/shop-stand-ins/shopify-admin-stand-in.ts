import { checkKnownKeys, isIsoDateTime, startPlatformStandIn, type PlatformStandIn } from './platform-stand-in';

/**
 * Stands in for a Shopify shop's Admin GraphQL API (Shopify is a hosted service and cannot run
 * here). It takes only POST /admin/api/<version>/graphql.json with the X-Shopify-Access-Token it
 * was given, and the discountCodeBasicCreate mutation with a DiscountCodeBasicInput as documented
 * at https://shopify.dev/docs/api/admin-graphql/2025-10/mutations/discountCodeBasicCreate and
 * https://shopify.dev/docs/api/admin-graphql/2025-10/input-objects/DiscountCodeBasicInput (code,
 * title, startsAt and context required; customerGets with a percentage between 0 and 1 or a
 * discountAmount). It answers as those pages show: the codeDiscountNode's id and empty
 * userErrors, or a userError with code TAKEN when the code exists; a wrong token gets Shopify's
 * 401. Answers are trimmed to the fields Vouch asks for.
 */
export interface ShopifyStandIn extends PlatformStandIn {
  /** The discounts created, by code. */
  discounts: Map<string, Record<string, any>>;
}

const INPUT_FIELDS = ['appliesOncePerCustomer', 'code', 'combinesWith', 'context', 'customerGets', 'endsAt', 'minimumRequirement', 'recurringCycleLimit', 'startsAt', 'title', 'usageLimit', 'customerSelection'];

export async function startShopifyStandIn(options: { apiVersion: string; accessToken: string }): Promise<ShopifyStandIn> {
  const discounts = new Map<string, Record<string, any>>();
  let nextId = 1001;
  const standIn = await startPlatformStandIn((request, problems) => {
    if (request.method !== 'POST' || request.path !== `/admin/api/${options.apiVersion}/graphql.json`) {
      problems.push(`unexpected ${request.method} ${request.path}`);
      return { status: 404, body: { errors: 'Not Found' } };
    }
    if (request.headers['x-shopify-access-token'] !== options.accessToken) {
      problems.push('X-Shopify-Access-Token is missing or wrong');
      return { status: 401, body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' } };
    }
    if (!String(request.headers['content-type']).startsWith('application/json')) problems.push('Content-Type is not application/json');
    const { query, variables } = JSON.parse(request.body) as { query: string; variables: { basicCodeDiscount: Record<string, any> } };
    if (!/discountCodeBasicCreate\s*\(\s*basicCodeDiscount:\s*\$basicCodeDiscount\s*\)/.test(query)) problems.push('the query is not discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount)');
    if (!/userErrors\s*{[^}]*code/.test(query)) problems.push('the query does not ask for userErrors { code }');
    const input = variables?.basicCodeDiscount;
    if (!input) {
      problems.push('variables.basicCodeDiscount is missing');
      return { status: 200, body: { errors: [{ message: 'Variable $basicCodeDiscount of type DiscountCodeBasicInput! was provided invalid value' }] } };
    }
    checkKnownKeys('DiscountCodeBasicInput', input, INPUT_FIELDS, problems);
    for (const field of ['code', 'title', 'startsAt']) if (typeof input[field] !== 'string') problems.push(`DiscountCodeBasicInput.${field} is required`);
    if (!input.context && !input.customerSelection) problems.push('DiscountCodeBasicInput.context is required');
    // DiscountContextInput: all (the DiscountBuyerSelection enum, whose one value is ALL), customers or customerSegments.
    if (input.context && !(input.context.all === 'ALL' || input.context.customers || input.context.customerSegments)) problems.push('context must be {all: ALL}, customers or customerSegments');
    if (!isIsoDateTime(input.startsAt)) problems.push('startsAt is not a DateTime');
    if (input.endsAt !== undefined && !isIsoDateTime(input.endsAt)) problems.push('endsAt is not a DateTime');
    if (input.usageLimit !== undefined && !(Number.isInteger(input.usageLimit) && input.usageLimit >= 1)) problems.push('usageLimit is not a positive Int');
    const value = input.customerGets?.value ?? {};
    const kinds = ['percentage', 'discountAmount', 'discountOnQuantity'].filter((kind) => value[kind] !== undefined);
    if (kinds.length !== 1) problems.push('customerGets.value must hold exactly one of percentage, discountAmount');
    if (value.percentage !== undefined && !(value.percentage > 0 && value.percentage <= 1)) problems.push('customerGets.value.percentage must be between 0 and 1');
    if (value.discountAmount !== undefined && !/^\d+(\.\d+)?$/.test(String(value.discountAmount.amount))) problems.push('discountAmount.amount is not a Decimal');
    if (!input.customerGets?.items) problems.push('customerGets.items is required');
    const minimum = input.minimumRequirement?.subtotal?.greaterThanOrEqualToSubtotal;
    if (input.minimumRequirement && !/^\d+(\.\d+)?$/.test(String(minimum))) problems.push('minimumRequirement.subtotal.greaterThanOrEqualToSubtotal is not a Decimal');
    if (discounts.has(input.code)) {
      return {
        status: 200,
        body: {
          data: {
            discountCodeBasicCreate: { codeDiscountNode: null, userErrors: [{ field: ['basicCodeDiscount', 'code'], code: 'TAKEN', message: 'Code must be unique. Please try a different code.' }] },
          },
        },
      };
    }
    const id = `gid://shopify/DiscountCodeNode/${nextId++}`;
    discounts.set(input.code, { id, ...input });
    return { status: 200, body: { data: { discountCodeBasicCreate: { codeDiscountNode: { id }, userErrors: [] } } } };
  });
  return { ...standIn, discounts };
}
