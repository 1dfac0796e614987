import * as v from 'valibot';

/**
 * The parts of Stripe's events Vouch reads (https://docs.stripe.com/api/events/object) and of
 * the objects they carry: the Checkout Session (https://docs.stripe.com/api/checkout/sessions/object),
 * the Invoice (https://docs.stripe.com/api/invoices/object), the Invoice Payment
 * (https://docs.stripe.com/api/invoice-payment/object) and the Charge
 * (https://docs.stripe.com/api/charges/object). Amounts are in the currency's smallest unit (stripe-amounts.ts); every other field is let
 * through unread.
 */

const Text = v.nullish(v.pipe(v.string(), v.maxLength(2000)));
const Cents = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
/** An expandable reference: the id, or the object with its id. */
const Ref = v.nullish(v.union([v.string(), v.pipe(v.looseObject({ id: v.string() }), v.transform((object) => object.id))]));

/**
 * A Checkout Session's shipping details ({address: {line1, line2, city, state, postal_code,
 * country}, name}; null when the session collected none). They only feed the same-shipping-address
 * signals: details Vouch cannot read count as none rather than costing the order.
 */
const ShippingDetails = v.fallback(
  v.nullish(v.looseObject({ address: v.nullish(v.looseObject({ line1: Text, line2: Text, city: Text, state: Text, postal_code: Text, country: Text })) })),
  null,
);

export const StripeEventSchema = v.looseObject({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(255)),
  type: v.string(),
  created: v.nullish(v.number()),
  data: v.looseObject({ object: v.looseObject({}) }),
});

export const StripeCheckoutSessionSchema = v.looseObject({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(255)),
  /** paid, unpaid (a delayed payment method still settling) or no_payment_required. */
  payment_status: v.string(),
  /** Before discounts, shipping and tax. */
  amount_subtotal: v.nullish(Cents),
  total_details: v.nullish(v.looseObject({ amount_discount: v.nullish(Cents) })),
  currency: Text,
  customer: Ref,
  customer_email: Text,
  customer_details: v.nullish(v.looseObject({ email: Text, name: Text })),
  /** The merchant's own reference for the session: the visitor uuid, when the merchant passes it. */
  client_reference_id: Text,
  metadata: v.nullish(v.record(v.string(), v.string())),
  payment_intent: Ref,
  invoice: Ref,
  created: v.nullish(v.number()),
  /** Where the order ships, from API version 2025-03-31 (basil) on. */
  collected_information: v.fallback(v.nullish(v.looseObject({ shipping_details: ShippingDetails })), null),
  /** The same before that version (moved, and removed here, by 2025-03-31). */
  shipping_details: ShippingDetails,
});

export type StripeCheckoutSession = v.InferOutput<typeof StripeCheckoutSessionSchema>;

export const StripeInvoiceSchema = v.looseObject({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(255)),
  customer: Ref,
  customer_email: Text,
  customer_name: Text,
  amount_paid: Cents,
  currency: Text,
  /** API versions before 2025-03-31 name the invoice's payment here. */
  payment_intent: Ref,
  /** Later versions list it under payments, when the payload includes them. */
  payments: v.nullish(v.looseObject({ data: v.array(v.looseObject({ payment: v.nullish(v.looseObject({ payment_intent: Ref })) })) })),
  status_transitions: v.nullish(v.looseObject({ paid_at: v.nullish(v.number()) })),
  created: v.nullish(v.number()),
});

export type StripeInvoice = v.InferOutput<typeof StripeInvoiceSchema>;

export const StripeInvoicePaymentSchema = v.looseObject({
  invoice: Ref,
  payment: v.looseObject({ payment_intent: Ref }),
});

export const StripeChargeSchema = v.looseObject({
  id: v.string(),
  amount: Cents,
  amount_refunded: Cents,
  currency: Text,
  /** Whether the charge was refunded in full. */
  refunded: v.boolean(),
  payment_intent: Ref,
  /** API versions before 2025-03-31 name the charge's invoice. */
  invoice: Ref,
  created: v.nullish(v.number()),
});

export type StripeCharge = v.InferOutput<typeof StripeChargeSchema>;
