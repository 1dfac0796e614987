import { afterEach, describe, expect, it } from 'vitest';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { FAST_OUTBOX, makeReferral, setStatus, TEST_WEBHOOK_SECRET } from '../support/referrals';
import type { PlatformStandIn, StandInAnswer } from '../support/shop-stand-ins/platform-stand-in';
import { startShopifyStandIn, type ShopifyStandIn } from '../support/shop-stand-ins/shopify-admin-stand-in';
import { startStripeStandIn, type StripeStandIn } from '../support/shop-stand-ins/stripe-api-stand-in';
import { startWooCommerceStandIn, type WooCommerceStandIn } from '../support/shop-stand-ins/woocommerce-rest-stand-in';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

/**
 * Codes created in the shop. Shopify, WooCommerce and Stripe cannot run here: each is stood in
 * for by a local HTTP server (test/support/shop-stand-ins/) that checks every request against
 * the platform's documented shape and answers as the platform documents.
 */

const SHOPIFY_TOKEN = 'shpat_0123456789abcdef0123456789abcdef';
const WOO_KEY = 'ck_0123456789abcdef0123456789abcdef01234567';
const WOO_SECRET = 'cs_0123456789abcdef0123456789abcdef01234567';
const STRIPE_KEY = 'sk_test_51StandIn0123456789';

const ENV = {
  SHOPIFY_WEBHOOK_SECRET: 'shopify-app-client-secret',
  SHOPIFY_ADMIN_TOKEN: SHOPIFY_TOKEN,
  WOO_WEBHOOK_SECRET: 'woo-webhook-secret',
  WOO_CONSUMER_KEY: WOO_KEY,
  WOO_CONSUMER_SECRET: WOO_SECRET,
  STRIPE_WEBHOOK_SECRET: 'whsec_standin',
  STRIPE_API_KEY: STRIPE_KEY,
};

/** The friend's reward with every rule a shop is given. */
const FRIEND_REWARD = {
  amount: 10,
  incentive: 'discount_coupon',
  incentive_description: '$10 off your first order',
  single_use: true,
  expires_in_days: 30,
  minimum_subtotal: 50,
  new_customers_only: true,
};

const DAY_IN_MS = 86_400_000;

/** One platform: its stand-in, its connector configuration, and what the shop holds for a code. */
interface Platform<S extends PlatformStandIn> {
  name: string;
  start(): Promise<S>;
  connectors(standIn: S): Record<string, unknown>;
  /** The rules the shop got for a code, in Vouch's terms; undefined while it has none. */
  inShop(standIn: S, code: string): { amount?: number; percent?: number; usageLimit: number | null; expiresAt: string | null; minimum: number | null } | undefined;
  /** Makes the shop already hold a code (the merchant made it, or an answer was lost). */
  preload(standIn: S, code: string): void;
  /** What the platform (or the proxy in front of it) answers while it is down or limiting. */
  outage(status: number, headers?: Record<string, string>): StandInAnswer;
}

