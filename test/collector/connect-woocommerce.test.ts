import { describe, expect } from 'vitest';
import { followClaimLink } from '../support/claim-link';
import { purchase } from '../support/collector';
import { collectorTest } from '../support/collector-fixture';
import { advocateAndClaim, connectorFixture, pingWooCommerce, postWooCommerce, referralOfOrigin, rowCounts, storedOrigin } from '../support/connector-webhooks';

// WooCommerce cannot run here: the REST API's documented order stands in for what order.created /
// order.updated deliver, signed with the web hook secret the way WooCommerce signs (see test/support/connector-webhooks.ts).
const SECRET = 'wc-webhook-secret-4f1b2c';
process.env.VOUCH_TEST_WOOCOMMERCE_SECRET = SECRET;

const it = collectorTest({
  site: {
    approval: { mode: 'manual' },
    connectors: { woocommerce: { store_url: 'https://shop.example', webhook_secret_env: 'VOUCH_TEST_WOOCOMMERCE_SECRET' } },
  },
});

let orderCount = 0;
/** The documented order as a friend's: its own id, number and email. */
function friendOrder(email: string, fields: Record<string, unknown> = {}) {
  orderCount += 1;
  const order = connectorFixture('woocommerce', 'order');
  return { ...order, id: 900 + orderCount, number: String(900 + orderCount), billing: { ...order.billing, email }, ...fields };
}

type Signal = { signal: string; fired: boolean; value: unknown; words: string };
const firedSignals = (referral: { fraud: { signals: Signal[] } }) => referral.fraud.signals.filter((entry) => entry.fired).map((entry) => entry.signal);
const signal = (referral: { fraud: { signals: Signal[] } }, name: string) => referral.fraud.signals.find((entry) => entry.signal === name);

