import { createHash } from 'node:crypto';
import { loadStripe } from './stripe-sdk';
import * as v from 'valibot';
import type { Site } from '../../config/site-config.schema';
import type { Services } from '../../http/app-env';
import { ignored, type Connector, type ConnectorRequest, type Outcome, type Verdict, type VerifiedDelivery } from '../connector';
import {
  emailOrNull,
  isoDateOrNull,
  noteReference,
  originKeyOf,
  originKeyOfPlatformReference,
  postcodeOrNull,
  recordConnectorOrigin,
  refundConnectorOrigin,
  shippingAddressLine,
  visitorUuidOrNull,
  type ConnectorOrigin,
} from '../connector-origin';
import { malformed } from '../malformed-payload';
import { StripeChargeSchema, StripeCheckoutSessionSchema, StripeEventSchema, StripeInvoicePaymentSchema, StripeInvoiceSchema, type StripeCharge, type StripeCheckoutSession, type StripeInvoice } from './stripe-payloads.schema';
import { fromStripeAmount } from './stripe-amounts';

const SIGNATURE_HEADER = 'Stripe-Signature';

/**
 * The Event category a paid invoice is recorded under: `referral_closed_by: {origin: "Event",
 * event_category: "billing", nth: 3}` rewards the advocate on the friend's third paid invoice.
 */
export const STRIPE_BILLING_EVENT_CATEGORY = 'billing';

/**
 * Stripe's events (https://docs.stripe.com/webhooks): checkout.session.completed (and
 * checkout.session.async_payment_succeeded, for payment methods that settle later) records a
 * verified Purchase, invoice.paid an Event "billing" per paid invoice (a subscription's billing
 * cycles), charge.refunded refunds the Purchase or Event the charge paid. Verified with the
 * official SDK's constructEvent (Stripe-Signature, signed with the endpoint's whsec_ secret,
 * at most 5 minutes old); the event id is the delivery id (Stripe keeps it on retries).
 */
export const stripeConnector: Connector = {
  platform: 'stripe',

  verify(site: Site, request: ConnectorRequest): Verdict {
    const header = request.header(SIGNATURE_HEADER);
    if (!header) return { kind: 'unverified', header: SIGNATURE_HEADER, detail: 'is missing' };
    let event: unknown;
    try {
      event = loadStripe().webhooks.constructEvent(Buffer.from(request.body), header, site.connectors.stripe!.webhook_secret, undefined, undefined, request.now.getTime());
    } catch (error) {
      // The SDK parses the body only once the signature checked out: a signed body that is no JSON is malformed, not forged.
      if (error instanceof SyntaxError) event = undefined;
      else {
        const stale = error instanceof Error && /tolerance/i.test(error.message);
        return { kind: 'unverified', header: SIGNATURE_HEADER, detail: stale ? 'is older than 5 minutes' : 'does not match the body signed with the endpoint secret' };
      }
    }
    const parsed = v.safeParse(StripeEventSchema, event);
    // Signed but not an event: no id to de-duplicate it by but its bytes; handle() answers it malformed.
    if (!parsed.success) return { kind: 'verified', delivery: { deliveryId: `body:${createHash('sha256').update(request.body).digest('hex')}`, topic: '', payload: event } };
    return { kind: 'verified', delivery: { deliveryId: parsed.output.id, topic: parsed.output.type, payload: parsed.output } };
  },

  async handle(services: Services, site: Site, delivery: VerifiedDelivery): Promise<Outcome> {
    const event = v.safeParse(StripeEventSchema, delivery.payload);
    if (!event.success) return malformed(event.issues);
    const object = event.output.data.object;
    switch (event.output.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded': {
        const session = v.safeParse(StripeCheckoutSessionSchema, object);
        return session.success ? recordCheckout(services, site, session.output) : malformed(session.issues);
      }
      case 'invoice.paid': {
        const invoice = v.safeParse(StripeInvoiceSchema, object);
        return invoice.success ? recordInvoice(services, site, invoice.output) : malformed(invoice.issues);
      }
      case 'invoice_payment.paid': {
        const payment = v.safeParse(StripeInvoicePaymentSchema, object);
        if (!payment.success) return malformed(payment.issues);
        const { invoice } = payment.output;
        const paymentIntent = payment.output.payment.payment_intent;
        if (!invoice || !paymentIntent) return ignored('payment_unnamed: the invoice payment names no invoice or payment intent');
        await noteReference(services, site, 'stripe', `payment_intent:${paymentIntent}`, billingEventOf(invoice));
        return { outcome: 'noted', reason: `payment_intent: ${paymentIntent} paid invoice ${invoice}` };
      }
      case 'charge.refunded': {
        const charge = v.safeParse(StripeChargeSchema, object);
        return charge.success ? refundCharge(services, site, charge.output) : malformed(charge.issues);
      }
      default:
        return ignored(`topic_unused: Vouch does not use ${event.output.type}`);
    }
  },
};