const shopify: Platform<ShopifyStandIn> = {
  name: 'Shopify',
  start: () => startShopifyStandIn({ apiVersion: '2025-10', accessToken: SHOPIFY_TOKEN }),
  connectors: (standIn) => ({
    shopify: { shop_domain: 'fern-and-field.myshopify.com', webhook_secret_env: 'SHOPIFY_WEBHOOK_SECRET', admin_token_env: 'SHOPIFY_ADMIN_TOKEN', admin_url: standIn.url },
  }),
  inShop: (standIn, code) => {
    const discount = standIn.discounts.get(code);
    if (!discount) return undefined;
    const value = discount.customerGets.value;
    return {
      ...(value.percentage !== undefined ? { percent: value.percentage * 100 } : { amount: Number(value.discountAmount.amount) }),
      usageLimit: discount.usageLimit ?? null,
      expiresAt: discount.endsAt ?? null,
      minimum: discount.minimumRequirement ? Number(discount.minimumRequirement.subtotal.greaterThanOrEqualToSubtotal) : null,
    };
  },
  preload: (standIn, code) => standIn.discounts.set(code, { id: 'gid://shopify/DiscountCodeNode/1' }),
  outage: (status, headers) => ({ status, headers, body: { errors: status === 429 ? 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' : 'Service Unavailable' } }),
};

const woocommerce: Platform<WooCommerceStandIn> = {
  name: 'WooCommerce',
  start: () => startWooCommerceStandIn({ consumerKey: WOO_KEY, consumerSecret: WOO_SECRET }),
  connectors: (standIn) => ({
    woocommerce: { store_url: standIn.url, webhook_secret_env: 'WOO_WEBHOOK_SECRET', consumer_key_env: 'WOO_CONSUMER_KEY', consumer_secret_env: 'WOO_CONSUMER_SECRET' },
  }),
  inShop: (standIn, code) => {
    const coupon = standIn.coupons.get(code.toLowerCase());
    if (!coupon) return undefined;
    return {
      ...(coupon.discount_type === 'percent' ? { percent: Number(coupon.amount) } : { amount: Number(coupon.amount) }),
      usageLimit: coupon.usage_limit,
      expiresAt: coupon.date_expires_gmt ? `${coupon.date_expires_gmt}Z` : null,
      minimum: Number(coupon.minimum_amount) || null,
    };
  },
  preload: (standIn, code) => standIn.coupons.set(code.toLowerCase(), { id: 1, code: code.toLowerCase() }),
  // A WordPress host's proxy answers an outage with its own HTML page.
  outage: (status, headers) => ({ status, headers: { 'content-type': 'text/html', ...headers }, body: `<html><body><h1>${status}</h1></body></html>` }),
};

const stripe: Platform<StripeStandIn> = {
  name: 'Stripe',
  start: () => startStripeStandIn({ apiKey: STRIPE_KEY }),
  connectors: (standIn) => ({ stripe: { webhook_secret_env: 'STRIPE_WEBHOOK_SECRET', api_key_env: 'STRIPE_API_KEY', api_url: standIn.url } }),
  inShop: (standIn, code) => {
    const promotion = standIn.promotionCodes.get(code);
    if (!promotion) return undefined;
    const coupon = standIn.coupons.get(promotion['promotion[coupon]']!)!;
    return {
      ...(coupon.percent_off !== undefined ? { percent: Number(coupon.percent_off) } : { amount: Number(coupon.amount_off) / 100 }),
      usageLimit: promotion.max_redemptions ? Number(promotion.max_redemptions) : null,
      expiresAt: promotion.expires_at ? new Date(Number(promotion.expires_at) * 1000).toISOString() : null,
      minimum: promotion['restrictions[minimum_amount]'] ? Number(promotion['restrictions[minimum_amount]']) / 100 : null,
    };
  },
  preload: (standIn, code) => {
    standIn.coupons.set(`vouch-${code}`, { id: `vouch-${code}` });
    standIn.promotionCodes.set(code, { id: 'promo_merchant', code, 'promotion[coupon]': `vouch-${code}` });
  },
  // Stripe's error object (https://docs.stripe.com/api/errors): api_error for its own trouble, rate_limit for 429.
  outage: (status, headers) => ({
    status,
    headers,
    body: { error: status === 429 ? { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests' } : { type: 'api_error', message: 'An unknown error occurred' } },
  }),
};

let collector: TestCollector | undefined;
let standIn: PlatformStandIn | undefined;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await collector?.cleanup();
  await standIn?.close();
  await receiver?.close();
  collector = standIn = receiver = undefined;
});

async function startWith(connectors: Record<string, unknown>, site: Record<string, unknown> = {}) {
  collector = await startCollector({
    showClaimPage: true,
    site: { friend_reward: FRIEND_REWARD, connectors, ...site },
    env: ENV,
    outbox: FAST_OUTBOX,
  });
  return collector;
}

/** An advocate's purchase reported by the merchant's server, and the page a friend sees on the advocate's link. */
async function advocateOffer(running: TestCollector, email = 'ann@example.com') {
  const answer = await running.post('/api/v2/origins', purchase(running, { email, order_number: `ADV-${email}`, subtotal: 40 }));
  expect(answer.status).toBe(201);
  const claimUrl: string = answer.body.result.offer.claim_url;
  const code = (await running.running.services.db.selectFrom('offers').select('friend_coupon_code').where('id', '=', answer.body.result.offer.id).executeTakeFirstOrThrow())
    .friend_coupon_code;
  return { claimUrl, code };
}

async function claimPage(claimUrl: string): Promise<string> {
  const response = await fetch(claimUrl);
  expect(response.status).toBe(200);
  return response.text();
}

/** The shop_coupon outbox messages of the test site. */
async function shopCouponMessages(running: TestCollector) {
  return running.running.services.db.selectFrom('outbox_messages').selectAll().where('kind', '=', 'shop_coupon').execute();
}

describe.each([shopify, woocommerce, stripe] as Platform<PlatformStandIn>[])('codes created in a $name shop', (platform) => {
  it("creates the friend's code in the shop with the reward's rules, and shows it only once the shop has it", async () => {
    standIn = await platform.start();
    // The shop is down for the first attempts: the page must not show a code the checkout would refuse.
    standIn.failNext(2, platform.outage(503));
    const running = await startWith(platform.connectors(standIn));
    const before = Date.now();
    const { claimUrl, code } = await advocateOffer(running);

    const pending = await claimPage(claimUrl);
    expect(pending).toContain('Your code is on its way');
    expect(pending).not.toContain(code);

    await expect.poll(() => platform.inShop(standIn!, code), { timeout: 10_000, interval: 50 }).toBeDefined();
    const rules = platform.inShop(standIn, code)!;
    expect(rules).toMatchObject({ amount: 10, usageLimit: 1, minimum: 50 });
    // Expires 30 days after the code was made.
    const expiresIn = Date.parse(rules.expiresAt!) - before;
    expect(expiresIn).toBeGreaterThan(30 * DAY_IN_MS - 60_000);
    expect(expiresIn).toBeLessThan(30 * DAY_IN_MS + 60_000);

    await expect.poll(async () => (await claimPage(claimUrl)).includes(code), { timeout: 5000, interval: 50 }).toBe(true);
    expect(await claimPage(claimUrl)).not.toContain('on its way');
    expect(standIn.problems).toEqual([]);
  });

  it('keeps asking through a long outage (5xx, then 429 with Retry-After) and creates the code once the shop is back', async () => {
    standIn = await platform.start();
    standIn.failNext(4, platform.outage(503));
    standIn.failNext(1, platform.outage(429, { 'retry-after': '1' }));
    const running = await startWith(platform.connectors(standIn));
    const { claimUrl, code } = await advocateOffer(running);

    await expect.poll(() => platform.inShop(standIn!, code), { timeout: 15_000, interval: 50 }).toBeDefined();
    await expect.poll(async () => (await claimPage(claimUrl)).includes(code), { timeout: 5000, interval: 50 }).toBe(true);
    const [message] = await shopCouponMessages(running);
    const attempts = await running.running.services.db.selectFrom('outbox_attempts').selectAll().where('message_id', '=', message!.id).orderBy('attempt_number').execute();
    expect(attempts.map((attempt) => attempt.response_status).slice(0, 5)).toEqual([503, 503, 503, 503, 429]);
    // The attempt after the 429 waited for its Retry-After (1 s), longer than the backoff asked for.
    const after429 = Date.parse(attempts[5]!.started_at) - Date.parse(attempts[4]!.started_at);
    expect(after429).toBeGreaterThanOrEqual(950);
    expect(message!.status).toBe('delivered');
    expect(standIn.problems).toEqual([]);
  });

  it('takes "this code already exists" as created: the code is shown', async () => {
    standIn = await platform.start();
    const running = await startWith(platform.connectors(standIn));
    // Hold the first attempt back so the shop can be given the code first, as after a lost answer.
    standIn.failNext(1, platform.outage(503));
    const { claimUrl, code } = await advocateOffer(running);
    platform.preload(standIn, code);

    await expect.poll(async () => (await claimPage(claimUrl)).includes(code), { timeout: 10_000, interval: 50 }).toBe(true);
    const [message] = await shopCouponMessages(running);
    expect(message!.status).toBe('delivered');
    const coupon = await running.running.services.db.selectFrom('shop_coupons').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
    expect(coupon.status).toBe('ready');
    expect(standIn.problems).toEqual([]);
  });
});

describe('codes created in the shop, whatever the platform', () => {
  it("creates the advocate's reward code at approval and sends the Reward web hook again once the shop has it", async () => {
    standIn = await shopify.start();
    receiver = await startWebhookReceiver();
    standIn.failNext(3, shopify.outage(503));
    const running = await startWith(shopify.connectors(standIn as ShopifyStandIn), {
      advocate_reward: { amount: 15, incentive: 'discount_coupon', incentive_description: '$15 off your next order' },
      webhooks: [{ url: receiver.url, secret: TEST_WEBHOOK_SECRET, events: ['reward'] }],
      show_claim_page: false,
      allow_private_webhook_hosts: true,
      approval: { mode: 'manual' },
    });
    const { originSlug } = await makeReferral(running);
    expect((await setStatus(running, originSlug, 'approved')).status).toBe(200);

    await expect.poll(async () => (await shopCouponMessages(running)).filter((message) => JSON.parse(message.payload).side === 'advocate').length, { timeout: 5000 }).toBe(1);
    const advocateMessage = (await shopCouponMessages(running)).find((message) => JSON.parse(message.payload).side === 'advocate')!;
    const code: string = JSON.parse(advocateMessage.payload).code;
    await expect.poll(() => (standIn as ShopifyStandIn).discounts.get(code)?.customerGets.value.discountAmount.amount, { timeout: 10_000, interval: 50 }).toBe('15');
    // The first Reward web hook went out without the code; the one after the shop made it carries it.
    await expect
      .poll(async () => receiver!.received.map((hook) => hook.body).some((body) => body.includes(code)), { timeout: 10_000, interval: 50 })
      .toBe(true);
    const bodies = receiver.received.map((hook) => hook.body);
    expect(bodies.findIndex((body) => body.includes(code))).toBeGreaterThan(0);
    const reward = await running.running.services.db.selectFrom('rewards').selectAll().where('side', '=', 'advocate').executeTakeFirstOrThrow();
    expect(reward).toMatchObject({ coupon_code: code, coupon_problem: null });
    expect(standIn.problems).toEqual([]);
  });

  it('loses no code when the collector restarts during an outage: the request is in the store and goes out after', async () => {
    standIn = await woocommerce.start();
    standIn.failNext(10_000, woocommerce.outage(503));
    const first = await startWith(woocommerce.connectors(standIn as WooCommerceStandIn));
    const { claimUrl, code } = await advocateOffer(first);
    await expect.poll(() => standIn!.requests.length, { timeout: 5000, interval: 20 }).toBeGreaterThanOrEqual(1);
    await first.stop();
    standIn.recover();
    const second = await startCollector({
      reuse: first,
      apiKey: first.apiKey,
      showClaimPage: true,
      site: { friend_reward: FRIEND_REWARD, connectors: woocommerce.connectors(standIn as WooCommerceStandIn) },
      env: ENV,
      outbox: FAST_OUTBOX,
    });
    try {
      await expect.poll(() => woocommerce.inShop(standIn as WooCommerceStandIn, code), { timeout: 10_000, interval: 50 }).toBeDefined();
      const page = new URL(claimUrl);
      await expect.poll(async () => (await claimPage(`${second.url}${page.pathname}`)).includes(code), { timeout: 5000, interval: 50 }).toBe(true);
    } finally {
      await second.stop();
    }
    expect(standIn.problems).toEqual([]);
  });

  it('creates the code of an offer made before the connector was set up when a friend follows its link, instead of leaving it on its way for good', async () => {
    standIn = await shopify.start();
    // The shop first runs without a connector: its offers' friend coupons exist only in Vouch.
    const before = await startCollector({ showClaimPage: true, site: { friend_reward: FRIEND_REWARD }, env: ENV, outbox: FAST_OUTBOX });
    const { claimUrl, code } = await advocateOffer(before);
    expect(await claimPage(claimUrl)).toContain(code);
    await before.stop();
    collector = await startCollector({
      reuse: before,
      apiKey: before.apiKey,
      showClaimPage: true,
      site: { friend_reward: FRIEND_REWARD, connectors: shopify.connectors(standIn as ShopifyStandIn) },
      env: ENV,
      outbox: FAST_OUTBOX,
    });
    const after = `${collector.url}${new URL(claimUrl).pathname}`;
    // The first friend after the set-up is told it is on its way, and the shop is asked for it, once.
    expect(await claimPage(after)).toContain('Your code is on its way');
    await expect.poll(() => shopify.inShop(standIn as ShopifyStandIn, code), { timeout: 10_000, interval: 50 }).toBeDefined();
    await expect.poll(async () => (await claimPage(after)).includes(code), { timeout: 5000, interval: 50 }).toBe(true);
    await claimPage(after);
    expect(await shopCouponMessages(collector)).toHaveLength(1);
    expect(standIn.problems).toEqual([]);
    // The store is the first collector's: it goes with it.
    await collector.stop();
    collector = undefined;
    await before.cleanup();
  });

  it("does not create a code for an order only a browser reported, until the merchant's server confirms it", async () => {
    standIn = await woocommerce.start();
    const running = await startWith(woocommerce.connectors(standIn as WooCommerceStandIn));
    const browser = await running.post('/api/v2/origins', {
      site_slug: running.siteSlug,
      type: 'Purchase',
      data: { email: 'ann@example.com', order_number: 'ADV-1', subtotal: 40 },
    });
    expect(browser.status).toBe(201);
    const claimUrl: string = browser.body.result.offer.claim_url;
    expect(await claimPage(claimUrl)).toContain('Your code is on its way');
    expect(await shopCouponMessages(running)).toHaveLength(0);

    const server = await running.post('/api/v2/origins', purchase(running, { email: 'ann@example.com', order_number: 'ADV-1', subtotal: 40 }));
    expect(server.status).toBeLessThan(300);
    await expect.poll(async () => (await shopCouponMessages(running)).length, { timeout: 5000 }).toBe(1);
    await expect.poll(async () => /class="coupon"/.test(await claimPage(claimUrl)), { timeout: 10_000, interval: 50 }).toBe(true);
    expect(standIn.problems).toEqual([]);
  });

  it('refuses a code for good when the shop refuses the credentials, and lists the failure', async () => {
    standIn = await startShopifyStandIn({ apiVersion: '2025-10', accessToken: 'shpat_the_right_one' });
    const running = await startWith(shopify.connectors(standIn as ShopifyStandIn));
    const { claimUrl, code } = await advocateOffer(running);
    await expect.poll(async () => (await shopCouponMessages(running))[0]?.status, { timeout: 10_000, interval: 50 }).toBe('failed');
    const [message] = await shopCouponMessages(running);
    expect(message!.last_error).toContain('401');
    const page = await claimPage(claimUrl);
    expect(page).toContain('on its way');
    expect(page).not.toContain(code);
    // Listed with the failed web hook deliveries, where the merchant sees why and can redeliver.
    const listed = await running.get(`/api/v2/webhook_deliveries?site_slug=${running.siteSlug}&status=failed`, { authorization: `Bearer ${running.apiKey}` });
    expect(listed.body.result.deliveries).toEqual([
      expect.objectContaining({ event_type: 'shop_coupon.create', status: 'failed', attempts: [expect.objectContaining({ response_status: 401 })] }),
    ]);
    const redelivered = await running.post(`/api/v2/webhook_deliveries/${message!.id}/redeliver`, { site_slug: running.siteSlug }, { authorization: `Bearer ${running.apiKey}` });
    expect(redelivered.status).toBe(202);
    await expect.poll(() => standIn!.requests.length, { timeout: 5000, interval: 50 }).toBe(2);
  });

  it('creates a percent-off code that is not single use as such', async () => {
    for (const platform of [shopify, woocommerce, stripe] as Platform<PlatformStandIn>[]) {
      standIn = await platform.start();
      const running = await startWith(platform.connectors(standIn), {
        friend_reward: { incentive: 'discount_coupon', incentive_description: '15% off your first order', percent_off: 15, single_use: false },
      });
      const { code } = await advocateOffer(running);
      await expect.poll(() => platform.inShop(standIn!, code), { timeout: 10_000, interval: 50 }).toEqual({ percent: 15, usageLimit: null, expiresAt: null, minimum: null });
      expect(standIn.problems).toEqual([]);
      await running.cleanup();
      await standIn.close();
      collector = standIn = undefined;
    }
  });

  it('refuses a site whose connectors both hold admin credentials, naming them', async () => {
    await expect(
      startWith({
        shopify: { shop_domain: 'fern-and-field.myshopify.com', webhook_secret_env: 'SHOPIFY_WEBHOOK_SECRET', admin_token_env: 'SHOPIFY_ADMIN_TOKEN' },
        stripe: { webhook_secret_env: 'STRIPE_WEBHOOK_SECRET', api_key_env: 'STRIPE_API_KEY' },
      }),
    ).rejects.toThrow(/connectors: shopify and stripe both have admin credentials/);
  });

  it('a site without a connector, or one without admin credentials, shows its code at once and asks no shop', async () => {
    standIn = await shopify.start();
    for (const connectors of [{}, { shopify: { shop_domain: 'fern-and-field.myshopify.com', webhook_secret_env: 'SHOPIFY_WEBHOOK_SECRET', admin_url: standIn.url } }]) {
      const running = await startWith(connectors);
      const { claimUrl, code } = await advocateOffer(running);
      const page = await claimPage(claimUrl);
      expect(page).toContain(code);
      expect(page).not.toContain('on its way');
      expect(await shopCouponMessages(running)).toHaveLength(0);
      await running.cleanup();
      collector = undefined;
    }
    expect(standIn.requests).toHaveLength(0);
  });

  it("says the code is on its way in the site's language", async () => {
    standIn = await stripe.start();
    standIn.failNext(100, stripe.outage(503));
    const running = await startWith(stripe.connectors(standIn as StripeStandIn), { locale: 'fr' });
    const { claimUrl } = await advocateOffer(running);
    expect(await claimPage(claimUrl)).toContain('Votre code arrive');
  });
});
