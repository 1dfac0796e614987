import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseSiteConfig } from '../../collector/config/load-site-config';
import { followClaimLink } from '../support/claim-link';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { FAST_OUTBOX, makeReferral, setStatus, webhookSite } from '../support/referrals';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

let collector: TestCollector;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await collector.cleanup();
  await receiver?.close();
  receiver = undefined;
});

const coupon = (source: 'pool' | 'generated') => ({ amount: 5, incentive: 'discount_coupon', incentive_description: '$5 off', coupon_source: source });

function addCodes(kind: string, codes: unknown) {
  return collector.post('/api/v2/coupons', { site_slug: collector.siteSlug, api_key: collector.apiKey, data: { kind, codes } });
}

async function rewardsOf(referralId: string) {
  return collector.running.services.db.selectFrom('rewards').selectAll().where('referral_id', '=', referralId).orderBy('side').execute();
}

describe('rewards on approval', () => {
  it('gives the advocate a generated unique coupon, and the friend the coupon the claim page showed', async () => {
    collector = await startCollector({ site: { approval: { mode: 'manual' }, advocate_reward: coupon('generated') } });
    const { originSlug, referral, advocateOffer } = await makeReferral(collector);
    await setStatus(collector, originSlug, 'approved');
    const [advocate, friend] = await rewardsOf(referral.id);
    expect(advocate).toMatchObject({ side: 'advocate', amount: 5, coupon_code: expect.stringMatching(/^REWARD-[A-Z2-9]{8}$/), coupon_problem: null });
    const offer = await collector.running.services.db.selectFrom('offers').select('friend_coupon_code').where('short_url_code', '=', advocateOffer.short_url_code).executeTakeFirstOrThrow();
    expect(friend).toMatchObject({ side: 'friend', coupon_code: offer.friend_coupon_code });
  });

  it('takes advocate coupons from the pool loaded through the API, in order, and reports an empty pool without failing the approval', async () => {
    receiver = await startWebhookReceiver();
    collector = await startCollector({ site: webhookSite(receiver.url, { advocate_reward: coupon('pool') }), outbox: FAST_OUTBOX });
    const loaded = await addCodes('advocate', ['spring-001', 'SPRING-002', 'spring-001']);
    expect(loaded.status).toBe(201);
    expect(loaded.body.result).toEqual({ added: 2, skipped: 1, available: { advocate: 2, friend: 0 } });

    const codes: (string | null)[] = [];
    for (const n of [1, 2, 3]) {
      const { originSlug, referral } = await makeReferral(collector, { advocate: `a${n}@example.com`, friend: `f${n}@example.com`, order: `F-${n}` });
      expect((await setStatus(collector, originSlug, 'approved')).status).toBe(200);
      codes.push((await rewardsOf(referral.id))[0]!.coupon_code);
    }
    expect(codes).toEqual(['SPRING-001', 'SPRING-002', null]);
    const pool = await collector.get(`/api/v2/coupons?site_slug=${collector.siteSlug}`, { authorization: `Bearer ${collector.apiKey}` });
    expect(pool.body.result.available).toEqual({ advocate: 0, friend: 0 });

    const delivered = await receiver.waitForDelivered(3);
    const third = delivered.map((request) => JSON.parse(request.body)).find((payload) => payload.referred_origin.order_number === 'F-3');
    expect(third.advocate_rewards[0]).toMatchObject({ incentive: 'discount_coupon', reward_coupon_code: null });
    const listed = await collector.get(`/api/v2/referrals?site_slug=${collector.siteSlug}&limit=1`, { authorization: `Bearer ${collector.apiKey}` });
    expect(listed.body.result.referrals[0].rewards.find((reward: any) => reward.side === 'advocate').coupon_problem).toBe('coupon_pool_empty');
  });

  it('shows the friend a coupon from the friend pool on the claim page, and credits the friend who types it', async () => {
    collector = await startCollector({ showClaimPage: true, site: { friend_reward: coupon('pool'), coupon_codes: { friend: ['welcome-aaa'] } } });
    const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    const html = await (await fetch(advocate.body.result.offer.claim_url)).text();
    expect(html).toMatch(/class="coupon"[^>]*>WELCOME-AAA</);
    const friend = await collector.post('/api/v2/origins', purchase(collector, { email: 'bob@example.com', order_number: 'B-1', subtotal: 9, coupon_code: 'welcome-aaa' }));
    expect(friend.body.result.referral).toMatchObject({ attributed_by: 'coupon', status: 'pending' });
  });

  it('withholds the advocate reward past rewarded_referrals_per_advocate, still rewarding the friend', async () => {
    collector = await startCollector({ site: { approval: { mode: 'manual' }, limits: { rewarded_referrals_per_advocate: 1 } } });
    const results = [];
    for (const n of [1, 2]) {
      const { originSlug, referral } = await makeReferral(collector, { friend: `f${n}@example.com`, order: `F-${n}` });
      await setStatus(collector, originSlug, 'approved');
      results.push((await rewardsOf(referral.id)).map((reward) => reward.side));
    }
    expect(results).toEqual([['advocate', 'friend'], ['friend']]);
    const listed = await collector.get(`/api/v2/referrals?site_slug=${collector.siteSlug}&limit=1`, { authorization: `Bearer ${collector.apiKey}` });
    expect(listed.body.result.referrals[0].advocate_reward_withheld_reason).toBe('limit: rewarded_referrals_per_advocate (1) reached');
  });

  it('counts rewarded_referrals_per_advocate_per_month within the calendar month only', async () => {
    collector = await startCollector({ site: { approval: { mode: 'manual' }, limits: { rewarded_referrals_per_advocate_per_month: 1 } } });
    const first = await makeReferral(collector, { friend: 'f1@example.com', order: 'F-1' });
    await setStatus(collector, 'F-1', 'approved');
    // Last month's reward does not count against this month.
    await collector.running.services.db.updateTable('rewards').set({ created_at: '2000-01-15T00:00:00.000Z' }).where('referral_id', '=', first.referral.id).execute();
    const second = await makeReferral(collector, { friend: 'f2@example.com', order: 'F-2' });
    await setStatus(collector, 'F-2', 'approved');
    const third = await makeReferral(collector, { friend: 'f3@example.com', order: 'F-3' });
    await setStatus(collector, 'F-3', 'approved');
    expect((await rewardsOf(second.referral.id)).map((reward) => reward.side)).toEqual(['advocate', 'friend']);
    expect((await rewardsOf(third.referral.id)).map((reward) => reward.side)).toEqual(['friend']);
  });

  it('refuses bad coupon loads', async () => {
    collector = await startCollector();
    expect((await addCodes('advocate', [])).body.errors[0]).toEqual({ field: 'data.codes', message: 'must list at least one code' });
    expect((await addCodes('advocate', ['ok-code', 'no spaces'])).body.errors[0]).toEqual({
      field: 'data.codes.1',
      message: 'must be 3 to 64 letters, digits, dots, dashes or underscores',
    });
    expect((await addCodes('partner', ['ok-code'])).body.errors[0]).toEqual({ field: 'data.kind', message: 'must be "advocate" or "friend"' });
    expect((await addCodes('advocate', 'ok-code')).status).toBe(422);
    expect((await collector.post('/api/v2/coupons', { site_slug: collector.siteSlug, data: { kind: 'advocate', codes: ['ok-code'] } })).status).toBe(401);
  });
});

