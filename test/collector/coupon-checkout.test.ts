import { describe, expect } from 'vitest';
import { parseSiteConfig } from '../../collector/config/load-site-config';
import { collectorTest } from '../support/collector-fixture';
import { followClaimLink } from '../support/claim-link';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { consoleBrowser } from '../support/console-client';
import { ManualClock } from '../support/manual-clock';
import { setStatus } from '../support/referrals';

// The checkout is the merchant's server: it asks with the secret key before it applies a code.
// The clock is moved by hand to let codes expire.
const clock = new ManualClock(new Date());
const DAY_IN_MS = 86_400_000;

const it = collectorTest({
  clock: clock.now,
  // Shopify's way of applying a code on arrival: the claim sends the friend through /discount/CODE,
  // which redirects to the page in `redirect`; the uuid goes inside it, or the redirect would drop it.
  destinationUrl: 'https://shop.example/discount/{{coupon_code}}?redirect=%2Fcart%3Fvouch_uuid%3D{{visitor_uuid}}',
  site: {
    approval: { mode: 'manual' },
    friend_reward: {
      amount: 10,
      incentive: 'discount_coupon',
      incentive_description: '$10 off your first order of $50',
      expires_in_days: 30,
      minimum_subtotal: 50,
      new_customers_only: true,
    },
    advocate_reward: { amount: 5, incentive: 'discount_coupon', incentive_description: '$5 off', single_use: false },
  },
});

const auth = (collector: TestCollector) => ({ authorization: `Bearer ${collector.apiKey}` });

function lookUp(collector: TestCollector, code: string) {
  return collector.get(`/api/v2/coupons/${encodeURIComponent(code)}?site_slug=${collector.siteSlug}`, auth(collector));
}

function permission(collector: TestCollector, code: string, email: string, subtotal?: number | string) {
  const query = subtotal === undefined ? '' : `&subtotal=${encodeURIComponent(String(subtotal))}`;
  return collector.get(`/api/v2/coupons/${encodeURIComponent(code)}/permission/${encodeURIComponent(email)}?site_slug=${collector.siteSlug}${query}`, auth(collector));
}

/** An advocate's purchase reported by the shop's server, and the friend coupon their link hands out (read off the claim's redirect). */
async function advocateWithCoupon(collector: TestCollector, email: string) {
  const advocate = await collector.post('/api/v2/origins', purchase(collector, { email, order_number: `ADV-${email}`, subtotal: 80, first_name: 'Ann' }));
  expect(advocate.status).toBe(201);
  const visit = await followClaimLink(advocate.body.result.offer.claim_url);
  const code = decodeURIComponent(visit.landingUrl.pathname.replace('/discount/', ''));
  return { code, visit, offer: advocate.body.result.offer };
}

describe('the claim link applies the coupon on arrival ({{coupon_code}} in destination_url)', () => {
  it('puts the friend coupon into the path, and the visitor uuid into the page the shop redirects to', async ({ collector }) => {
    const { code, visit } = await advocateWithCoupon(collector, 'dest-ann@example.com');
    expect(code).toMatch(/^FRIEND-[A-Z0-9]{8}$/);
    expect(visit.landingUrl.origin + visit.landingUrl.pathname).toBe(`https://shop.example/discount/${code}`);
    // No second vouch_uuid on the /discount URL itself: the template placed it.
    expect([...visit.landingUrl.searchParams.keys()]).toEqual(['redirect']);
    const redirect = new URL(visit.landingUrl.searchParams.get('redirect')!, 'https://shop.example');
    expect(redirect.pathname).toBe('/cart');
    expect(redirect.searchParams.get('vouch_uuid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('shows the friend the day their code ends on the claim page', async () => {
    const shown = await startCollector({ showClaimPage: true, site: { friend_reward: { amount: 10, incentive: 'discount_coupon', incentive_description: '$10 off', expires_in_days: 30 } } });
    try {
      const advocate = await shown.post('/api/v2/origins', purchase(shown, { email: 'page-ann@example.com', order_number: 'PAGE-1', subtotal: 80 }));
      const page = await (await fetch(advocate.body.result.offer.claim_url)).text();
      const day = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.now() + 30 * DAY_IN_MS));
      expect(page).toContain(`Use it by ${day}.`);
    } finally {
      await shown.cleanup();
    }
  });
});

