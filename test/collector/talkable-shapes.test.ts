import { afterEach, describe, expect, it as plainIt, vi } from 'vitest';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { collectorTest } from '../support/collector-fixture';
import { followClaimLink } from '../support/claim-link';
import { FAST_OUTBOX, makeReferral, setStatus } from '../support/referrals';
import { startStripeStandIn, type StripeStandIn } from '../support/shop-stand-ins/stripe-api-stand-in';
import { missingKeys } from '../support/talkable-reward-samples';
import {
  TALKABLE_AFFILIATE_ORIGIN,
  TALKABLE_CAMPAIGN,
  TALKABLE_CLAIM_LINKS,
  TALKABLE_EMAIL_RECIPIENT,
  TALKABLE_EVENT_ORIGIN,
  TALKABLE_OFFER,
  TALKABLE_PURCHASE_ORIGIN,
  TALKABLE_REFERRAL,
  TALKABLE_SOCIAL_SHARE_RESULT,
} from '../support/talkable-offer-samples';

const it = collectorTest();

/** An AffiliateMember origin like origins.rst's "With sharing links" example, from the merchant's server. */
function affiliate(collector: TestCollector, email: string, data: Record<string, unknown> = {}) {
  return collector.post('/api/v2/origins', {
    api_key: collector.apiKey,
    site_slug: collector.siteSlug,
    type: 'AffiliateMember',
    data: { email, campaign_tags: ['invite'], sharing_channels: ['facebook', 'twitter', 'custom'], ...data },
  });
}

async function friendCouponOf(collector: TestCollector, offerId: string): Promise<string> {
  const row = await collector.running.services.db.selectFrom('offers').select('friend_coupon_code').where('id', '=', offerId).executeTakeFirstOrThrow();
  return row.friend_coupon_code;
}

