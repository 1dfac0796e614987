import { describe, expect, it as plainIt, vi } from 'vitest';
import { followClaimLink } from '../support/claim-link';
import { startCollector } from '../support/collector';
import { collectorTest } from '../support/collector-fixture';
import { advocateAndClaim, base64Hmac, connectorFixture, platformJson, postShopify, referralOfOrigin, rowCounts, storedOrigin } from '../support/connector-webhooks';

// Shopify cannot run here: its documented orders/paid, orders/cancelled and refunds/create samples
// stand in, signed with the app secret the way Shopify signs (see test/support/connector-webhooks.ts).
const SECRET = 'shpss_test_app_client_secret_0123456789';
process.env.VOUCH_TEST_SHOPIFY_SECRET = SECRET;

/** What the collector logged, to read the lines a merchant would look for. */
const logged: { level: string; message: string; fields: Record<string, unknown> }[] = [];
const logger = {
  info: (message: string, fields: Record<string, unknown> = {}) => void logged.push({ level: 'info', message, fields }),
  warn: (message: string, fields: Record<string, unknown> = {}) => void logged.push({ level: 'warn', message, fields }),
  error: (message: string, fields: Record<string, unknown> = {}) => void logged.push({ level: 'error', message, fields }),
};

const it = collectorTest({
  logger,
  site: {
    approval: { mode: 'manual' },
    connectors: { shopify: { shop_domain: 'fern-and-field.myshopify.com', webhook_secret_env: 'VOUCH_TEST_SHOPIFY_SECRET' } },
  },
});

let orderCount = 0;
/** The documented orders/paid sample as a friend's order: its own id, number and email. */
function friendOrder(email: string, fields: Record<string, unknown> = {}) {
  orderCount += 1;
  const order = connectorFixture('shopify', 'orders-paid');
  return { ...order, id: 820982911946154508n + BigInt(orderCount), order_number: 5000 + orderCount, email, contact_email: email, customer: { ...order.customer, id: 115310627314723954n + BigInt(orderCount), email }, ...fields };
}

type Signal = { signal: string; fired: boolean; value: unknown; words: string };
const firedSignals = (referral: { fraud: { signals: Signal[] } }) => referral.fraud.signals.filter((entry) => entry.fired).map((entry) => entry.signal);
const signal = (referral: { fraud: { signals: Signal[] } }, name: string) => referral.fraud.signals.find((entry) => entry.signal === name);

