import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseSiteConfig } from '../../collector/config/load-site-config';
import { changeReferralStatus } from '../../collector/domain/referral-lifecycle';
import { startCollector, type TestCollector } from '../support/collector';
import { FAST_OUTBOX, makeReferral, setStatus, webhookSite } from '../support/referrals';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

let collector: TestCollector;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await collector.cleanup();
  await receiver?.close();
  receiver = undefined;
});

/** One advocate gets many friends at once here: the velocity rules, which would flag them for review, are off. */
const NO_VELOCITY = { signals: { advocate_referrals_per_hour: { enabled: false }, advocate_referrals_per_day: { enabled: false } } };

const TIERED = {
  amount: 10,
  incentive: 'rebate',
  incentive_description: '$10 back',
  tiers: [{ from: 5, to: 5, amount: 25, incentive_description: '$25 back for your fifth friend' }],
};

async function listedReferrals() {
  const listed = await collector.get(`/api/v2/referrals?site_slug=${collector.siteSlug}&limit=100`, { authorization: `Bearer ${collector.apiKey}` });
  expect(listed.status).toBe(200);
  return listed.body.result.referrals as any[];
}

async function advocateRewards() {
  return (await listedReferrals()).flatMap((referral) => referral.rewards.filter((reward: any) => reward.side === 'advocate'));
}

/** Six friends of one advocate, each with a purchase the merchant's server reported. */
async function sixFriends() {
  const orders: string[] = [];
  for (const n of [1, 2, 3, 4, 5, 6]) {
    await makeReferral(collector, { friend: `f${n}@example.com`, order: `F-${n}` });
    orders.push(`F-${n}`);
  }
  return orders;
}