function billingEventOf(invoiceId: string): ConnectorOrigin {
  return { type: 'Event', event_category: STRIPE_BILLING_EVENT_CATEGORY, event_number: invoiceId };
}

async function recordCheckout(services: Services, site: Site, session: StripeCheckoutSession): Promise<Outcome> {
  if (session.payment_status === 'unpaid') return ignored('payment_pending: the session is not paid yet (checkout.session.async_payment_succeeded follows)');
  // A Checkout Session carries promotion codes by id, not by the code typed: attribution is by the visitor uuid.
  const purchase: ConnectorOrigin = { type: 'Purchase', order_number: session.id, order_number_is_numeric: false, coupon_code: null };
  const address = (session.collected_information?.shipping_details ?? session.shipping_details)?.address;
  const subtotal = Math.max(0, (session.amount_subtotal ?? 0) - (session.total_details?.amount_discount ?? 0));
  const outcome = await recordConnectorOrigin(services, site, purchase, {
    customer: {
      email: emailOrNull(session.customer_details?.email) ?? emailOrNull(session.customer_email),
      customer_id: session.customer ?? null,
      first_name: null,
      last_name: null,
    },
    subtotal: fromStripeAmount(subtotal, session.currency),
    order_date: isoDateOrNull(session.created),
    visitor_uuid: visitorUuidOrNull(session.metadata?.[site.visitor_uuid_param]) ?? visitorUuidOrNull(session.client_reference_id),
    ip_address: null,
    shipping_address: shippingAddressLine(address && { line1: address.line1, line2: address.line2, city: address.city, region: address.state, country: address.country }),
    shipping_zip: postcodeOrNull(address?.postal_code),
  });
  // charge.refunded names the payment intent only.
  if (outcome.outcome === 'recorded' && session.payment_intent) await noteReference(services, site, 'stripe', `payment_intent:${session.payment_intent}`, purchase);
  return outcome;
}

async function recordInvoice(services: Services, site: Site, invoice: StripeInvoice): Promise<Outcome> {
  // A trial's or a fully discounted period's invoice is "paid" with nothing paid: no billing cycle the friend paid for.
  if (invoice.amount_paid === 0) return ignored('nothing_paid: the invoice was paid with an amount of 0');
  const event = billingEventOf(invoice.id);
  const paymentIntents = [invoice.payment_intent, ...(invoice.payments?.data ?? []).map((entry) => entry.payment?.payment_intent)].filter((id): id is string => !!id);
  const outcome = await recordConnectorOrigin(services, site, event, {
    customer: { email: emailOrNull(invoice.customer_email), customer_id: invoice.customer ?? null, first_name: null, last_name: null },
    subtotal: fromStripeAmount(invoice.amount_paid, invoice.currency),
    order_date: isoDateOrNull(invoice.status_transitions?.paid_at) ?? isoDateOrNull(invoice.created),
    visitor_uuid: null,
    ip_address: null,
    // An invoice is a billing cycle: the subscription's address is the checkout's.
    shipping_address: null,
    shipping_zip: null,
  });
  if (outcome.outcome === 'recorded') for (const paymentIntent of paymentIntents) await noteReference(services, site, 'stripe', `payment_intent:${paymentIntent}`, event);
  return outcome;
}

/** The charge's payment intent names the Purchase or Event it paid (noted when that was recorded); an older API's charge names its invoice. */
async function refundCharge(services: Services, site: Site, charge: StripeCharge): Promise<Outcome> {
  const noted = charge.payment_intent ? await originKeyOfPlatformReference(services, site, 'stripe', `payment_intent:${charge.payment_intent}`) : undefined;
  const originKey = noted ?? (charge.invoice ? originKeyOf(billingEventOf(charge.invoice)) : undefined);
  if (!originKey) return ignored(`origin_unknown: charge ${charge.id} paid nothing Vouch recorded`);
  return refundConnectorOrigin(services, site, originKey, {
    amount: charge.refunded ? null : fromStripeAmount(charge.amount_refunded, charge.currency),
    reason: 'refund',
    refunded_at: null,
  });
}