describe('GET /api/v2/coupons/:code', () => {
  it("answers Talkable's coupon and the reward it came with, expiry fixed at issue", async ({ collector }) => {
    const { code } = await advocateWithCoupon(collector, 'look-ann@example.com');
    const answer = await lookUp(collector, code.toLowerCase());
    expect(answer.status).toBe(200);
    const expiresAt = new Date(clock.now().getTime() + 30 * DAY_IN_MS).toISOString();
    expect(answer.body).toMatchObject({
      ok: true,
      result: {
        talkable_coupon: true,
        coupon: { code, single_use: true, used: false, expires_at: expiresAt, amount: 10, percentage_discount: false, kind: 'friend', minimum_subtotal: 50, new_customers_only: true },
        associated_reward: {
          person: { email: 'look-ann@example.com', first_name: 'Ann', referral_counts: { total: 0, approved: 0, pending: 0 } },
          campaign: { slug: collector.siteSlug, is_active: true },
          incentive: { amount: 10, incentive_type: 'discount_coupon', for_friend: true, for_advocate: false, coupon_expires_at: expiresAt, criteria_config: { new_customer: true } },
        },
      },
    });
    expect(typeof answer.body.result.coupon.id).toBe('string');
  });

  it("answers talkable_coupon false for a code Vouch did not give (the shop's own), as Talkable does", async ({ collector }) => {
    expect((await lookUp(collector, 'SUMMER10')).body).toEqual({ ok: true, result: { talkable_coupon: false } });
    expect((await permission(collector, 'SUMMER10', 'anyone@example.com')).body).toEqual({ ok: true, result: { allowed: true, talkable_coupon: false } });
  });

  it('refuses a call without the secret key, and bad input naming the field', async ({ collector }) => {
    expect((await collector.get(`/api/v2/coupons/SUMMER10?site_slug=${collector.siteSlug}`)).status).toBe(401);
    const tooLong = await lookUp(collector, 'X'.repeat(101));
    expect(tooLong.status).toBe(422);
    expect(tooLong.body).toMatchObject({ ok: false, code: 'invalid_field', errors: [{ field: 'code' }] });
    const badEmail = await permission(collector, 'SUMMER10', 'not-an-address');
    expect(badEmail.status).toBe(422);
    expect(badEmail.body).toMatchObject({ ok: false, code: 'invalid_field', errors: [{ field: 'email' }] });
    const badSubtotal = await permission(collector, 'SUMMER10', 'a@example.com', 'lots');
    expect(badSubtotal.status).toBe(422);
    expect(badSubtotal.body).toMatchObject({ ok: false, code: 'invalid_field', errors: [{ field: 'subtotal' }] });
    const negative = await permission(collector, 'SUMMER10', 'a@example.com', -5);
    expect(negative.status).toBe(422);
    expect(negative.body.errors[0].field).toBe('subtotal');
  });
});

