import { afterEach, describe, expect, it } from 'vitest';
import { followClaimLink } from '../support/claim-link';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { ManualClock } from '../support/manual-clock';
import { FAST_OUTBOX, setStatus, webhookSite } from '../support/referrals';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

let collector: TestCollector;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await collector.cleanup();
  await receiver?.close();
  receiver = undefined;
});

const rebate = (amount: number) => ({ amount, incentive: 'rebate', incentive_description: `$${amount} back` });

const HOLIDAY = {
  id: 'holiday-2026',
  slug: 'holiday-double',
  name: 'Holiday double reward',
  tags: ['holiday'],
  placement: 'post-purchase',
  starts_at: '2026-12-01T00:00:00Z',
  ends_at: '2027-01-01T00:00:00Z',
  advocate_reward: rebate(20),
};
const SPRING = { id: 'spring', slug: 'spring-sale', tags: ['spring', 'sale'], placement: 'post-purchase', advocate_reward: rebate(7), friend_reward: { amount: 3, incentive: 'discount_coupon', incentive_description: '$3 off' } };

/** An advocate's purchase with the given tags, a friend following its link and buying: answers both answers. */
async function referralThrough(tags: string[] | undefined, n: number) {
  const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: `adv${n}@example.com`, order_number: `ADV-${n}`, subtotal: 40, ...(tags ? { campaign_tags: tags } : {}) }));
  expect(advocate.status).toBe(201);
  const { uuid } = await followClaimLink(advocate.body.result.offer.claim_url);
  const friend = await collector.post('/api/v2/origins', purchase(collector, { email: `friend${n}@example.com`, order_number: `F-${n}`, subtotal: 25, uuid }));
  expect(friend.body.result.referral).toMatchObject({ status: 'pending' });
  return { advocate: advocate.body.result, friend: friend.body.result, originSlug: `F-${n}` };
}

async function rewardAmounts(originSlug: string) {
  const rows = await collector.running.services.db
    .selectFrom('rewards')
    .innerJoin('referrals', 'referrals.id', 'rewards.referral_id')
    .innerJoin('origins', 'origins.id', 'referrals.friend_origin_id')
    .select(['rewards.side', 'rewards.amount', 'rewards.incentive_description'])
    .where('origins.order_number', '=', originSlug)
    .orderBy('rewards.side')
    .execute();
  return rows;
}

describe('campaigns selected by tags', () => {
  it("give each advocate the rewards of the campaign their origin's tags chose, from the offer to the approved reward and its web hook", async () => {
    receiver = await startWebhookReceiver();
    // Undated here: the outbox delivers by the wall clock, which a ManualClock would leave behind.
    const { starts_at: _startsAt, ends_at: _endsAt, ...undated } = HOLIDAY;
    collector = await startCollector({ outbox: FAST_OUTBOX, site: webhookSite(receiver.url, { campaigns: [undated, SPRING] }) });

    const holiday = await referralThrough(['holiday'], 1);
    const spring = await referralThrough(['sale'], 2);
    const plain = await referralThrough(undefined, 3);

    expect(holiday.advocate.campaign).toMatchObject({ id: 'holiday-2026', cached_slug: 'holiday-double', type: 'DoubleSidedDealCampaign', tag_names: ['holiday'], name: 'Holiday double reward', advocate_reward: { amount: 20 } });
    expect(holiday.advocate.offer.incentives.referrer).toMatchObject({ amount: 20, description: '$20 back' });
    expect(spring.advocate.campaign).toMatchObject({ id: 'spring', cached_slug: 'spring-sale', tag_names: ['spring', 'sale'], friend_reward: { amount: 3 } });
    expect(spring.advocate.offer.incentives.friend_new_customer).toMatchObject({ amount: 3, description: '$3 off' });
    // No campaign has the tag "default": the site's own campaign, as before campaigns.
    const site = collector.running.services.sites.bySlug(collector.siteSlug)!;
    expect(plain.advocate.campaign).toMatchObject({ id: site.id, cached_slug: collector.siteSlug, tag_names: ['default'], advocate_reward: { amount: 10 } });

    for (const originSlug of ['F-1', 'F-2', 'F-3']) expect((await setStatus(collector, originSlug, 'approved')).status).toBe(200);
    expect(await rewardAmounts('F-1')).toEqual([
      { side: 'advocate', amount: 20, incentive_description: '$20 back' },
      { side: 'friend', amount: 10, incentive_description: '$10 off your first order' },
    ]);
    expect(await rewardAmounts('F-2')).toEqual([
      { side: 'advocate', amount: 7, incentive_description: '$7 back' },
      { side: 'friend', amount: 3, incentive_description: '$3 off' },
    ]);
    expect((await rewardAmounts('F-3')).map((reward) => reward.amount)).toEqual([10, 10]);

    const payloads = (await receiver.waitForDelivered(3)).map((request) => JSON.parse(request.body));
    const byOrder = (order: string) => payloads.find((payload) => payload.referred_origin.order_number === order);
    expect(byOrder('F-1').campaign).toEqual({ id: 'holiday-2026', type: 'DoubleSidedDealCampaign', cached_slug: 'holiday-double', tag_names: ['holiday'] });
    expect(byOrder('F-1').advocate_rewards[0]).toMatchObject({ amount: '20.00' });
    expect(byOrder('F-2').campaign).toMatchObject({ id: 'spring', cached_slug: 'spring-sale' });
    expect(byOrder('F-3').campaign).toEqual({ id: site.id, type: 'DoubleSidedDealCampaign', cached_slug: collector.siteSlug, tag_names: ['default'] });

    // The offer answers its campaign later too.
    const offer = await collector.get(`/api/v2/offers/${holiday.advocate.offer.short_url_code}?site_slug=${collector.siteSlug}`);
    expect(offer.body.result.campaign).toMatchObject({ id: 'holiday-2026', advocate_reward: { amount: 20 } });
  });

  it('choose no campaign outside its dates: the site default takes the origin', async () => {
    const clock = new ManualClock('2026-11-30T23:00:00Z');
    collector = await startCollector({ clock: clock.now, site: { campaigns: [HOLIDAY] } });
    const before = await collector.post('/api/v2/origins', purchase(collector, { email: 'early@example.com', order_number: 'E-1', subtotal: 10, campaign_tags: ['holiday'] }));
    clock.advanceHours(1);
    const during = await collector.post('/api/v2/origins', purchase(collector, { email: 'during@example.com', order_number: 'E-2', subtotal: 10, campaign_tags: ['holiday'] }));
    clock.advanceHours(24 * 31);
    const after = await collector.post('/api/v2/origins', purchase(collector, { email: 'late@example.com', order_number: 'E-3', subtotal: 10, campaign_tags: ['holiday'] }));
    expect([before, during, after].map((answer) => answer.body.result.campaign.cached_slug)).toEqual([collector.siteSlug, 'holiday-double', collector.siteSlug]);
    expect(before.body.result.offer.incentives.referrer.amount).toBe(10);
    expect(during.body.result.offer.incentives.referrer.amount).toBe(20);
  });

  it("choose a campaign only for its placement: a sign-up's offer is not a post-purchase campaign's", async () => {
    collector = await startCollector({ clock: new ManualClock('2026-12-10T12:00:00Z').now, site: { campaigns: [HOLIDAY, { id: 'invite', slug: 'invite-page', tags: ['holiday'], placement: 'standalone', advocate_reward: rebate(15) }] } });
    const signUp = await collector.post('/api/v2/origins', { api_key: collector.apiKey, site_slug: collector.siteSlug, type: 'AffiliateMember', data: { email: 'member@example.com', campaign_tags: ['holiday'] } });
    expect(signUp.body.result.campaign).toMatchObject({ id: 'invite', type: 'StandaloneCampaign', appearance: 'inline', advocate_reward: { amount: 15 } });
  });
});

