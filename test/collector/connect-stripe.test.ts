import Stripe from 'stripe';
import { describe, expect } from 'vitest';
import { followClaimLink } from '../support/claim-link';
import { collectorTest } from '../support/collector-fixture';
import { advocateAndClaim, connectorFixture, newDeliveryId, postStripe, referralOfOrigin, rowCounts, storedOrigin, stripeEvent } from '../support/connector-webhooks';

// Stripe cannot run here: its documented Checkout Session, Invoice and Charge objects in Event
// envelopes stand in, signed by the official SDK's generateTestHeaderString (see test/support/connector-webhooks.ts).
const SECRET = 'whsec_test_7a9f0c1d2e3b4a5968778695a4b3c2d1';
process.env.VOUCH_TEST_STRIPE_SECRET = SECRET;

// The seeds' subscription case: the advocate is rewarded after the friend's third billing cycle.
const it = collectorTest({
  site: {
    approval: { mode: 'manual' },
    referral_closed_by: { origin: 'Event', event_category: 'billing', nth: 3 },
    connectors: { stripe: { webhook_secret_env: 'VOUCH_TEST_STRIPE_SECRET' } },
  },
});

let count = 0;
/** The documented Checkout Session as a friend's subscription sign-up, the visitor uuid as client_reference_id. */
function checkoutSession(email: string, customer: string, fields: Record<string, unknown> = {}) {
  count += 1;
  const session = connectorFixture('stripe', 'checkout-session-completed').data.object;
  return { ...session, id: `cs_test_${count}_${Date.now()}`, customer, customer_details: { ...session.customer_details, email }, payment_intent: `pi_checkout_${count}_${Date.now()}`, ...fields };
}

/** The documented Invoice as one of the customer's paid billing cycles. */
function invoice(email: string, customer: string, fields: Record<string, unknown> = {}) {
  count += 1;
  const object = connectorFixture('stripe', 'invoice-paid').data.object;
  const id = `in_test_${count}_${Date.now()}`;
  const paymentIntent = `pi_invoice_${count}_${Date.now()}`;
  return { ...object, id, customer, customer_email: email, payments: { ...object.payments, data: [{ ...object.payments.data[0], invoice: id, payment: { type: 'payment_intent', payment_intent: paymentIntent } }] }, ...fields };
}

function charge(paymentIntent: string, fields: Record<string, unknown> = {}) {
  return { ...connectorFixture('stripe', 'charge-refunded').data.object, id: newDeliveryId('ch'), payment_intent: paymentIntent, ...fields };
}

type Signal = { signal: string; fired: boolean; value: unknown; words: string };
const firedSignals = (referral: { fraud: { signals: Signal[] } }) => referral.fraud.signals.filter((entry) => entry.fired).map((entry) => entry.signal);
const signal = (referral: { fraud: { signals: Signal[] } }, name: string) => referral.fraud.signals.find((entry) => entry.signal === name);

/** A friend's subscription: the checkout (attributed by client_reference_id) and three paid invoices; answers the referral the third closed. */
async function subscribeThreeCycles(collector: Parameters<typeof postStripe>[0], email: string, customer: string, fields: Record<string, unknown>) {
  const session = checkoutSession(email, customer, { mode: 'subscription', payment_intent: null, subscription: `sub_${customer}`, ...fields });
  expect((await postStripe(collector, stripeEvent('checkout.session.completed', session), { secret: SECRET })).body.result.outcome).toBe('recorded');
  let last = '';
  for (let cycle = 0; cycle < 3; cycle++) {
    const paid = invoice(email, customer);
    expect((await postStripe(collector, stripeEvent('invoice.paid', paid), { secret: SECRET })).body.result.outcome).toBe('recorded');
    last = paid.id;
  }
  return referralOfOrigin(collector, `billing:${last}`);
}