describe('reward tiers', () => {
  it("gives the advocate's fifth rewarded referral the fifth tier, and the others the reward itself", async () => {
    collector = await startCollector({ site: { approval: { mode: 'manual' }, advocate_reward: TIERED, fraud: NO_VELOCITY } });
    for (const order of await sixFriends()) expect((await setStatus(collector, order, 'approved')).status).toBe(200);
    const rewards = (await advocateRewards()).sort((a, b) => a.tier_position - b.tier_position);
    expect(rewards.map((reward) => [reward.tier_position, reward.amount, reward.tier_from])).toEqual([
      [1, '10.00', null], [2, '10.00', null], [3, '10.00', null], [4, '10.00', null], [5, '25.00', 5], [6, '10.00', null],
    ]);
    expect(rewards[4]).toMatchObject({ incentive_description: '$25 back for your fifth friend', currency: 'USD' });
  });

  it('never gives two fifth-tier rewards when the approvals arrive at once', async () => {
    collector = await startCollector({ site: { approval: { mode: 'manual' }, advocate_reward: TIERED, fraud: NO_VELOCITY } });
    const { db, sites } = collector.running.services;
    const ids: string[] = [];
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) ids.push((await makeReferral(collector, { friend: `f${n}@example.com`, order: `F-${n}` })).referral.id);
    // Straight into the domain, all at once: each approval is its own transaction on its own connection.
    const site = sites.bySlug(collector.siteSlug)!;
    const changes = await Promise.all(ids.map((id) => changeReferralStatus(db, site, id, 'approved', 'api')));
    expect(changes.every((change) => change.changed)).toBe(true);
    const rewards = await advocateRewards();
    expect(rewards.map((reward) => reward.tier_position).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rewards.filter((reward) => reward.amount === '25.00')).toHaveLength(1);
  });

  it('counts anew each calendar month with tier_period "calendar_month", and not a reward a refund took back', async () => {
    collector = await startCollector({
      site: { approval: { mode: 'manual' }, advocate_reward: { ...TIERED, tier_period: 'calendar_month', tiers: [{ from: 2, amount: 15, incentive_description: '$15 back from your second friend' }] }, fraud: NO_VELOCITY },
    });
    const db = collector.running.services.db;
    const first = await makeReferral(collector, { friend: 'f1@example.com', order: 'F-1' });
    await setStatus(collector, 'F-1', 'approved');
    // Last month's reward does not count this month.
    await db.updateTable('rewards').set({ created_at: '2000-01-15T00:00:00.000Z' }).where('referral_id', '=', first.referral.id).execute();
    await makeReferral(collector, { friend: 'f2@example.com', order: 'F-2' });
    await setStatus(collector, 'F-2', 'approved');
    await makeReferral(collector, { friend: 'f3@example.com', order: 'F-3' });
    await setStatus(collector, 'F-3', 'approved');
    const refund = await collector.post('/api/v2/origins/F-3/refund', { api_key: collector.apiKey, site_slug: collector.siteSlug });
    expect(refund.status).toBeLessThan(300);
    await makeReferral(collector, { friend: 'f4@example.com', order: 'F-4' });
    await setStatus(collector, 'F-4', 'approved');
    const byOrder = new Map((await listedReferrals()).map((referral) => [referral.origin_slug, referral.rewards.find((reward: any) => reward.side === 'advocate')]));
    expect(['F-2', 'F-3', 'F-4'].map((order) => [byOrder.get(order).tier_position, byOrder.get(order).amount])).toEqual([[1, '10.00'], [2, '15.00'], [2, '15.00']]);
  });

  it("takes a tier's percent of the friend's purchase, capped", async () => {
    collector = await startCollector({
      site: { approval: { mode: 'manual' }, advocate_reward: { ...TIERED, tiers: [{ from: 2, percent: 20, maximum_amount: 30, incentive_description: '20% of their order, up to $30' }] }, fraud: NO_VELOCITY },
    });
    await makeReferral(collector, { friend: 'f1@example.com', order: 'F-1', subtotal: 500 });
    await setStatus(collector, 'F-1', 'approved');
    await makeReferral(collector, { friend: 'f2@example.com', order: 'F-2', subtotal: 500 });
    await setStatus(collector, 'F-2', 'approved');
    await makeReferral(collector, { friend: 'f3@example.com', order: 'F-3', subtotal: 40.05 });
    await setStatus(collector, 'F-3', 'approved');
    const rewards = (await advocateRewards()).sort((a, b) => a.tier_position - b.tier_position);
    expect(rewards.map((reward) => [reward.amount, reward.percent, reward.maximum_amount])).toEqual([['10.00', null, null], ['30.00', 20, '30.00'], ['8.01', 20, '30.00']]);
  });

  const site = { site_slug: 'my-store', api_key: 'sk_live_0123456789abcdef', allowed_hosts: ['shop.example'], destination_url: 'https://shop.example/welcome' };
  const refused: [string, RegExp, Record<string, unknown>][] = [
    ['advocate_reward.tiers', /in order of from/, { advocate_reward: { ...TIERED, tiers: [{ from: 5, amount: 25, incentive_description: 'a' }, { from: 8, amount: 30, incentive_description: 'b' }] } }],
    ['advocate_reward.tiers.0.amount', /amount or percent/, { advocate_reward: { ...TIERED, tiers: [{ from: 5, incentive_description: 'a' }] } }],
    ['advocate_reward.tiers.0.to', /less than from/, { advocate_reward: { ...TIERED, tiers: [{ from: 5, to: 4, amount: 1, incentive_description: 'a' }] } }],
    ['advocate_reward.tier_period', /needs tiers/, { advocate_reward: { amount: 10, incentive: 'rebate', incentive_description: '$10', tier_period: 'calendar_month' } }],
    ['advocate_reward.tier_period', /must be one of/, { advocate_reward: { ...TIERED, tier_period: 'weekly' } }],
    ['friend_reward.tiers', /advocate's only/, { friend_reward: { ...TIERED } }],
    ['currency', /ISO 4217/, { currency: 'XYZ' }],
    ['currency', /Stripe connector/, { currency: 'eur', connectors: { stripe: { webhook_secret_env: 'STRIPE_SECRET', currency: 'usd' } } }],
  ];
  for (const [field, why, keys] of refused) {
    it(`stops the start on a bad ${field} (${why.source}), naming the key`, () => {
      const parse = () => parseSiteConfig({ sites: [{ ...site, ...keys }] }, { STRIPE_SECRET: 'whsec_x' });
      expect(parse).toThrow(ConfigError);
      expect(parse).toThrow(new RegExp(`: sites\\.0\\.${field.replace(/\./g, '\\.')}: .*${why.source}`));
    });
  }

  it("gives the Stripe connector the site's currency when it names none", () => {
    const parsed = parseSiteConfig({ sites: [{ ...site, currency: 'eur', connectors: { stripe: { webhook_secret_env: 'STRIPE_SECRET' } } }] }, { STRIPE_SECRET: 'whsec_x' });
    expect(parsed.file.sites[0]!.currency).toBe('EUR');
    expect(parsed.connectors.get('my-store')!.stripe!.currency).toBe('eur');
  });
});