describe('POST /connect/shopify/<site_slug>', () => {
  it("attributes a friend's paid order to the advocate whose link the friend followed (uuid in the cart attributes)", async ({ collector }) => {
    const { uuid } = await advocateAndClaim(collector, 'sa1@example.com');
    const order = friendOrder('sf1@example.com', { note_attributes: [{ name: 'vouch_uuid', value: uuid }] });
    const answer = await postShopify(collector, 'orders/paid', order, { secret: SECRET });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ok: true, result: { outcome: 'recorded', origin_slug: String(order.order_number) } });
    const referral = await referralOfOrigin(collector, String(order.order_number));
    expect(referral).toMatchObject({ status: 'pending', attributed_by: 'uuid', advocate: { email: 'sa1@example.com' }, friend: { email: 'sf1@example.com', customer_id: String(order.customer.id) } });
    // The platform's signed delivery is the merchant's server speaking: the origin is verified, with the order's figures.
    expect(await storedOrigin(collector, `Purchase:${order.order_number}`)).toMatchObject({ verified: 1, subtotal: 25, visitor_uuid: uuid, ip_address: '203.0.113.24' });
  });

  it("attributes an order whose session landed on the claim redirect's ?vouch_uuid= (landing_site)", async ({ collector }) => {
    const { uuid, landingUrl } = await advocateAndClaim(collector, 'sa2@example.com');
    const order = friendOrder('sf2@example.com', { landing_site: `${landingUrl.pathname}${landingUrl.search}` });
    expect((await postShopify(collector, 'orders/paid', order, { secret: SECRET })).status).toBe(200);
    expect(await referralOfOrigin(collector, String(order.order_number))).toMatchObject({ status: 'pending', attributed_by: 'uuid' });
    expect((await storedOrigin(collector, `Purchase:${order.order_number}`))?.visitor_uuid).toBe(uuid);
  });

  it("voids the friend's referral when Shopify reports the order refunded (refunds/create names the order by id)", async ({ collector }) => {
    const { uuid } = await advocateAndClaim(collector, 'sa3@example.com');
    const order = friendOrder('sf3@example.com', { note_attributes: [{ name: 'vouch_uuid', value: uuid }] });
    await postShopify(collector, 'orders/paid', order, { secret: SECRET });
    const refund = { ...connectorFixture('shopify', 'refunds-create'), order_id: order.id };
    const answer = await postShopify(collector, 'refunds/create', refund, { secret: SECRET });
    expect(answer.body.result).toEqual({ outcome: 'refunded', origin_slug: String(order.order_number) });
    expect(await referralOfOrigin(collector, String(order.order_number))).toMatchObject({ status: 'voided', voided_reason: 'refunded' });
  });

  it("voids the friend's referral when the order is cancelled", async ({ collector }) => {
    const { uuid } = await advocateAndClaim(collector, 'sa4@example.com');
    const order = friendOrder('sf4@example.com', { note_attributes: [{ name: 'vouch_uuid', value: uuid }] });
    await postShopify(collector, 'orders/paid', order, { secret: SECRET });
    const cancelled = { ...connectorFixture('shopify', 'orders-cancelled'), id: order.id, order_number: order.order_number, email: order.email };
    expect((await postShopify(collector, 'orders/cancelled', cancelled, { secret: SECRET })).body.result.outcome).toBe('refunded');
    const referral = await referralOfOrigin(collector, String(order.order_number));
    expect(referral).toMatchObject({ status: 'voided', voided_reason: 'refunded' });
    expect(referral.status_history.at(-1)).toMatchObject({ cause: 'refund:cancellation' });
  });

  it('answers a delivery signed with another secret 401, and writes nothing', async ({ collector }) => {
    const { uuid } = await advocateAndClaim(collector, 'sa5@example.com');
    const order = friendOrder('sf5@example.com', { note_attributes: [{ name: 'vouch_uuid', value: uuid }] });
    const before = await rowCounts(collector);
    const forged = await postShopify(collector, 'orders/paid', order, { secret: 'someone-elses-secret' });
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ ok: false, code: 'unauthorized', errors: [{ field: 'X-Shopify-Hmac-Sha256' }] });
    // The signature covers the exact bytes: the same order re-serialised with a space is not what was signed.
    const body = platformJson(order);
    const tampered = await postShopify(collector, 'orders/paid', order, { secret: SECRET, body: body.replace('"sf5@example.com"', '"sf5@example.com" '), signature: base64Hmac(SECRET, body) });
    expect(tampered.status).toBe(401);
    expect((await postShopify(collector, 'orders/paid', order, { secret: SECRET, signature: '' })).status).toBe(401);
    expect(await rowCounts(collector)).toEqual(before);
    expect(await referralOfOrigin(collector, String(order.order_number))).toBeUndefined();
  });

  it('answers a replayed delivery (same X-Shopify-Webhook-Id) 200 and writes nothing twice', async ({ collector }) => {
    const order = friendOrder('sf6@example.com');
    const webhookId = 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043';
    expect((await postShopify(collector, 'orders/paid', order, { secret: SECRET, webhookId })).body.result.outcome).toBe('recorded');
    const after = await rowCounts(collector);
    const replay = await postShopify(collector, 'orders/paid', order, { secret: SECRET, webhookId });
    expect(replay.status).toBe(200);
    expect(replay.body.result).toEqual({ outcome: 'replayed' });
    // Shopify may also send the same order again under a new id: the order number makes it the same origin.
    expect((await postShopify(collector, 'orders/paid', order, { secret: SECRET })).status).toBe(200);
    const again = await rowCounts(collector);
    expect({ ...again, connector_deliveries: after.connector_deliveries }).toEqual(after);
  });

  it('answers a topic Vouch does not use 200, ignored, and writes no origin', async ({ collector }) => {
    const before = await rowCounts(collector);
    const answer = await postShopify(collector, 'products/update', { id: 632910392, title: 'IPod Nano - 8GB' }, { secret: SECRET, webhookId: 'products-update-1' });
    expect(answer.status).toBe(200);
    expect(answer.body.result).toMatchObject({ outcome: 'ignored', reason: expect.stringContaining('topic_unused') });
    expect((await rowCounts(collector)).origins).toBe(before.origins);
    expect(logged).toContainEqual({
      level: 'warn',
      message: 'connector delivery ignored',
      fields: expect.objectContaining({ site: collector.siteSlug, platform: 'shopify', topic: 'products/update', delivery_id: 'products-update-1' }),
    });
  });

  it("flags a friend whose order ships to the advocate's address (the orders' shipping_address), and not one shipping next door", async ({ collector }) => {
    const { uuid, offer } = await advocateAndClaim(collector, 'sa8@example.com');
    // The advocate's own order, reported by the shop, ships to the documented sample's shipping_address.
    // Each from a network of its own (public addresses on distinct /24s), so only the address is shared.
    const own = friendOrder('sa8@example.com', { browser_ip: '81.2.69.10' });
    expect((await postShopify(collector, 'orders/paid', own, { secret: SECRET })).body.result.outcome).toBe('recorded');
    // The friend's ships there too, typed in another case, under another name.
    const sameAddress = { ...own.shipping_address, first_name: 'Stella', name: 'Stella Shipper', address1: '123 SHIPPING STREET', city: 'shippington' };
    const friend = friendOrder('sf8@example.com', { browser_ip: '151.101.1.9', note_attributes: [{ name: 'vouch_uuid', value: uuid }], shipping_address: sameAddress });
    expect((await postShopify(collector, 'orders/paid', friend, { secret: SECRET })).body.result.outcome).toBe('recorded');
    const flagged = await referralOfOrigin(collector, String(friend.order_number));
    expect(flagged.status).toBe('flagged');
    expect(firedSignals(flagged)).toEqual(['same_shipping_address']);
    expect(signal(flagged, 'same_shipping_address')?.words).toBe("the friend's order ships to an address the advocate's order shipped to (one household, or the advocate)");
    // Kept only as keyed hashes: no part of the address is in the origin's row.
    expect(JSON.stringify(await storedOrigin(collector, `Purchase:${friend.order_number}`))).not.toMatch(/shipping street|shippington|K2P0S0/i);

    const neighbour = await followClaimLink(offer.claim_url);
    const nextDoor = friendOrder('sf8b@example.com', { browser_ip: '104.16.2.9', note_attributes: [{ name: 'vouch_uuid', value: neighbour.uuid }], shipping_address: { ...own.shipping_address, address1: '125 Shipping Street' } });
    await postShopify(collector, 'orders/paid', nextDoor, { secret: SECRET });
    const quiet = await referralOfOrigin(collector, String(nextDoor.order_number));
    expect(quiet.status).toBe('pending');
    expect(signal(quiet, 'same_shipping_address')).toMatchObject({ fired: false, value: { compared: true }, words: "the friend's order ships to another address than the advocate's" });
  });

  it('records an order with nothing to ship (shipping_address null), or one whose address it cannot read, with no address kept', async ({ collector }) => {
    for (const shipping_address of [null, undefined, 'Steve, 123 Shipping Street']) {
      const order = friendOrder(`sf11-${String(shipping_address).length}@example.com`, { shipping_address });
      expect((await postShopify(collector, 'orders/paid', order, { secret: SECRET })).body.result.outcome).toBe('recorded');
      expect(await storedOrigin(collector, `Purchase:${order.order_number}`)).toMatchObject({ verified: 1, shipping_address_hash: null, shipping_zip_hash: null });
    }
  });

  it('records an order without an email by its customer id, and ignores one with neither', async ({ collector }) => {
    const byCustomer = friendOrder('unused@example.com', { email: null, contact_email: null });
    byCustomer.customer = { ...byCustomer.customer, email: null };
    expect((await postShopify(collector, 'orders/paid', byCustomer, { secret: SECRET })).body.result.outcome).toBe('recorded');
    const nobody = friendOrder('unused2@example.com', { email: null, contact_email: null, customer: null });
    const before = await rowCounts(collector);
    const answer = await postShopify(collector, 'orders/paid', nobody, { secret: SECRET });
    expect(answer.status).toBe(200);
    expect(answer.body.result).toMatchObject({ outcome: 'ignored', reason: expect.stringContaining('no_customer') });
    // Only the delivery's id is remembered.
    expect(await rowCounts(collector)).toEqual({ ...before, connector_deliveries: before.connector_deliveries + 1 });
  });

  it('answers a signed payload that is not an order 200 and logs it, rather than have Shopify retry it', async ({ collector }) => {
    const answer = await postShopify(collector, 'orders/paid', { id: 1, order_number: 'not-a-number' }, { secret: SECRET });
    expect(answer.status).toBe(200);
    expect(answer.body.result).toMatchObject({ outcome: 'ignored', reason: expect.stringMatching(/^malformed: order_number/) });
    const notJson = await postShopify(collector, 'orders/paid', undefined, { secret: SECRET, body: '<xml/>' });
    expect(notJson.body.result).toMatchObject({ outcome: 'ignored', reason: expect.stringMatching(/^malformed/) });
    // The log names the field, for the merchant who looks for why an order is missing; never the customer's email.
    const lines = logged.filter((line) => line.message === 'connector delivery ignored' && String(line.fields.reason).startsWith('malformed: order_number'));
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(logged)).not.toContain('@example.com');
  });

  it('answers 404 for a site without a Shopify connector', async ({ collector }) => {
    const answer = await collector.post('/connect/shopify/no-such-shop', {});
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ ok: false, code: 'not_found', errors: [{ field: 'site_slug' }] });
    expect((await collector.post(`/connect/woocommerce/${collector.siteSlug}`, {})).body.errors).toEqual([{ field: 'connectors.woocommerce', message: expect.any(String) }]);
    expect((await collector.post(`/connect/magento/${collector.siteSlug}`, {})).body).toMatchObject({ code: 'not_found', errors: [{ field: 'platform' }] });
  });

  it('refuses a body over 1 MB with 413 before reading it, and writes nothing', async ({ collector }) => {
    const before = await rowCounts(collector);
    const huge = friendOrder('sf9@example.com', { note: 'x'.repeat(1024 * 1024) });
    const answer = await postShopify(collector, 'orders/paid', huge, { secret: SECRET });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ ok: false, code: 'body_too_large' });
    expect(await rowCounts(collector)).toEqual(before);
  });
});