describe('POST /connect/stripe/<site_slug>', () => {
  it("closes the referral on the friend's third paid invoice, attributed through the checkout's client_reference_id", async ({ collector }) => {
    const { uuid } = await advocateAndClaim(collector, 'ta1@example.com');
    const session = checkoutSession('tf1@example.com', 'cus_tf1', { client_reference_id: uuid, mode: 'subscription', payment_intent: null, subscription: 'sub_tf1' });
    const signedUp = await postStripe(collector, stripeEvent('checkout.session.completed', session), { secret: SECRET });
    expect(signedUp.status).toBe(200);
    expect(signedUp.body.result).toEqual({ outcome: 'recorded', origin_slug: session.id });
    expect(await storedOrigin(collector, `Purchase:${session.id}`)).toMatchObject({ verified: 1, subtotal: 25, visitor_uuid: uuid });
    // The sign-up is a Purchase: the rule wants the third billing Event.
    expect(await referralOfOrigin(collector, session.id)).toBeUndefined();

    const invoices = [invoice('tf1@example.com', 'cus_tf1'), invoice('tf1@example.com', 'cus_tf1'), invoice('tf1@example.com', 'cus_tf1')];
    for (const [index, paid] of invoices.entries()) {
      const answer = await postStripe(collector, stripeEvent('invoice.paid', paid), { secret: SECRET });
      expect(answer.body.result).toEqual({ outcome: 'recorded', origin_slug: `billing:${paid.id}` });
      if (index < 2) expect(await referralOfOrigin(collector, `billing:${paid.id}`), `no referral after invoice ${index + 1}`).toBeUndefined();
    }
    const referral = await referralOfOrigin(collector, `billing:${invoices[2]!.id}`);
    expect(referral).toMatchObject({ status: 'pending', advocate: { email: 'ta1@example.com' }, friend: { email: 'tf1@example.com', customer_id: 'cus_tf1' } });
    expect(await storedOrigin(collector, `Event:billing:${invoices[2]!.id}`)).toMatchObject({ type: 'Event', verified: 1, subtotal: 15 });

    // The third invoice's charge refunded: the referral it closed is voided.
    const refunded = await postStripe(collector, stripeEvent('charge.refunded', charge(invoices[2]!.payments.data[0].payment.payment_intent)), { secret: SECRET });
    expect(refunded.body.result).toEqual({ outcome: 'refunded', origin_slug: `billing:${invoices[2]!.id}` });
    expect(await referralOfOrigin(collector, `billing:${invoices[2]!.id}`)).toMatchObject({ status: 'voided', voided_reason: 'refunded' });
  });

  it("flags a friend whose checkout ships to the advocate's address (collected_information, or an older API's shipping_details), and not one shipping elsewhere", async ({ collector }) => {
    const { uuid, offer } = await advocateAndClaim(collector, 'ta8@example.com');
    // The advocate's own checkout ships to the documented session's collected_information.shipping_details.
    const own = checkoutSession('ta8@example.com', 'cus_ta8');
    expect((await postStripe(collector, stripeEvent('checkout.session.completed', own), { secret: SECRET })).body.result.outcome).toBe('recorded');
    const address = own.collected_information.shipping_details.address;
    // The friend's, from an endpoint on an API version before 2025-03-31: the same address at the session's top level, in capitals, another name.
    const flagged = await subscribeThreeCycles(collector, 'tf8@example.com', 'cus_tf8', {
      client_reference_id: uuid,
      collected_information: null,
      shipping_details: { address: { ...address, line1: '510 TOWNSEND ST' }, name: 'Jamie Rosen' },
    });
    expect(flagged.status).toBe('flagged');
    expect(firedSignals(flagged)).toEqual(['same_shipping_address']);
    expect(signal(flagged, 'same_shipping_address')?.words).toBe("the friend's order ships to an address the advocate's order shipped to (one household, or the advocate)");

    const neighbour = await followClaimLink(offer.claim_url);
    const quiet = await subscribeThreeCycles(collector, 'tf8b@example.com', 'cus_tf8b', {
      client_reference_id: neighbour.uuid,
      collected_information: { shipping_details: { address: { ...address, line1: '185 Berry St' }, name: 'Sam Lee' } },
    });
    expect(quiet.status).toBe('pending');
    expect(signal(quiet, 'same_shipping_address')).toMatchObject({ fired: false, value: { compared: true }, words: "the friend's order ships to another address than the advocate's" });
  });

  it("refunds a one-off checkout's Purchase when its charge is refunded (found by payment intent); a partial refund by its amount", async ({ collector }) => {
    const whole = checkoutSession('tf2@example.com', 'cus_tf2', { metadata: { vouch_uuid: '5f0c8a1e-2b3d-4c5e-8f9a-0b1c2d3e4f5a' } });
    await postStripe(collector, stripeEvent('checkout.session.completed', whole), { secret: SECRET });
    expect((await storedOrigin(collector, `Purchase:${whole.id}`))?.visitor_uuid).toBe('5f0c8a1e-2b3d-4c5e-8f9a-0b1c2d3e4f5a');
    const answer = await postStripe(collector, stripeEvent('charge.refunded', charge(whole.payment_intent)), { secret: SECRET });
    expect(answer.body.result).toEqual({ outcome: 'refunded', origin_slug: whole.id });
    expect(await storedOrigin(collector, `Purchase:${whole.id}`)).toMatchObject({ refunded_amount: 25, refund_reason: 'refund' });

    const part = checkoutSession('tf3@example.com', 'cus_tf3');
    await postStripe(collector, stripeEvent('checkout.session.completed', part), { secret: SECRET });
    await postStripe(collector, stripeEvent('charge.refunded', charge(part.payment_intent, { amount_refunded: 1000, refunded: false })), { secret: SECRET });
    expect(await storedOrigin(collector, `Purchase:${part.id}`)).toMatchObject({ refunded_amount: 10 });
  });

  it('answers an event with a wrong or stale signature 401, and writes nothing', async ({ collector }) => {
    const event = stripeEvent('checkout.session.completed', checkoutSession('tf4@example.com', 'cus_tf4'));
    const before = await rowCounts(collector);
    const forged = await postStripe(collector, event, { secret: 'whsec_someone_else' });
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ ok: false, code: 'unauthorized', errors: [{ field: 'Stripe-Signature' }] });
    // Signed an hour ago: Stripe's SDK refuses timestamps older than 5 minutes (a captured delivery replayed later).
    const stale = await postStripe(collector, event, { secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(stale.status).toBe(401);
    expect(stale.body.errors[0].message).toContain('older than 5 minutes');
    expect((await postStripe(collector, event, { secret: SECRET, signature: '' })).status).toBe(401);
    expect(await rowCounts(collector)).toEqual(before);
  });

  it('answers a replayed event (same event id) 200 and writes nothing twice', async ({ collector }) => {
    const event = stripeEvent('invoice.paid', invoice('tf5@example.com', 'cus_tf5'));
    expect((await postStripe(collector, event, { secret: SECRET })).body.result.outcome).toBe('recorded');
    const after = await rowCounts(collector);
    // Stripe re-signs each retry: a fresh signature over the same event.
    const replay = await postStripe(collector, event, { secret: SECRET });
    expect(replay.status).toBe(200);
    expect(replay.body.result).toEqual({ outcome: 'replayed' });
    expect(await rowCounts(collector)).toEqual(after);
  });

  it('answers an event type Vouch does not use 200, ignored; and a free invoice counts no billing cycle', async ({ collector }) => {
    const before = await rowCounts(collector);
    const unused = await postStripe(collector, stripeEvent('customer.created', { id: 'cus_unused', object: 'customer' }), { secret: SECRET });
    expect(unused.status).toBe(200);
    expect(unused.body.result).toMatchObject({ outcome: 'ignored', reason: expect.stringContaining('topic_unused') });
    const trial = await postStripe(collector, stripeEvent('invoice.paid', invoice('tf6@example.com', 'cus_tf6', { amount_paid: 0 })), { secret: SECRET });
    expect(trial.body.result).toMatchObject({ outcome: 'ignored', reason: expect.stringContaining('nothing_paid') });
    expect((await rowCounts(collector)).origins).toBe(before.origins);
  });

  it('answers a signed event whose object is not the documented shape 200 and logs it', async ({ collector }) => {
    const answer = await postStripe(collector, stripeEvent('invoice.paid', { id: 'in_broken', amount_paid: 'a lot' }), { secret: SECRET });
    expect(answer.status).toBe(200);
    expect(answer.body.result).toMatchObject({ outcome: 'ignored', reason: expect.stringMatching(/^malformed: amount_paid/) });
    // Signed bytes that are no JSON at all: malformed too, not a forgery.
    const body = 'not json';
    const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET });
    const notJson = await fetch(`${collector.url}/connect/stripe/${collector.siteSlug}`, { method: 'POST', headers: { 'stripe-signature': signature }, body });
    expect(notJson.status).toBe(200);
    expect((await notJson.json()).result).toMatchObject({ outcome: 'ignored', reason: expect.stringMatching(/^malformed/) });
  });
});