describe("origins answer Talkable's origin, offer and campaign keys", () => {
  it('answers an affiliate member with every key of the sample, its tags, and claim_links for the channels named, custom included', async ({ collector }) => {
    const answer = await affiliate(collector, 'affiliate@example.com', { traffic_source: 'standalone', ip_address: '203.0.113.9' });
    expect(answer.status).toBe(201);
    const { origin, offer, campaign, claim_links } = answer.body.result;
    expect(missingKeys(TALKABLE_AFFILIATE_ORIGIN, origin)).toEqual([]);
    expect(missingKeys(TALKABLE_OFFER, offer)).toEqual([]);
    expect(missingKeys({ id: 1, cached_slug: 1, type: '', tag_names: [] }, campaign)).toEqual([]);
    expect(Object.keys(claim_links).sort()).toEqual(Object.keys(TALKABLE_CLAIM_LINKS).sort());

    expect(origin).toMatchObject({ email: 'affiliate@example.com', ip_address: '203.0.113.9', traffic_source: 'standalone' });
    expect(offer.campaign_tags).toEqual(['invite']);
    expect(campaign.tag_names).toEqual(['invite']);
    expect(offer.trigger_widget).toBe(false);
    expect(offer.coupon_code).toBe(await friendCouponOf(collector, offer.id));
    expect(offer.incentives.referrer).toMatchObject({ action_type: 'referrer', description: '$10 back', amount: 10, percentage: false, incentive_type: 'rebate', for_advocate: true });
    expect(offer.incentives.friend_new_customer).toMatchObject({ action_type: 'click', description: '$10 off your first order', amount: 10, incentive_type: 'discount_coupon', for_friend: true });
    // A built-in channel's link is the offer's own; the custom one is a link of its own, and clicks on it say so.
    expect(claim_links.facebook).toBe(offer.claim_urls.facebook);
    expect(claim_links.custom).toBe(offer.claim_urls.custom);
    expect(new Set(Object.values(offer.claim_urls)).size).toBe(Object.keys(offer.claim_urls).length);
    await followClaimLink(claim_links.custom);
    const claims = await collector.running.services.db.selectFrom('claims').select('channel').where('offer_id', '=', offer.id).execute();
    expect(claims.map((claim) => claim.channel)).toEqual(['custom']);
  });

  it('answers the same custom link when the origin is posted again, and when two calls name a new channel at once', async ({ collector }) => {
    const first = await affiliate(collector, 'again@example.com');
    const second = await affiliate(collector, 'again@example.com');
    expect(second.body.result.claim_links).toEqual(first.body.result.claim_links);
    const code = first.body.result.offer.short_url_code;
    const both = await Promise.all(
      [1, 2].map(() => collector.get(`/api/v2/offers/${code}?site_slug=${collector.siteSlug}&sharing_channels[]=instagram-story`)),
    );
    expect(both.map((answer) => answer.status)).toEqual([200, 200]);
    expect(both[0]!.body.result.claim_links['instagram-story']).toBe(both[1]!.body.result.claim_links['instagram-story']);
    const rows = await collector.running.services.db.selectFrom('claim_links').select('id').where('offer_id', '=', first.body.result.offer.id).where('channel', '=', 'instagram-story').execute();
    expect(rows).toHaveLength(1);
  });

  it('answers a Purchase and an Event with every key of their samples; a browser is not told the stored IP address or traffic source', async ({ collector }) => {
    const order = await collector.post('/api/v2/origins', purchase(collector, { email: 'customer@example.com', order_number: 12, subtotal: 100, traffic_source: 'post-checkout' }));
    expect(missingKeys(TALKABLE_PURCHASE_ORIGIN, order.body.result.origin)).toEqual([]);
    expect(order.body.result.origin).toMatchObject({ order_number: 12, subtotal: 100, refunded_at: null, coupon_code: '', traffic_source: 'post-checkout' });
    const event = await collector.post('/api/v2/origins', {
      api_key: collector.apiKey,
      site_slug: collector.siteSlug,
      type: 'Event',
      data: { email: 'customer@example.com', event_category: 'newsletter_subscription', event_number: '42' },
    });
    expect(missingKeys(TALKABLE_EVENT_ORIGIN, event.body.result.origin)).toEqual([]);
    expect(event.body.result.origin.traffic_source).toBeNull();

    const browser = await collector.post('/api/v2/origins', { site_slug: collector.siteSlug, type: 'Purchase', data: { email: 'shopper@example.com', order_number: 'B-1', subtotal: 5, traffic_source: 'post-checkout' } });
    expect(browser.status).toBe(201);
    expect(browser.body.result.origin).not.toHaveProperty('ip_address');
    expect(browser.body.result.origin).not.toHaveProperty('traffic_source');
    const stored = await collector.running.services.db.selectFrom('origins').select('traffic_source').where('id', '=', browser.body.result.origin.id).executeTakeFirstOrThrow();
    expect(stored.traffic_source).toBe('post-checkout');
  });

  it('refuses sharing channel names that are not short slugs, Talkable reserved ones, and too many, naming the field', async ({ collector }) => {
    const bad = await affiliate(collector, 'bad@example.com', { sharing_channels: ['Not A Slug'] });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ ok: false, code: 'invalid_field', errors: [{ field: 'data.sharing_channels.0' }] });
    const reserved = await affiliate(collector, 'bad@example.com', { sharing_channels: ['email'] });
    expect(reserved.status).toBe(422);

    const made = await affiliate(collector, 'many@example.com', { sharing_channels: [] });
    const code = made.body.result.offer.short_url_code;
    const query = (names: string[]) => names.map((name) => `sharing_channels[]=${name}`).join('&');
    const invalid = await collector.get(`/api/v2/offers/${code}?site_slug=${collector.siteSlug}&${query(['coupon'])}`);
    expect(invalid.status).toBe(422);
    expect(invalid.body).toMatchObject({ code: 'invalid_field', errors: [{ field: 'sharing_channels' }] });
    const tenNew = Array.from({ length: 10 }, (_, index) => `c${index}`);
    expect((await collector.get(`/api/v2/offers/${code}?site_slug=${collector.siteSlug}&${query(tenNew)}`)).status).toBe(200);
    const over = await collector.get(`/api/v2/offers/${code}?site_slug=${collector.siteSlug}&${query(['d1', 'd2', 'd3', 'd4'])}`);
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ code: 'too_many_channels', errors: [{ field: 'sharing_channels' }] });
  });
});