describe('GET /api/v2/coupons/:code/permission/:email', () => {
  it('allows a friend on an order over the minimum, and says why not under it', async ({ collector }) => {
    const { code } = await advocateWithCoupon(collector, 'perm-ann@example.com');
    const allowed = await permission(collector, code, 'perm-bob@example.com', 60);
    expect(allowed.status).toBe(200);
    expect(allowed.body.result).toMatchObject({
      allowed: true,
      reason: null,
      error_message: null,
      talkable_coupon: true,
      checks: { coupon_unissued: false, coupon_expired: false, friend_offer_expired: false, different_owner: false, coupon_used: false, own_friend_coupon: false, not_new_customer: false, below_minimum_subtotal: false },
      coupon: { code },
    });
    const under = await permission(collector, code, 'perm-bob@example.com', 49.99);
    expect(under.body.result).toMatchObject({ allowed: false, reason: 'below_minimum_subtotal', checks: { below_minimum_subtotal: true } });
    expect(under.body.result.error_message).toMatch(/minimum subtotal/);
    // Without the subtotal the minimum is not checked: the answer says so with null.
    const unchecked = await permission(collector, code, 'perm-bob@example.com');
    expect(unchecked.body.result).toMatchObject({ allowed: true, checks: { below_minimum_subtotal: null } });
  });

  it("refuses the advocate their own friend coupon, also under an alias of their mailbox", async ({ collector }) => {
    const { code } = await advocateWithCoupon(collector, 'own-ann@example.com');
    for (const email of ['own-ann@example.com', 'Own-Ann+deal@example.com']) {
      const refused = await permission(collector, code, email, 60);
      expect(refused.body.result).toMatchObject({ allowed: false, reason: 'own_friend_coupon', checks: { own_friend_coupon: true } });
    }
  });

  it('refuses a customer who bought before when the code is for new customers only', async ({ collector }) => {
    const { code } = await advocateWithCoupon(collector, 'new-ann@example.com');
    await collector.post('/api/v2/origins', purchase(collector, { email: 'old-carl@example.com', order_number: 'OLD-CARL-1', subtotal: 30 }));
    const refused = await permission(collector, code, 'old-carl@example.com', 60);
    expect(refused.body.result).toMatchObject({ allowed: false, reason: 'not_new_customer', checks: { not_new_customer: true } });
    // A browser's report of a purchase does not make someone "not new": anyone could post one in their name.
    const framed = await collector.post('/api/v2/origins', { site_slug: collector.siteSlug, type: 'Purchase', data: { email: 'framed-dora@example.com', order_number: 'FAKE-DORA-1', subtotal: 30 } }, { origin: 'https://shop.example' });
    expect(framed.status).toBe(201);
    expect((await permission(collector, code, 'framed-dora@example.com', 60)).body.result).toMatchObject({ allowed: true });
  });

  it('marks a single-use friend coupon used by the purchase that carries it; a second purchase records but closes no second referral', async ({ collector }) => {
    const { code } = await advocateWithCoupon(collector, 'used-ann@example.com');
    const first = await collector.post('/api/v2/origins', purchase(collector, { email: 'used-bob@example.com', order_number: 'USED-1', subtotal: 60, coupon_code: code }));
    expect(first.status).toBe(201);
    expect(first.body.result.referral).toMatchObject({ status: 'pending' });
    expect((await lookUp(collector, code)).body.result.coupon).toMatchObject({ used: true });
    const refused = await permission(collector, code, 'used-eve@example.com', 60);
    expect(refused.body.result).toMatchObject({ allowed: false, reason: 'coupon_used', checks: { coupon_used: true } });
    expect(refused.body.result.error_message).toMatch(/already been used/);

    // The shop let it through anyway: the order is recorded, but the used code refers nobody a second time.
    const second = await collector.post('/api/v2/origins', purchase(collector, { email: 'used-eve@example.com', order_number: 'USED-2', subtotal: 60, coupon_code: code }));
    expect(second.status).toBe(201);
    expect(second.body.result.origin).toMatchObject({ order_number: 'USED-2', coupon_code: code });
    expect(second.body.result.referral ?? null).toBeNull();
  });

  it("does not let a browser's report use a code up", async ({ collector }) => {
    const { code } = await advocateWithCoupon(collector, 'browser-ann@example.com');
    const claimed = await collector.post('/api/v2/origins', { site_slug: collector.siteSlug, type: 'Purchase', data: { email: 'browser-bob@example.com', order_number: 'BROWSER-1', subtotal: 60, coupon_code: code } }, { origin: 'https://shop.example' });
    expect(claimed.status).toBe(201);
    expect((await lookUp(collector, code)).body.result.coupon).toMatchObject({ used: false });
    expect((await permission(collector, code, 'browser-eve@example.com', 60)).body.result).toMatchObject({ allowed: true });

    // The shop's server then reports the same order: now it is the merchant's word, and the code is used.
    const confirmed = await collector.post('/api/v2/origins', purchase(collector, { email: 'browser-bob@example.com', order_number: 'BROWSER-1', subtotal: 60, coupon_code: code }));
    expect(confirmed.body.result.origin).toMatchObject({ verified: true });
    expect((await lookUp(collector, code)).body.result.coupon).toMatchObject({ used: true });
    expect((await permission(collector, code, 'browser-eve@example.com', 60)).body.result).toMatchObject({ allowed: false, reason: 'coupon_used' });
  });

  it('refuses an expired code once its days have passed', async ({ collector }) => {
    const { code } = await advocateWithCoupon(collector, 'exp-ann@example.com');
    clock.advance(29 * DAY_IN_MS);
    expect((await permission(collector, code, 'exp-bob@example.com', 60)).body.result).toMatchObject({ allowed: true });
    clock.advance(1 * DAY_IN_MS);
    const expired = await permission(collector, code, 'exp-bob@example.com', 60);
    expect(expired.body.result).toMatchObject({ allowed: false, reason: 'coupon_expired', checks: { coupon_expired: true } });
    expect(expired.body.result.error_message).toMatch(/expired/);
  });

  it("checks an advocate's reward code against its owner; a multi-use one stays usable after a purchase", async ({ collector }) => {
    const { code } = await advocateWithCoupon(collector, 'rew-ann@example.com');
    await collector.post('/api/v2/origins', purchase(collector, { email: 'rew-bob@example.com', order_number: 'REW-1', subtotal: 60, coupon_code: code }));
    expect((await setStatus(collector, 'REW-1', 'approved')).status).toBe(200);
    const referrals = await collector.get(`/api/v2/referrals?site_slug=${collector.siteSlug}&limit=100`, auth(collector));
    const referral = referrals.body.result.referrals.find((candidate: any) => candidate.friend?.email === 'rew-bob@example.com' || candidate.rewards?.some((reward: any) => reward.side === 'friend' && reward.coupon_code === code));
    const rewardCode = referral.rewards.find((reward: any) => reward.side === 'advocate').coupon_code;
    expect(rewardCode).toMatch(/^REWARD-/);
    // The friend's reward is the friend coupon itself, so it ends when that code does; the advocate's has no expiry.
    const friendCoupon = (await lookUp(collector, code)).body.result.coupon;
    expect(referral.rewards.find((reward: any) => reward.side === 'friend')).toMatchObject({ coupon_code: code, coupon_expires_at: friendCoupon.expires_at });
    expect(referral.rewards.find((reward: any) => reward.side === 'advocate')).toMatchObject({ coupon_expires_at: null });

    const looked = await lookUp(collector, rewardCode);
    expect(looked.body.result).toMatchObject({ talkable_coupon: true, coupon: { kind: 'advocate', single_use: false, amount: 5, expires_at: null }, associated_reward: { person: { email: 'rew-ann@example.com' }, incentive: { for_advocate: true } } });
    expect((await permission(collector, rewardCode, 'rew-ann@example.com')).body.result).toMatchObject({ allowed: true });
    expect((await permission(collector, rewardCode, 'rew-bob@example.com')).body.result).toMatchObject({ allowed: false, reason: 'different_owner', error_message: 'This coupon code has been issued to another email address' });

    await collector.post('/api/v2/origins', purchase(collector, { email: 'rew-ann@example.com', order_number: 'REW-ANN-2', subtotal: 20, coupon_code: rewardCode }));
    expect((await lookUp(collector, rewardCode)).body.result.coupon).toMatchObject({ used: true });
    expect((await permission(collector, rewardCode, 'rew-ann@example.com')).body.result).toMatchObject({ allowed: true, checks: { coupon_used: false } });
  });

  it('refuses a pool code nobody was given yet', async ({ collector }) => {
    const added = await collector.post('/api/v2/coupons', { site_slug: collector.siteSlug, api_key: collector.apiKey, data: { kind: 'friend', codes: ['POOLED-ONE'] } });
    expect(added.status).toBe(201);
    const refused = await permission(collector, 'pooled-one', 'someone@example.com', 60);
    expect(refused.body.result).toMatchObject({ allowed: false, reason: 'coupon_unissued', talkable_coupon: true, associated_reward: null, coupon: { kind: 'pool', code: 'POOLED-ONE' } });
  });
});

