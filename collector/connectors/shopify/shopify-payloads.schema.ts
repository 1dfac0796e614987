import * as v from 'valibot';
import { Money } from '../../schemas/common.schema';

/**
 * The parts of Shopify's web hook payloads Vouch reads (the REST Admin API's Order and Refund
 * resources, which the orders/* and refunds/create topics send); every other field is let
 * through unread. https://shopify.dev/docs/api/admin-rest/latest/resources/order and
 * https://shopify.dev/docs/api/admin-rest/latest/resources/refund
 */

const Id = v.union([v.pipe(v.number(), v.safeInteger()), v.pipe(v.string(), v.regex(/^\d{1,20}$/))]);
const Text = v.nullish(v.pipe(v.string(), v.maxLength(2000)));

/**
 * The order's shipping address (the Order resource's shipping_address; absent or null for an order
 * with nothing to ship). It only feeds the same-shipping-address signals: one Vouch cannot read
 * counts as none rather than costing the order.
 */
const ShippingAddress = v.fallback(
  v.nullish(v.looseObject({ address1: Text, address2: Text, city: Text, zip: Text, province_code: Text, country_code: Text })),
  null,
);

export const ShopifyOrderSchema = v.looseObject({
  id: Id,
  /** The shop's own count of orders, from 1001: the number the merchant and the customer see. */
  order_number: v.pipe(v.number(), v.safeInteger()),
  email: Text,
  contact_email: Text,
  customer: v.nullish(
    v.looseObject({
      id: Id,
      email: Text,
      first_name: Text,
      last_name: Text,
    }),
  ),
  /** After discounts, before shipping, duties, taxes and tips, in the shop's currency. */
  subtotal_price: Money,
  currency: Text,
  discount_codes: v.nullish(v.array(v.looseObject({ code: v.pipe(v.string(), v.maxLength(255)) })), []),
  /** Cart attributes the storefront set (`/cart/update.js`), e.g. vouch_uuid. */
  note_attributes: v.nullish(v.array(v.looseObject({ name: v.string(), value: v.nullish(v.union([v.string(), v.number()])) })), []),
  /** The URL (path and query) the customer's session landed on: the claim redirect's ?vouch_uuid=. */
  landing_site: Text,
  browser_ip: Text,
  shipping_address: ShippingAddress,
  processed_at: Text,
  created_at: Text,
  cancelled_at: Text,
});

export type ShopifyOrder = v.InferOutput<typeof ShopifyOrderSchema>;

export const ShopifyRefundSchema = v.looseObject({
  id: Id,
  order_id: Id,
  created_at: Text,
  processed_at: Text,
  /** The refunded line items; each subtotal is what the items cost after discounts, before tax. */
  refund_line_items: v.nullish(v.array(v.looseObject({ subtotal: v.nullish(Money) })), []),
  /** The money sent back; used when a refund names no line items (a refund by amount). */
  transactions: v.nullish(v.array(v.looseObject({ amount: v.nullish(Money), kind: Text, status: Text })), []),
});

export type ShopifyRefund = v.InferOutput<typeof ShopifyRefundSchema>;