describe("the friend's percentage reward", () => {
  const FRIEND_PERCENT = { percent: 10, maximum_amount: 20, incentive: 'rebate', incentive_description: '10% of your first order back, up to $20' };

  it("pays the friend the percent of their purchase back on approval, capped, in the site's currency on every answer and web hook", async () => {
    receiver = await startWebhookReceiver();
    collector = await startCollector({ site: webhookSite(receiver.url, { currency: 'eur', friend_reward: FRIEND_PERCENT, webhooks: [{ url: `${receiver.url}/rewards`, secret: 'whsec_' + Buffer.from('x'.repeat(32)).toString('base64'), events: ['reward'] }] }), outbox: FAST_OUTBOX });
    await makeReferral(collector, { friend: 'f1@example.com', order: 'F-1', subtotal: 125.05 });
    await makeReferral(collector, { advocate: 'a2@example.com', friend: 'f2@example.com', order: 'F-2', subtotal: 900 });
    await setStatus(collector, 'F-1', 'approved');
    await setStatus(collector, 'F-2', 'approved');
    const referrals = new Map((await listedReferrals()).map((referral) => [referral.origin_slug, referral]));
    const friendReward = (order: string) => referrals.get(order).rewards.find((reward: any) => reward.side === 'friend');
    expect(friendReward('F-1')).toMatchObject({ amount: '12.51', percent: 10, maximum_amount: '20.00', currency: 'EUR' });
    expect(friendReward('F-2')).toMatchObject({ amount: '20.00', currency: 'EUR' });
    expect(referrals.get('F-1')).toMatchObject({ currency: 'EUR', friend_reward_withheld_reason: null });

    const delivered = (await receiver.waitForDelivered(6)).map((request) => JSON.parse(request.body));
    const referralHook = delivered.find((payload) => payload.type === 'referral.approved' && payload.referred_origin.order_number === 'F-1');
    expect(referralHook).toMatchObject({ currency: 'EUR', friend_rewards: [{ amount: '12.51', currency: 'EUR' }], advocate_rewards: [{ amount: '10.00', currency: 'EUR' }] });
    const rewardHook = delivered.find((payload) => payload.type === 'reward.issued' && payload.reward.reason === 'referred');
    expect(rewardHook.reward).toMatchObject({ currency: 'EUR', percent: 10 });
  });

  it("shrinks to the percent of what is left after a partial refund, with the amount before and reward.reduced; the advocate's fixed reward stays", async () => {
    receiver = await startWebhookReceiver();
    collector = await startCollector({ site: webhookSite(receiver.url, { friend_reward: FRIEND_PERCENT, webhooks: [{ url: `${receiver.url}/rewards`, secret: 'whsec_' + Buffer.from('x'.repeat(32)).toString('base64'), events: ['reward'] }] }), outbox: FAST_OUTBOX });
    await makeReferral(collector, { friend: 'f1@example.com', order: 'F-1', subtotal: 150 });
    await setStatus(collector, 'F-1', 'approved');
    const refunded = await collector.post('/api/v2/origins/F-1/refund', { api_key: collector.apiKey, site_slug: collector.siteSlug, data: { refunded_amount: 60.05, reason: 'refund' } });
    expect(refunded.status).toBe(200);
    const [referral] = await listedReferrals();
    // 10% of 150 was 15.00; of the 89.95 left it is 8.995, half a cent rounding up.
    expect(referral.rewards.find((reward: any) => reward.side === 'friend')).toMatchObject({ amount: '9.00', original_amount: '15.00', reduced_amount: '9.00', reduction_applied: true, reduced_reason: 'refund:refund' });
    expect(referral.rewards.find((reward: any) => reward.side === 'advocate')).toMatchObject({ amount: '10.00', reduced_at: null });
    expect(referral.status_history.at(-1)).toMatchObject({ from: 'approved', to: 'approved', cause: 'refund:refund:friend_reward_reduced' });
    const delivered = (await receiver.waitForDelivered(4)).map((request) => JSON.parse(request.body));
    expect(delivered.filter((payload) => payload.type === 'reward.reduced').map((payload) => [payload.reward.reason, payload.reward.amount])).toEqual([['referred', '9.00']]);
  });

  it('withholds it, saying why, when only a browser reported the purchase', async () => {
    collector = await startCollector({ site: { approval: { mode: 'manual' }, friend_reward: FRIEND_PERCENT } });
    await makeReferral(collector, { friend: 'f1@example.com', order: 'F-1' });
    // The merchant's server never reported this one: a browser's subtotal is a claim.
    await collector.running.services.db.updateTable('origins').set({ verified: 0 }).where('order_number', '=', 'F-1').execute();
    expect((await setStatus(collector, 'F-1', 'approved')).status).toBe(200);
    const [referral] = await listedReferrals();
    expect(referral.rewards.map((reward: any) => reward.side)).toEqual(['advocate']);
    expect(referral.friend_reward_withheld_reason).toMatch(/^unverified_subtotal: the friend's reward is a percentage/);
  });
});
