import { afterEach, describe, expect, it } from 'vitest';
import { changeReferralStatus } from '../../collector/domain/referral-lifecycle';
import { followClaimLink } from '../support/claim-link';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { setStatus } from '../support/referrals';

let collector: TestCollector;
afterEach(async () => {
  await collector.cleanup();
});

// A fixed key: assignment is a keyed hash, so the same advocates land in the same variants on every run.
const API_KEY = 'campaign-experiment-api-key-0000001';

/** One advocate gets many friends here: the velocity rules, which would flag them for review, are off. */
const NO_VELOCITY = { signals: { advocate_referrals_per_hour: { enabled: false }, advocate_referrals_per_day: { enabled: false } } };

const rebate = (amount: number, words = `$${amount} back`) => ({ amount, incentive: 'rebate', incentive_description: words });

const SPRING = {
  id: 'spring',
  slug: 'spring-sale',
  tags: ['spring'],
  placement: 'post-purchase',
  variants: [
    { id: 'spring-control', weight: 1 },
    { id: 'spring-triple', weight: 1, advocate_reward: rebate(30), share_channels: ['email', 'sms'], strings: { headline: 'Spring: give {friend}, get {advocate}' } },
  ],
};
const HOLIDAY = {
  id: 'holiday',
  slug: 'holiday-double',
  tags: ['holiday'],
  placement: 'post-purchase',
  advocate_reward: rebate(20),
  variants: [
    { id: 'holiday-control', weight: 1 },
    { id: 'holiday-gift', weight: 1, friend_reward: { amount: 25, incentive: 'discount_coupon', incentive_description: '$25 off your first order' } },
  ],
};

async function offerIn(tags: string[], email: string, order: string) {
  const answer = await collector.post('/api/v2/origins', purchase(collector, { email, order_number: order, subtotal: 40, campaign_tags: tags }));
  expect(answer.status).toBe(201);
  return answer.body.result;
}

/** A friend following the offer's link and buying: the referral it closes, by the friend's order number. */
async function friendBuysThrough(offer: { claim_url: string }, friend: string, order: string) {
  const { uuid } = await followClaimLink(offer.claim_url);
  const answer = await collector.post('/api/v2/origins', purchase(collector, { email: friend, order_number: order, subtotal: 25, uuid }));
  expect(answer.body.result.referral).toMatchObject({ status: expect.stringMatching(/pending|flagged/) });
  return answer.body.result.referral.id as string;
}

async function results(campaignId: string) {
  const answer = await collector.get(`/api/v2/campaigns/${campaignId}/results?site_slug=${collector.siteSlug}`, { authorization: `Bearer ${collector.apiKey}` });
  expect(answer.status).toBe(200);
  return answer.body.result;
}

async function advocateReward(referralId: string) {
  const row = await collector.running.services.db
    .selectFrom('rewards')
    .select(['amount', 'incentive_description', 'tier_position', 'tier_from'])
    .where('referral_id', '=', referralId)
    .where('side', '=', 'advocate')
    .executeTakeFirstOrThrow();
  return { ...row, amount: Number(row.amount) };
}