describe('POST /connect/woocommerce/<site_slug>', () => {
  it('answers the ping WooCommerce sends when the web hook is saved', async ({ collector }) => {
    const before = await rowCounts(collector);
    const ping = await pingWooCommerce(collector);
    expect(ping.status).toBe(200);
    expect(ping.body).toEqual({ ok: true, result: { outcome: 'ping' } });
    expect(await rowCounts(collector)).toEqual(before);
  });

  it("attributes a friend's paid order to the advocate whose link the friend followed", async ({ collector }) => {
    const { uuid } = await advocateAndClaim(collector, 'wa1@example.com');
    const order = friendOrder('wf1@example.com', { meta_data: [{ id: 1, key: 'vouch_uuid', value: uuid }] });
    const answer = await postWooCommerce(collector, 'order.created', order, { secret: SECRET });
    expect(answer.status).toBe(200);
    expect(answer.body.result).toEqual({ outcome: 'recorded', origin_slug: order.number });
    expect(await referralOfOrigin(collector, order.number)).toMatchObject({ status: 'pending', attributed_by: 'uuid', advocate: { email: 'wa1@example.com' }, friend: { email: 'wf1@example.com' } });
    // The lines' totals: after discounts, before shipping and tax.
    expect(await storedOrigin(collector, `Purchase:${order.number}`)).toMatchObject({ verified: 1, subtotal: 25, ip_address: '203.0.113.77' });
  });

  it("flags a friend whose order ships to the advocate's address (the order's shipping), and not one shipping to another flat", async ({ collector }) => {
    const { uuid, offer } = await advocateAndClaim(collector, 'wa8@example.com');
    // The advocate's own order ships to the documented order's shipping address; each order comes from a network of its own.
    const own = friendOrder('wa8@example.com', { customer_ip_address: '81.2.69.10' });
    expect((await postWooCommerce(collector, 'order.created', own, { secret: SECRET })).body.result.outcome).toBe('recorded');
    // The friend's ships there too, written another way, to another name.
    const sameAddress = { ...own.shipping, first_name: 'Jane', address_1: '969 MARKET', city: 'san francisco' };
    const friend = friendOrder('wf8@example.com', { customer_ip_address: '151.101.1.9', shipping: sameAddress, meta_data: [{ id: 1, key: 'vouch_uuid', value: uuid }] });
    expect((await postWooCommerce(collector, 'order.created', friend, { secret: SECRET })).body.result.outcome).toBe('recorded');
    const flagged = await referralOfOrigin(collector, friend.number);
    expect(flagged.status).toBe('flagged');
    expect(firedSignals(flagged)).toEqual(['same_shipping_address']);
    expect(signal(flagged, 'same_shipping_address')?.words).toBe("the friend's order ships to an address the advocate's order shipped to (one household, or the advocate)");
    expect(JSON.stringify(await storedOrigin(collector, `Purchase:${friend.number}`))).not.toMatch(/969 market|94103/i);

    const neighbour = await followClaimLink(offer.claim_url);
    const otherFlat = friendOrder('wf8b@example.com', { customer_ip_address: '104.16.2.9', shipping: { ...own.shipping, address_2: 'Apt 2' }, meta_data: [{ id: 1, key: 'vouch_uuid', value: neighbour.uuid }] });
    await postWooCommerce(collector, 'order.created', otherFlat, { secret: SECRET });
    const quiet = await referralOfOrigin(collector, otherFlat.number);
    expect(quiet.status).toBe('pending');
    expect(signal(quiet, 'same_shipping_address')).toMatchObject({ fired: false, value: { compared: true }, words: "the friend's order ships to another address than the advocate's" });
  });

  it("compares with the address the merchant's server reported in the README's one-line form", async ({ collector }) => {
    // The advocate bought through the origins API, the shop's server writing her address as the README says a connector does.
    const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'wa10@example.com', order_number: 'ADV-wa10', subtotal: 40, ip_address: '81.2.69.10', shipping_address: '969 Market, San Francisco, CA, US' }));
    expect(advocate.status).toBe(201);
    const { uuid } = await followClaimLink(advocate.body.result.offer.claim_url);
    const friend = friendOrder('wf10@example.com', { customer_ip_address: '151.101.1.9', meta_data: [{ id: 1, key: 'vouch_uuid', value: uuid }] });
    await postWooCommerce(collector, 'order.created', friend, { secret: SECRET });
    expect(firedSignals(await referralOfOrigin(collector, friend.number))).toEqual(['same_shipping_address']);
  });

  it('records an order that ships nothing (its shipping fields blank) with no address to compare', async ({ collector }) => {
    const { uuid } = await advocateAndClaim(collector, 'wa9@example.com');
    const blank = { first_name: '', last_name: '', company: '', address_1: '', address_2: '', city: '', state: '', postcode: '', country: '' };
    const order = friendOrder('wf9@example.com', { customer_ip_address: '151.101.1.9', shipping: blank, meta_data: [{ id: 1, key: 'vouch_uuid', value: uuid }] });
    expect((await postWooCommerce(collector, 'order.created', order, { secret: SECRET })).body.result.outcome).toBe('recorded');
    expect(await storedOrigin(collector, `Purchase:${order.number}`)).toMatchObject({ shipping_address_hash: null, shipping_zip_hash: null });
    expect(signal(await referralOfOrigin(collector, order.number), 'same_shipping_address')).toMatchObject({ fired: false, value: { compared: false } });
  });

  it('attributes by the advocate\'s friend coupon typed at checkout', async ({ collector }) => {
    const { offer } = await advocateAndClaim(collector, 'wa2@example.com');
    // The coupon the advocate's friends are shown on the offer's page.
    const { friend_coupon_code: coupon } = await collector.running.services.db.selectFrom('offers').select('friend_coupon_code').where('short_url_code', '=', offer.short_url_code).executeTakeFirstOrThrow();
    const order = friendOrder('wf2@example.com', { coupon_lines: [{ id: 321, code: coupon, discount: '5.00' }] });
    await postWooCommerce(collector, 'order.created', order, { secret: SECRET });
    expect(await referralOfOrigin(collector, order.number)).toMatchObject({ status: 'pending', attributed_by: 'coupon' });
  });

  it('records nothing for an order not paid yet, then the order once it is processing', async ({ collector }) => {
    const { uuid } = await advocateAndClaim(collector, 'wa3@example.com');
    const order = friendOrder('wf3@example.com', { status: 'pending', meta_data: [{ id: 1, key: 'vouch_uuid', value: uuid }] });
    expect((await postWooCommerce(collector, 'order.created', order, { secret: SECRET })).body.result).toMatchObject({ outcome: 'ignored', reason: expect.stringContaining('status_unpaid') });
    expect(await storedOrigin(collector, `Purchase:${order.number}`)).toBeUndefined();
    expect((await postWooCommerce(collector, 'order.updated', { ...order, status: 'processing' }, { secret: SECRET })).body.result.outcome).toBe('recorded');
    // Completing it later is the same order: no second origin.
    const before = await rowCounts(collector);
    await postWooCommerce(collector, 'order.updated', { ...order, status: 'completed' }, { secret: SECRET });
    expect((await rowCounts(collector)).origins).toBe(before.origins);
  });

  it("voids the friend's referral when the order is refunded, and when another is cancelled", async ({ collector }) => {
    const { uuid } = await advocateAndClaim(collector, 'wa4@example.com');
    const refunded = friendOrder('wf4@example.com', { meta_data: [{ id: 1, key: 'vouch_uuid', value: uuid }] });
    await postWooCommerce(collector, 'order.created', refunded, { secret: SECRET });
    const answer = await postWooCommerce(collector, 'order.updated', { ...refunded, status: 'refunded', refunds: [{ id: 5, reason: '', total: '-25.00' }] }, { secret: SECRET });
    expect(answer.body.result).toEqual({ outcome: 'refunded', origin_slug: refunded.number });
    expect(await referralOfOrigin(collector, refunded.number)).toMatchObject({ status: 'voided', voided_reason: 'refunded' });

    const second = await advocateAndClaim(collector, 'wa5@example.com');
    const cancelled = friendOrder('wf5@example.com', { meta_data: [{ id: 1, key: 'vouch_uuid', value: second.uuid }] });
    await postWooCommerce(collector, 'order.created', cancelled, { secret: SECRET });
    await postWooCommerce(collector, 'order.updated', { ...cancelled, status: 'cancelled' }, { secret: SECRET });
    const referral = await referralOfOrigin(collector, cancelled.number);
    expect(referral.status).toBe('voided');
    expect(referral.status_history.at(-1)).toMatchObject({ cause: 'refund:cancellation' });
  });

  it('answers a delivery with a wrong signature 401, and writes nothing', async ({ collector }) => {
    const { uuid } = await advocateAndClaim(collector, 'wa6@example.com');
    const order = friendOrder('wf6@example.com', { meta_data: [{ id: 1, key: 'vouch_uuid', value: uuid }] });
    const before = await rowCounts(collector);
    const forged = await postWooCommerce(collector, 'order.created', order, { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ ok: false, code: 'unauthorized', errors: [{ field: 'X-WC-Webhook-Signature' }] });
    // An unsigned body that is not the ping is no ping.
    expect((await postWooCommerce(collector, 'order.created', order, { secret: SECRET, signature: '' })).status).toBe(401);
    expect(await rowCounts(collector)).toEqual(before);
  });

  it('answers a replayed delivery (same X-WC-Webhook-Delivery-ID) 200 and writes nothing twice', async ({ collector }) => {
    const order = friendOrder('wf7@example.com');
    const deliveryId = 'c0a8e1f2-77aa-4e0e-9d3a-5e1f2a3b4c5d';
    expect((await postWooCommerce(collector, 'order.created', order, { secret: SECRET, deliveryId })).body.result.outcome).toBe('recorded');
    const after = await rowCounts(collector);
    const replay = await postWooCommerce(collector, 'order.created', order, { secret: SECRET, deliveryId });
    expect(replay.status).toBe(200);
    expect(replay.body.result).toEqual({ outcome: 'replayed' });
    expect(await rowCounts(collector)).toEqual(after);
  });

  it('answers a topic Vouch does not use 200, ignored', async ({ collector }) => {
    const before = await rowCounts(collector);
    const answer = await postWooCommerce(collector, 'product.created', { id: 794, name: 'Premium Quality' }, { secret: SECRET });
    expect(answer.status).toBe(200);
    expect(answer.body.result).toMatchObject({ outcome: 'ignored', reason: expect.stringContaining('topic_unused') });
    expect((await rowCounts(collector)).origins).toBe(before.origins);
  });

  it("ignores a guest's order without an email (with the reason), and records a member's by customer id", async ({ collector }) => {
    const order = friendOrder('', { customer_id: 0 });
    const answer = await postWooCommerce(collector, 'order.created', order, { secret: SECRET });
    expect(answer.body.result).toMatchObject({ outcome: 'ignored', reason: expect.stringContaining('no_customer') });
    // A customer with an account is recorded by their customer id.
    const member = friendOrder('', { customer_id: 42 });
    expect((await postWooCommerce(collector, 'order.created', member, { secret: SECRET })).body.result.outcome).toBe('recorded');
  });

  it('answers a signed payload that is not an order 200 and logs it', async ({ collector }) => {
    const answer = await postWooCommerce(collector, 'order.created', { id: 'x' }, { secret: SECRET });
    expect(answer.status).toBe(200);
    expect(answer.body.result).toMatchObject({ outcome: 'ignored', reason: expect.stringMatching(/^malformed: id/) });
  });
});