describe('percentage rewards', () => {
  const tenPercent = { percent: 10, incentive: 'rebate', incentive_description: "10% of your friend's order back" };

  async function listedAdvocateReward(referralId: string) {
    const listed = await collector.get(`/api/v2/referrals?site_slug=${collector.siteSlug}&limit=100`, { authorization: `Bearer ${collector.apiKey}` });
    const referral = listed.body.result.referrals.find((candidate: any) => candidate.id === referralId);
    return { referral, reward: referral.rewards.find((reward: any) => reward.side === 'advocate') };
  }

  it("issues the advocate the percent of the friend's subtotal on approval, half a cent rounded up, and shows how it was computed", async () => {
    collector = await startCollector({ site: { approval: { mode: 'manual' }, advocate_reward: tenPercent } });
    const amounts: (string | null)[] = [];
    for (const [n, subtotal] of [[1, 25.05], [2, 25.04], [3, 80]] as const) {
      const { originSlug, referral } = await makeReferral(collector, { advocate: `a${n}@example.com`, friend: `f${n}@example.com`, order: `P-${n}`, subtotal });
      expect((await setStatus(collector, originSlug, 'approved')).status).toBe(200);
      const { reward } = await listedAdvocateReward(referral.id);
      amounts.push(reward.amount);
      expect(reward).toMatchObject({ incentive: 'rebate', percent: 10, maximum_amount: null, reduced_at: null, original_amount: null });
      // The friend's reward stays the campaign's fixed one.
      expect((await rewardsOf(referral.id))[1]).toMatchObject({ side: 'friend', amount: 10, percent: null });
    }
    expect(amounts).toEqual(['2.51', '2.50', '8.00']);
  });

  it('caps the computed amount at maximum_amount, and makes a coupon worth the computed amount', async () => {
    collector = await startCollector({
      site: { approval: { mode: 'manual' }, advocate_reward: { percent: 12.5, maximum_amount: 50, incentive: 'discount_coupon', incentive_description: '12.5% of their order, up to $50, off your next one' } },
    });
    const big = await makeReferral(collector, { advocate: 'a1@example.com', friend: 'f1@example.com', order: 'BIG', subtotal: 1000 });
    const small = await makeReferral(collector, { advocate: 'a2@example.com', friend: 'f2@example.com', order: 'SMALL', subtotal: 99.99 });
    await setStatus(collector, 'BIG', 'approved');
    await setStatus(collector, 'SMALL', 'approved');
    expect((await listedAdvocateReward(big.referral.id)).reward).toMatchObject({ amount: '50.00', percent: 12.5, maximum_amount: '50.00', coupon_code: expect.stringMatching(/^REWARD-/) });
    // 12.5% of 99.99 is 12.49875.
    expect((await listedAdvocateReward(small.referral.id)).reward).toMatchObject({ amount: '12.50', percent: 12.5 });
  });

  it('issues on the subtotal the merchant\'s server reported, and withholds it, saying why, when only a browser reported one', async () => {
    collector = await startCollector({ site: { approval: { mode: 'manual' }, advocate_reward: tenPercent } });
    const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'ADV-1', subtotal: 40 }));
    const { uuid } = await followClaimLink(advocate.body.result.offer.claim_url);
    // A browser can say any subtotal: 100 000 here.
    const claimed = await collector.post('/api/v2/origins', { site_slug: collector.siteSlug, type: 'Purchase', data: { email: 'bob@example.com', order_number: 'BROWSER-1', subtotal: 100_000, uuid } });
    expect(claimed.status).toBe(201);
    expect((await setStatus(collector, 'BROWSER-1', 'approved')).status).toBe(200);
    const { referral, reward } = await listedAdvocateReward(claimed.body.result.referral.id);
    expect(reward).toBeUndefined();
    expect(referral.advocate_reward_withheld_reason).toMatch(/^unverified_subtotal: /);
  });

  it('withholds it, saying why, from a referral an Event closed: there is no purchase to take a percentage of', async () => {
    collector = await startCollector({ site: { approval: { mode: 'manual' }, advocate_reward: tenPercent } });
    const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'ADV-1', subtotal: 40 }));
    const { uuid } = await followClaimLink(advocate.body.result.offer.claim_url);
    const signup = await collector.post('/api/v2/origins', { api_key: collector.apiKey, site_slug: collector.siteSlug, type: 'Event', data: { email: 'bob@example.com', event_category: 'signup', event_number: 1, subtotal: 30, uuid } });
    expect(signup.status).toBe(201);
    expect((await setStatus(collector, 'signup:1', 'approved')).status).toBe(200);
    const { referral, reward } = await listedAdvocateReward(signup.body.result.referral.id);
    expect(reward).toBeUndefined();
    expect(referral.advocate_reward_withheld_reason).toMatch(/^no_purchase: /);
    expect(referral.rewards.map((one: any) => one.side)).toEqual(['friend']);
  });

  const site = { site_slug: 'my-store', api_key: 'sk_live_0123456789abcdef', allowed_hosts: ['shop.example'], destination_url: 'https://shop.example/welcome' };
  const refused: [string, RegExp, Record<string, unknown>][] = [
    ['advocate_reward.percent', /not both/, { advocate_reward: { ...tenPercent, amount: 5 } }],
    ['advocate_reward.percent', /more than 0/, { advocate_reward: { ...tenPercent, percent: 0 } }],
    ['advocate_reward.percent', /100 or less/, { advocate_reward: { ...tenPercent, percent: 150 } }],
    ['advocate_reward.percent', /two decimals/, { advocate_reward: { ...tenPercent, percent: 10.125 } }],
    ['advocate_reward.maximum_amount', /needs percent/, { advocate_reward: { amount: 5, maximum_amount: 5, incentive: 'rebate', incentive_description: '$5' } }],
    ['advocate_reward.percent', /non-monetary/, { advocate_reward: { ...tenPercent, incentive: 'other' } }],
    ['advocate_reward.percent', /pool/, { advocate_reward: { ...tenPercent, incentive: 'discount_coupon', coupon_source: 'pool' } }],
    ['friend_reward.percent', /needs incentive "rebate"/, { friend_reward: { ...tenPercent, incentive: 'discount_coupon' } }],
    ['advocate_reward.percent', /Event/, { advocate_reward: tenPercent, referral_closed_by: { origin: 'Event', event_category: 'billing' } }],
    ['advocate_reward.percent', /threshold_rewards/, { advocate_reward: tenPercent, threshold_rewards: [{ reward_action_type: 3, qualified_amount: 2 }] }],
  ];
  for (const [field, why, keys] of refused) {
    it(`stops the start on a bad ${field} (${why.source}), naming the key`, () => {
      const parse = () => parseSiteConfig({ sites: [{ ...site, ...keys }] }, {});
      expect(parse).toThrow(ConfigError);
      expect(parse).toThrow(new RegExp(`: sites\\.0\\.${field.replace(/\./g, '\\.')}: .*${why.source}`));
    });
  }

  it('accepts a percentage reward with a cap, closed by a purchase with a minimum', () => {
    const { file } = parseSiteConfig({ sites: [{ ...site, advocate_reward: { ...tenPercent, maximum_amount: 50 }, referral_closed_by: { origin: 'Purchase', minimum_subtotal: 20 } }] }, {});
    expect(file.sites[0]!.advocate_reward).toEqual({ ...tenPercent, maximum_amount: 50, coupon_source: 'generated' });
  });
});