describe('experiments of their own in two campaigns', () => {
  it("give each campaign's offers its own variants, rewards and results", async () => {
    collector = await startCollector({ apiKey: API_KEY, site: { approval: { mode: 'manual' }, campaigns: [SPRING, HOLIDAY] } });
    const spring = [];
    const holiday = [];
    for (let n = 1; n <= 10; n += 1) {
      spring.push(await offerIn(['spring'], `spring${n}@example.com`, `S-${n}`));
      holiday.push(await offerIn(['holiday'], `holiday${n}@example.com`, `H-${n}`));
    }
    const variantsOf = (answers: { offer: { variant_id: string } }[]) => new Set(answers.map((answer) => answer.offer.variant_id));
    expect(variantsOf(spring)).toEqual(new Set(['spring-control', 'spring-triple']));
    expect(variantsOf(holiday)).toEqual(new Set(['holiday-control', 'holiday-gift']));

    // What the widget shows comes from the offer's campaign's variant, laid over that campaign's rewards.
    const triple = spring.find((answer) => answer.offer.variant_id === 'spring-triple')!;
    expect(triple.campaign).toMatchObject({ id: 'spring', advocate_reward: { amount: 30 }, variant: { id: 'spring-triple', share_channels: ['email', 'sms'], strings: { headline: 'Spring: give {friend}, get {advocate}' } } });
    const gift = holiday.find((answer) => answer.offer.variant_id === 'holiday-gift')!;
    expect(gift.campaign).toMatchObject({ id: 'holiday', advocate_reward: { amount: 20 }, friend_reward: { amount: 25 }, variant: { id: 'holiday-gift', share_channels: null } });
    expect(gift.offer.incentives.friend_new_customer).toMatchObject({ amount: 25 });
    const holidayControl = holiday.find((answer) => answer.offer.variant_id === 'holiday-control')!;
    expect(holidayControl.campaign).toMatchObject({ advocate_reward: { amount: 20 }, friend_reward: { amount: 10 }, variant: { id: 'holiday-control' } });

    // The site runs no experiment of its own: an untagged origin's offer is in none.
    const plain = await offerIn([], 'plain@example.com', 'P-1');
    expect(plain.offer.variant_id).toBeNull();
    expect(plain.campaign.variant).toBeNull();

    // Approved, each referral pays its offer's campaign's variant.
    const tripleReferral = await friendBuysThrough(triple.offer, 'f-triple@example.com', 'F-1');
    const giftReferral = await friendBuysThrough(gift.offer, 'f-gift@example.com', 'F-2');
    for (const order of ['F-1', 'F-2']) expect((await setStatus(collector, order, 'approved')).status).toBe(200);
    expect((await advocateReward(tripleReferral)).amount).toBe(30);
    expect((await advocateReward(giftReferral)).amount).toBe(20);

    // Each campaign's results list its own variants and count only its own offers.
    const springResults = await results('spring');
    expect(springResults.campaign).toEqual({ id: 'spring', cached_slug: 'spring-sale' });
    expect(springResults.variants.map((variant: { id: string }) => variant.id)).toEqual(['spring-control', 'spring-triple']);
    const countIn = (answers: { offer: { variant_id: string } }[], id: string) => answers.filter((answer) => answer.offer.variant_id === id).length;
    expect(springResults.variants.map((variant: { funnel: { offers: number } }) => variant.funnel.offers)).toEqual([countIn(spring, 'spring-control'), countIn(spring, 'spring-triple')]);
    expect(springResults.variants[1]).toMatchObject({ id: 'spring-triple', control: false, funnel: { clicks: 1, referrals: 1, revenue: 25 } });
    const holidayResults = await results('holiday');
    expect(holidayResults.variants.map((variant: { id: string; funnel: { offers: number } }) => [variant.id, variant.funnel.offers])).toEqual([
      ['holiday-control', countIn(holiday, 'holiday-control')],
      ['holiday-gift', countIn(holiday, 'holiday-gift')],
    ]);
    // The default campaign's: the site's (empty) experiment.
    const site = collector.running.services.sites.bySlug(collector.siteSlug)!;
    expect((await results(site.id)).variants).toEqual([]);
    expect((await collector.get(`/api/v2/campaigns/autumn/results?site_slug=${collector.siteSlug}`, { authorization: `Bearer ${collector.apiKey}` })).status).toBe(404);
  });

  it('place a person in each campaign independently, and keep them there on a later visit', async () => {
    // The same variant ids in both: only the campaign tells the two experiments apart.
    const variants = [{ id: 'control', weight: 1 }, { id: 'double', weight: 1, advocate_reward: rebate(20) }];
    collector = await startCollector({ apiKey: API_KEY, site: { campaigns: [{ ...SPRING, variants }, { ...HOLIDAY, variants }] } });
    const pairs: string[][] = [];
    for (let n = 1; n <= 16; n += 1) {
      const email = `both${n}@example.com`;
      const inSpring = (await offerIn(['spring'], email, `S-${n}`)).offer.variant_id;
      const inHoliday = (await offerIn(['holiday'], email, `H-${n}`)).offer.variant_id;
      // A second visit, on another device: each campaign keeps the variant it placed the person in.
      expect((await offerIn(['spring'], email.toUpperCase(), `S2-${n}`)).offer.variant_id).toBe(inSpring);
      expect((await offerIn(['holiday'], email, `H2-${n}`)).offer.variant_id).toBe(inHoliday);
      pairs.push([inSpring, inHoliday]);
    }
    // Independent placement: some people are in different variants in the two campaigns, and both variants are used in each.
    expect(pairs.some(([inSpring, inHoliday]) => inSpring !== inHoliday)).toBe(true);
    expect(pairs.some(([inSpring, inHoliday]) => inSpring === inHoliday)).toBe(true);
    for (const campaign of [0, 1]) expect(new Set(pairs.map((pair) => pair[campaign]))).toEqual(new Set(['control', 'double']));
    // Each campaign's results count its own 32 offers, though the ids are the same.
    for (const [campaignId, index] of [['spring', 0], ['holiday', 1]] as const) {
      const offers = (await results(campaignId)).variants.map((variant: { id: string; funnel: { offers: number } }) => [variant.id, variant.funnel.offers]);
      const inDouble = pairs.filter((pair) => pair[index] === 'double').length * 2;
      expect(offers).toEqual([['control', 32 - inDouble], ['double', inDouble]]);
    }
  });

  it("run the site's experiment in a campaign that lists no variants, and none in one that lists []", async () => {
    const variants = [{ id: 'control', weight: 1 }, { id: 'double', weight: 1 }];
    collector = await startCollector({ apiKey: API_KEY, site: { variants, campaigns: [{ ...SPRING, variants: undefined }, { ...HOLIDAY, variants: [] }] } });
    const email = 'shared@example.com';
    const inSite = (await offerIn([], email, 'D-1')).offer.variant_id;
    expect(['control', 'double']).toContain(inSite);
    // The site's experiment follows the person into the campaign that takes it.
    expect((await offerIn(['spring'], email, 'S-1')).offer.variant_id).toBe(inSite);
    expect((await offerIn(['holiday'], email, 'H-1')).offer.variant_id).toBeNull();
  });
});

