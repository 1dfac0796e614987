import type { OriginRow, PersonRow } from '../store/tables';

/**
 * The origin as Talkable answers it: the fields of its type only; the email, the merchant's
 * customer_id and the customer's uuid that the Reverb-shaped /api/v1 takes, only for secret-key callers.
 */
export function originView(origin: OriginRow, person: PersonRow, includeEmail: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = { id: origin.id, type: origin.type };
  // The merchant's identifiers are the merchant's: a browser learns none of them.
  if (includeEmail) {
    view.email = person.email;
    view.customer_uuid = person.id;
    view.customer_id = person.customer_id;
  }
  if (origin.type === 'Purchase') {
    view.order_number = origin.order_number_is_numeric ? Number(origin.order_number) : origin.order_number;
    // What the store holds of an order is the merchant's: a browser, which may be repeating
    // someone's order number to learn it, is told only whether the order counts as verified.
    if (includeEmail) {
      view.subtotal = origin.subtotal;
      view.order_date = origin.order_date;
      view.coupon_code = origin.coupon_code ?? '';
    }
    view.verified = origin.verified === 1;
  } else if (origin.type === 'Event') {
    view.event_category = origin.event_category;
    view.event_number = origin.event_number;
    view.subtotal = origin.subtotal;
    view.coupon_code = origin.coupon_code ?? '';
  }
  // Talkable's, after Vouch's: where the customer was, whether it was refunded and the point of
  // integration are the merchant's, like the rest of a stored order.
  if (includeEmail) {
    view.ip_address = origin.ip_address;
    if (origin.type !== 'AffiliateMember') view.refunded_at = origin.refunded_at ?? null;
    view.traffic_source = origin.traffic_source ?? null;
  }
  return view;
}

/** The origin as Talkable answers a refund: the secret view with refunded_at, and the amount and reason Vouch adds. */
export function refundedOriginView(origin: OriginRow, person: PersonRow): Record<string, unknown> {
  return {
    ...originView(origin, person, true),
    refunded_at: origin.refunded_at ?? null,
    refunded_amount: origin.refunded_amount ?? null,
    refund_reason: origin.refund_reason ?? null,
  };
}