describe("GET /offers answers Talkable's offer and campaign keys", () => {
  it('with every key of the offer sample, and the campaign with the keys of the campaigns list', async ({ collector }) => {
    const made = await affiliate(collector, 'reader@example.com', { sharing_channels: undefined });
    const code = made.body.result.offer.short_url_code;
    const answer = await collector.get(`/api/v2/offers/${code}?site_slug=${collector.siteSlug}&api_key=${collector.apiKey}&sharing_channels[]=facebook&sharing_channels[]=twitter&sharing_channels[]=custom`);
    expect(answer.status).toBe(200);
    expect(missingKeys(TALKABLE_OFFER, answer.body.result.offer)).toEqual([]);
    expect(missingKeys(TALKABLE_CAMPAIGN, answer.body.result.campaign)).toEqual([]);
    expect(answer.body.result.campaign).toMatchObject({ type: 'DoubleSidedDealCampaign', tag_names: ['invite'], is_active: true, status: 'Live' });
    expect(Object.keys(answer.body.result.claim_links).sort()).toEqual(['custom', 'facebook', 'twitter']);
    expect(answer.body.result.offer.email).toBe('reader@example.com');

    const browser = await collector.get(`/api/v2/offers/${code}?site_slug=${collector.siteSlug}`);
    expect(browser.body.result).not.toHaveProperty('claim_links');
    expect(browser.body.result.offer).not.toHaveProperty('email');
  });
});

describe("shares answer Talkable's share keys", () => {
  it('answers a social share with every key of the sample: its channel, offer, campaign and what its links brought', async ({ collector }) => {
    const made = await collector.post('/api/v2/origins', purchase(collector, { email: 'sharer@example.com', order_number: 'S-1', subtotal: 20, campaign_tags: ['test-invite'] }));
    const offer = made.body.result.offer;
    const first = await followClaimLink(offer.claim_urls.facebook);
    await followClaimLink(offer.claim_urls.facebook, { cookie: first.cookie });
    await followClaimLink(offer.claim_urls.twitter);

    const share = await collector.post(`/api/v2/offers/${offer.short_url_code}/shares/social`, { site_slug: collector.siteSlug, channel: 'facebook' });
    expect(share.status).toBe(201);
    // A browser is not told the advocate's email; the reward is there, null: Vouch pays nothing for a share itself.
    expect(missingKeys(TALKABLE_SOCIAL_SHARE_RESULT, share.body.result)).toEqual(['share.offer.email', 'reward']);
    expect(share.body.result).toHaveProperty('reward', null);
    expect(missingKeys(TALKABLE_SOCIAL_SHARE_RESULT.share, share.body.result.share)).toEqual(['offer.email']);
    const answered = share.body.result.share;
    expect(answered).toMatchObject({ type: 'SocialOfferShare', channel_identifier: 'facebook', short_url: offer.claim_urls.facebook, friends_count: 2, friend_clicks_count: 3 });
    expect(answered.offer).toMatchObject({ id: offer.id, short_url_code: offer.short_url_code, campaign_tags: ['test-invite'] });
    expect(answered.campaign.tag_names).toEqual(['test-invite']);
    expect(share.body.result.reward).toBeNull();

    const merchant = await collector.post(`/api/v2/offers/${offer.short_url_code}/shares/social`, { site_slug: collector.siteSlug, api_key: collector.apiKey, channel: 'twitter' });
    expect(missingKeys(TALKABLE_SOCIAL_SHARE_RESULT.share, merchant.body.result.share)).toEqual([]);
    expect(merchant.body.result.share.offer.email).toBe('sharer@example.com');
  });

  it('answers each email recipient with every flag of the sample, blocklisted and the older blacklisted alike', async ({ collector }) => {
    const made = await collector.post('/api/v2/origins', purchase(collector, { email: 'mailer@example.com', order_number: 'S-2', subtotal: 20 }));
    const { short_url_code, share_key } = made.body.result.offer;
    const share = await collector.post(`/api/v2/offers/${short_url_code}/shares/email`, { site_slug: collector.siteSlug, share_key, recipients: 'friend1@example.com,friend2@example.com' });
    expect(share.status).toBe(201);
    for (const flags of Object.values(share.body.result.recipients)) {
      expect(missingKeys(TALKABLE_EMAIL_RECIPIENT, flags)).toEqual([]);
      expect(flags).toMatchObject({ ...TALKABLE_EMAIL_RECIPIENT, blacklisted: false });
    }
  });
});

