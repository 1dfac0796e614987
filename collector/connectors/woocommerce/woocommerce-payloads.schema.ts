import * as v from 'valibot';
import { Money } from '../../schemas/common.schema';

/**
 * The parts of WooCommerce's order web hook payload Vouch reads: the REST API's order
 * (https://woocommerce.github.io/woocommerce-rest-api-docs/#order-properties), which the
 * order.created and order.updated topics send; every other field is let through unread.
 */

const Text = v.nullish(v.pipe(v.string(), v.maxLength(2000)));

/**
 * The order's shipping address (its fields "" when the order ships nothing). It only feeds the
 * same-shipping-address signals: one Vouch cannot read counts as none rather than costing the order.
 */
const Shipping = v.fallback(v.nullish(v.looseObject({ address_1: Text, address_2: Text, city: Text, state: Text, postcode: Text, country: Text })), null);

export const WooCommerceOrderSchema = v.looseObject({
  id: v.pipe(v.number(), v.safeInteger()),
  /** The order number the shop shows (the id unless a plugin renumbers orders). */
  number: v.pipe(v.union([v.string(), v.number()]), v.transform(String), v.trim(), v.minLength(1), v.maxLength(100)),
  status: v.string(),
  currency: Text,
  /** The customer's user id; 0 for a guest. */
  customer_id: v.nullish(v.pipe(v.number(), v.safeInteger()), 0),
  customer_ip_address: Text,
  billing: v.nullish(v.looseObject({ email: Text, first_name: Text, last_name: Text })),
  shipping: Shipping,
  date_paid_gmt: Text,
  date_created_gmt: Text,
  date_modified_gmt: Text,
  /** Each line's total is after discounts, before tax. */
  line_items: v.array(v.looseObject({ total: Money })),
  coupon_lines: v.nullish(v.array(v.looseObject({ code: v.pipe(v.string(), v.maxLength(255)) })), []),
  meta_data: v.nullish(v.array(v.looseObject({ key: v.string(), value: v.unknown() })), []),
  /** Refunds so far, each total negative ("-5.00"). */
  refunds: v.nullish(v.array(v.looseObject({ total: v.union([v.string(), v.number()]) })), []),
});

export type WooCommerceOrder = v.InferOutput<typeof WooCommerceOrderSchema>;