describe('GET /api/v2/campaigns', () => {
  // Talkable's sample answer's first campaign (campaigns.rst): every key it has, Vouch answers.
  const TALKABLE_SAMPLE = { appearance: 'inline', id: 35944, name: 'API campaign', new_customer: null, origin_max_age: null, origin_min_age: null, tag_names: ['api'], slug: 35944, is_active: true, status: 'Live' };

  it("lists the site's default campaign and its configured ones in Talkable's shape, active while they run", async () => {
    collector = await startCollector({ clock: new ManualClock('2026-06-01T12:00:00Z').now, site: { campaigns: [HOLIDAY, SPRING] } });
    const answer = await collector.get(`/api/v2/campaigns?site_slug=${collector.siteSlug}`, { authorization: `Bearer ${collector.apiKey}` });
    expect(answer.status).toBe(200);
    const campaigns = answer.body.result.campaigns;
    for (const campaign of campaigns) expect(Object.keys(campaign)).toEqual(expect.arrayContaining(Object.keys(TALKABLE_SAMPLE)));
    const site = collector.running.services.sites.bySlug(collector.siteSlug)!;
    expect(campaigns).toEqual([
      expect.objectContaining({ id: site.id, slug: collector.siteSlug, name: 'Test Shop', tag_names: ['default'], is_active: true, status: 'Live', placement: null }),
      expect.objectContaining({ id: 'holiday-2026', slug: 'holiday-double', name: 'Holiday double reward', appearance: 'popup', tag_names: ['holiday'], is_active: false, status: 'Disabled', new_customer: null, origin_min_age: null, origin_max_age: null, placement: 'post-purchase', starts_at: '2026-12-01T00:00:00Z', ends_at: '2027-01-01T00:00:00Z' }),
      expect.objectContaining({ id: 'spring', slug: 'spring-sale', name: 'spring-sale', is_active: true, status: 'Live', type: 'DoubleSidedDealCampaign' }),
    ]);
  });

  it('needs the secret key, and lists one campaign on a site configured without campaigns', async () => {
    collector = await startCollector();
    expect((await collector.get(`/api/v2/campaigns?site_slug=${collector.siteSlug}`)).status).toBe(401);
    const answer = await collector.get(`/api/v2/campaigns?site_slug=${collector.siteSlug}`, { authorization: `Bearer ${collector.apiKey}` });
    expect(answer.body.result.campaigns).toHaveLength(1);
    expect(answer.body.result.campaigns[0]).toMatchObject({ slug: collector.siteSlug, cached_slug: collector.siteSlug, type: 'DoubleSidedDealCampaign', tag_names: ['default'], is_active: true });
  });
});