describe("the referral PUT answers Talkable's referral keys", () => {
  it('with every key of the sample: both people, campaign, offer, the friend origin and subtotal, how it was tracked', async ({ collector }) => {
    const { advocateOffer, friend, originSlug } = await makeReferral(collector, { advocate: 'adv@example.com', friend: 'friend@example.com', order: 'REF-1', subtotal: 35.03 });
    const answer = await setStatus(collector, originSlug, 'approved');
    expect(answer.status).toBe(200);
    const referral = answer.body.result.referral;
    expect(missingKeys(TALKABLE_REFERRAL, referral)).toEqual([]);
    expect(referral).toMatchObject({
      status: 'approved',
      ad_rewarded: true,
      advocate_person: { email: 'adv@example.com', first_name: 'Ann', last_name: 'Advocate' },
      friend_person: { email: 'friend@example.com', first_name: 'Bob' },
      campaign_id: friend.campaign.id,
      offer_id: advocateOffer.id,
      referred_origin_id: friend.origin.id,
      referred_subtotal: 35.03,
      track_method: 'cookie',
      fraud_details: null,
      fraud_policies_status: { blocked: [], flagged: [], skipped: [], passed: expect.arrayContaining(['self_referral', 'same_ip']) },
      qa_generated: false,
      // Vouch's own keys stay.
      attributed_by: 'uuid',
      advocate_offer: { short_url_code: advocateOffer.short_url_code },
    });
  });
});

describe("the offer's coupon_code goes through the shop's coupons", () => {
  let collector: TestCollector | undefined;
  let standIn: StripeStandIn | undefined;
  afterEach(async () => {
    await collector?.cleanup();
    await standIn?.close();
    collector = standIn = undefined;
  });

  plainIt('shows no code the shop has not created: none for a browser-reported purchase, and a merchant-reported one once the shop has it', async () => {
    standIn = await startStripeStandIn({ apiKey: 'sk_test_51StandIn0123456789' });
    collector = await startCollector({
      site: { connectors: { stripe: { webhook_secret_env: 'STRIPE_WEBHOOK_SECRET', api_key_env: 'STRIPE_API_KEY', api_url: standIn.url } } },
      env: { STRIPE_WEBHOOK_SECRET: 'whsec_standin', STRIPE_API_KEY: 'sk_test_51StandIn0123456789' },
      outbox: FAST_OUTBOX,
    });
    const browser = await collector.post('/api/v2/origins', { site_slug: collector.siteSlug, type: 'Purchase', data: { email: 'b@example.com', order_number: 'P-1', subtotal: 5 } });
    expect(browser.body.result.offer.coupon_code).toBeNull();

    const merchant = await collector.post('/api/v2/origins', purchase(collector, { email: 'm@example.com', order_number: 'P-2', subtotal: 5 }));
    const code = await friendCouponOf(collector, merchant.body.result.offer.id);
    const running = collector;
    await vi.waitFor(
      async () => expect((await running.get(`/api/v2/offers/${merchant.body.result.offer.short_url_code}?site_slug=${running.siteSlug}`)).body.result.offer.coupon_code).toBe(code),
      { timeout: 10_000, interval: 50 },
    );
    expect(standIn.promotionCodes.has(code)).toBe(true);
    expect((await running.get(`/api/v2/offers/${browser.body.result.offer.short_url_code}?site_slug=${running.siteSlug}`)).body.result.offer.coupon_code).toBeNull();
  });
});