describe('remembered delivery ids', () => {
  plainIt("are forgotten with the event log's retention, and a delivery that came back after that is still the same order", async () => {
    let retentionNow = new Date();
    const collector = await startCollector({
      site: { connectors: { shopify: { shop_domain: 'fern-and-field.myshopify.com', webhook_secret_env: 'VOUCH_TEST_SHOPIFY_SECRET' } } },
      eventRetention: { days: 30, intervalInMs: 25, now: () => retentionNow },
    });
    try {
      const order = friendOrder('sf10@example.com');
      await postShopify(collector, 'orders/paid', order, { secret: SECRET, webhookId: 'kept-then-forgotten' });
      const after = await rowCounts(collector);
      expect(after.connector_deliveries).toBe(1);
      retentionNow = new Date(Date.now() + 31 * 24 * 3600_000);
      await vi.waitFor(async () => expect((await rowCounts(collector)).connector_deliveries).toBe(0), { timeout: 10_000, interval: 25 });
      retentionNow = new Date();
      expect((await postShopify(collector, 'orders/paid', order, { secret: SECRET, webhookId: 'kept-then-forgotten' })).body.result.outcome).toBe('recorded');
      expect(await rowCounts(collector)).toEqual(after);
    } finally {
      await collector.cleanup();
    }
  });
});