describe('the console Coupons page', () => {
  it('shows when a handed-out pool code ends', async () => {
    const owner = { email: 'owner@shop.example', password: 'correct horse battery' };
    const pooled = await startCollector({
      admin: owner,
      site: { friend_reward: { amount: 10, incentive: 'discount_coupon', incentive_description: '$10 off', coupon_source: 'pool', expires_in_days: 7 }, coupon_codes: { friend: ['POOL-END-1', 'POOL-END-2'] } },
    });
    try {
      await pooled.post('/api/v2/origins', purchase(pooled, { email: 'pool-ann@example.com', order_number: 'POOL-1', subtotal: 80 }));
      const browser = consoleBrowser(pooled);
      expect((await browser.signIn(owner.email, owner.password)).status).toBe(200);
      const used = await browser.call('GET', '/console/api/sites/test-shop/coupons?kind=friend&used=true');
      expect(used.body.result.codes).toEqual([{ id: expect.any(String), code: 'POOL-END-1', used_at: expect.any(String), created_at: expect.any(String), expires_at: expect.any(String) }]);
      const [code] = used.body.result.codes;
      expect(new Date(code.expires_at).getTime() - new Date(code.used_at).getTime()).toBeCloseTo(7 * DAY_IN_MS, -4);
      const unused = await browser.call('GET', '/console/api/sites/test-shop/coupons?kind=friend&used=false');
      expect(unused.body.result.codes).toMatchObject([{ code: 'POOL-END-2', expires_at: null }]);
    } finally {
      await pooled.cleanup();
    }
  });
});