describe('reward tiers of their own in a campaign', () => {
  const LOYAL = { id: 'loyal', slug: 'loyal-friends', tags: ['loyal'], placement: 'post-purchase', advocate_reward: { ...rebate(10), tiers: [{ from: 5, to: 5, amount: 25, incentive_description: '$25 back for your fifth friend' }] } };
  const FESTIVE = { id: 'festive', slug: 'festive', tags: ['festive'], placement: 'post-purchase', advocate_reward: { ...rebate(20), tiers: [{ from: 3, to: 3, amount: 40, incentive_description: '$40 back for your third friend' }] } };

  it("count the advocate's rewarded referrals of that campaign only: the fifth of one is not the seventh of the site", async () => {
    collector = await startCollector({ site: { approval: { mode: 'manual' }, fraud: NO_VELOCITY, campaigns: [LOYAL, FESTIVE] } });
    // One advocate with an offer in each campaign (a purchase tagged for each).
    const loyal = (await offerIn(['loyal'], 'ann@example.com', 'A-1')).offer;
    const festive = (await offerIn(['festive'], 'ann@example.com', 'A-2')).offer;
    const through = [loyal, loyal, loyal, loyal, festive, festive, loyal, festive];
    const paid: [string, number, number | null][] = [];
    for (const [index, offer] of through.entries()) {
      const referralId = await friendBuysThrough(offer, `friend${index}@example.com`, `F-${index}`);
      expect((await setStatus(collector, `F-${index}`, 'approved')).status).toBe(200);
      const reward = await advocateReward(referralId);
      paid.push([offer === loyal ? 'loyal' : 'festive', reward.amount, reward.tier_position ?? null]);
    }
    expect(paid).toEqual([
      ['loyal', 10, 1], ['loyal', 10, 2], ['loyal', 10, 3], ['loyal', 10, 4],
      ['festive', 20, 1], ['festive', 20, 2],
      // Ann's seventh reward on the site, her fifth of this campaign.
      ['loyal', 25, 5],
      ['festive', 40, 3],
    ]);
  });

  it("count the site's tiers over every campaign that takes the site's advocate reward, as before campaigns had their own", async () => {
    const siteTiers = { ...rebate(10), tiers: [{ from: 3, to: 3, amount: 30, incentive_description: '$30 back for your third friend' }] };
    const sale = { id: 'sale', slug: 'sale', tags: ['sale'], placement: 'post-purchase', friend_reward: { amount: 5, incentive: 'discount_coupon', incentive_description: '$5 off' } };
    collector = await startCollector({ site: { approval: { mode: 'manual' }, fraud: NO_VELOCITY, advocate_reward: siteTiers, campaigns: [sale, LOYAL] } });
    const plain = (await offerIn([], 'ann@example.com', 'A-1')).offer;
    const inSale = (await offerIn(['sale'], 'ann@example.com', 'A-2')).offer;
    const inLoyal = (await offerIn(['loyal'], 'ann@example.com', 'A-3')).offer;
    const paid: number[] = [];
    // Loyal's reward is loyal's own: it does not count toward the site's third.
    for (const [index, offer] of [plain, inLoyal, inSale, plain].entries()) {
      const referralId = await friendBuysThrough(offer, `friend${index}@example.com`, `F-${index}`);
      expect((await setStatus(collector, `F-${index}`, 'approved')).status).toBe(200);
      paid.push((await advocateReward(referralId)).amount);
    }
    expect(paid).toEqual([10, 10, 10, 30]);
  });

  it('never gives two fifth-tier rewards of a campaign when the approvals arrive at once', async () => {
    collector = await startCollector({ site: { approval: { mode: 'manual' }, fraud: NO_VELOCITY, campaigns: [LOYAL, FESTIVE] } });
    const festive = (await offerIn(['festive'], 'ann@example.com', 'A-2')).offer;
    // Rewards of the other campaign, approved first, do not count toward this one's fifth.
    for (const index of [1, 2]) {
      await friendBuysThrough(festive, `other${index}@example.com`, `O-${index}`);
      expect((await setStatus(collector, `O-${index}`, 'approved')).status).toBe(200);
    }
    const loyal = (await offerIn(['loyal'], 'ann@example.com', 'A-1')).offer;
    const ids: string[] = [];
    for (let n = 1; n <= 8; n += 1) ids.push(await friendBuysThrough(loyal, `f${n}@example.com`, `F-${n}`));
    const { db, sites } = collector.running.services;
    const site = sites.bySlug(collector.siteSlug)!;
    // Straight into the domain, all at once: each approval is its own transaction on its own connection.
    const changes = await Promise.all(ids.map((id) => changeReferralStatus(db, site, id, 'approved', 'api')));
    expect(changes.every((change) => change.changed)).toBe(true);
    const rewards = await Promise.all(ids.map(advocateReward));
    expect(rewards.map((reward) => reward.tier_position).sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(rewards.filter((reward) => reward.amount === 25)).toEqual([expect.objectContaining({ tier_position: 5, tier_from: 5, incentive_description: '$25 back for your fifth friend' })]);
  });
});