describe('coupon rules in the reward configuration', () => {
  const site = { site_slug: 'rules', api_key: 'sk_live_0123456789abcdef', allowed_hosts: ['shop.example'], destination_url: 'https://shop.example/' };
  const withFriendReward = (reward: Record<string, unknown>) => ({ sites: [{ ...site, friend_reward: { incentive: 'discount_coupon', incentive_description: 'a deal', ...reward } }] });

  it("takes a friend's percent-off code with its rules", () => {
    const { file } = parseSiteConfig(withFriendReward({ percent_off: 15, single_use: false, expires_in_days: 14, minimum_subtotal: 30, new_customers_only: true }), {});
    expect(file.sites[0]!.friend_reward).toMatchObject({ percent_off: 15, single_use: false, expires_in_days: 14 });
  });

  const refused: [string, Record<string, unknown>, RegExp][] = [
    ['percent_off', { percent_off: 15, amount: 10 }, /percent_off: must not be set with amount/],
    ['expires_in_days', { incentive: 'rebate', amount: 5, expires_in_days: 7 }, /expires_in_days: needs incentive "discount_coupon"/],
    ['minimum_subtotal', { incentive: 'other', minimum_subtotal: 20 }, /minimum_subtotal: needs incentive "discount_coupon"/],
    ['expires_in_days', { amount: 5, expires_in_days: 0.5 }, /expires_in_days: must be a whole number/],
    ['percent_off', { percent_off: 120 }, /percent_off: must be 100 or less/],
  ];
  for (const [field, reward, message] of refused) {
    it(`refuses a bad ${field}, naming it (${JSON.stringify(reward)})`, () => {
      expect(() => parseSiteConfig(withFriendReward(reward), {})).toThrow(message);
    });
  }
});
