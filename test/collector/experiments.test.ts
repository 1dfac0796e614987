import { afterEach, describe, expect, it } from 'vitest';
import { purchase, startCollector, type JsonResponse, type TestCollector } from '../support/collector';
import { FAST_OUTBOX, makeReferral, setStatus, webhookSite } from '../support/referrals';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

let collectors: TestCollector[] = [];
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  for (const collector of collectors.reverse()) await collector.cleanup();
  collectors = [];
  await receiver?.close();
  receiver = undefined;
});

// A fixed key: assignment is a keyed hash, so the same advocates land in the same variants on every run.
const API_KEY = 'experiment-test-api-key-000000001';

const DOUBLE = {
  id: 'double',
  weight: 1,
  advocate_reward: { amount: 20, incentive: 'rebate', incentive_description: '$20 back' },
  friend_reward: { amount: 20, incentive: 'discount_coupon', incentive_description: '$20 off your first order' },
  share_channels: ['whatsapp', 'email'],
  strings: { headline: 'Give {friend}, get {advocate}: double this week' },
};
const VARIANTS = [{ id: 'control', weight: 1 }, DOUBLE];

async function start(extra: Record<string, unknown> = {}, reuse?: TestCollector) {
  const collector = await startCollector({ apiKey: API_KEY, site: { approval: { mode: 'manual' }, variants: VARIANTS, ...extra }, ...(reuse ? { reuse } : {}) });
  collectors.push(collector);
  return collector;
}

const bearer = (collector: TestCollector) => ({ authorization: `Bearer ${collector.apiKey}` });

async function advocateOffer(collector: TestCollector, email: string, order: string, uuid?: string) {
  const answer = await collector.post('/api/v2/origins', purchase(collector, { email, order_number: order, subtotal: 30, ...(uuid ? { uuid } : {}) }));
  expect(answer.status).toBe(201);
  return answer.body.result;
}

async function rewardAmounts(collector: TestCollector, referralId: string) {
  const rows = await collector.running.services.db.selectFrom('rewards').select(['side', 'amount']).where('referral_id', '=', referralId).orderBy('side').execute();
  return Object.fromEntries(rows.map((row) => [row.side, row.amount]));
}

describe('A/B experiments', () => {
  it('records each offer with its variant, pays that variant\'s rewards, names it in answers and web hooks, and counts it in the results', async () => {
    receiver = await startWebhookReceiver();
    const collector = await start(webhookSite(receiver.url, { variants: VARIANTS }));
    const offers: (JsonResponse['body'] & { email: string })[] = [];
    for (let n = 1; n <= 12; n += 1) offers.push({ email: `adv${n}@example.com`, ...(await advocateOffer(collector, `adv${n}@example.com`, `A-${n}`)) });
    const inDouble = offers.filter((answer) => answer.offer.variant_id === 'double');
    const inControl = offers.filter((answer) => answer.offer.variant_id === 'control');
    expect(inDouble.length + inControl.length).toBe(12);
    expect(inDouble.length).toBeGreaterThan(0);
    expect(inControl.length).toBeGreaterThan(0);
    // The widget reads the variant's rewards, copy and channels from the campaign the answer names.
    expect(inDouble[0]!.campaign).toMatchObject({
      friend_reward: { incentive_description: '$20 off your first order' },
      advocate_reward: { amount: 20 },
      variant: { id: 'double', share_channels: ['whatsapp', 'email'], strings: { headline: 'Give {friend}, get {advocate}: double this week' } },
    });
    expect(inControl[0]!.campaign).toMatchObject({ advocate_reward: { amount: 10 }, variant: { id: 'control', share_channels: null, strings: {} } });

    // One referral through an offer of each variant, approved by the merchant: each pays its variant's amounts.
    const paid: Record<string, Record<string, number | null>> = {};
    const madeLater: string[] = [];
    for (const [name, answer] of [['control', inControl[0]!], ['double', inDouble[0]!]] as const) {
      const { referral, originSlug, advocateOffer: again, friend } = await makeReferral(collector, { advocate: answer.email, friend: `friend-${name}@example.com`, order: `F-${name}`, subtotal: 25 });
      // makeReferral's advocate purchase is a second offer of the same advocate: it keeps the variant.
      expect(again.variant_id).toBe(name);
      // The friend's purchase makes the friend an advocate too, with an offer in a variant of their own.
      madeLater.push(again.variant_id, friend.offer.variant_id);
      expect((await setStatus(collector, originSlug, 'approved')).status).toBe(200);
      paid[name] = await rewardAmounts(collector, referral.id);
    }
    expect(paid).toEqual({ control: { advocate: 10, friend: 10 }, double: { advocate: 20, friend: 20 } });

    const share = await collector.post(`/api/v2/offers/${inDouble[0]!.offer.short_url_code}/shares/social`, { site_slug: collector.siteSlug, api_key: collector.apiKey, channel: 'whatsapp' });
    expect(share.status).toBe(201);
    expect(share.body.result.share.offer.variant_id).toBe('double');

    const hooks = (await receiver.waitForDelivered(2)).map((request) => JSON.parse(request.body));
    expect(hooks.map((payload) => payload.offer.variant_id).sort()).toEqual(['control', 'double']);

    const campaignId = inDouble[0]!.campaign.id;
    const results = await collector.get(`/api/v2/campaigns/${campaignId}/results?site_slug=${collector.siteSlug}`, bearer(collector));
    expect(results.status).toBe(200);
    const [control, double] = results.body.result.variants;
    const offersIn = (id: string) => offers.filter((answer) => answer.offer.variant_id === id).length + madeLater.filter((made) => made === id).length;
    expect(control).toMatchObject({ id: 'control', control: true, weight: 1, funnel: { offers: offersIn('control'), shares: 0, clicks: 1, referrals: 1, revenue: 25 } });
    expect(double).toMatchObject({ id: 'double', control: false, funnel: { offers: offersIn('double'), shares: 1, clicks: 1, referrals: 1, revenue: 25 } });
    expect(double.referral_rate).toMatchObject({ offers: 1, rate: 1 / offersIn('double') });
    expect(double.referral_rate.vs_control).toMatchObject({ significant: false });
    expect(double.referral_rate.confidence_interval.low).toBeGreaterThanOrEqual(0);
    expect(results.body.result.test).toMatchObject({ name: 'two-proportion z-test (pooled, two-sided)', alpha: 0.05 });
  });

  it('keeps an advocate in their variant across visits and devices, and after the weights change', async () => {
    const first = await start();
    const phone = await advocateOffer(first, 'Sticky@Example.com', 'S-1', '11111111-1111-4111-8111-111111111111');
    const laptop = await advocateOffer(first, 'sticky@example.com', 'S-2', '22222222-2222-4222-8222-222222222222');
    expect(laptop.offer.variant_id).toBe(phone.offer.variant_id);
    await first.stop();
    // Nearly all new traffic now goes to the other variant; the advocate already placed stays.
    const other = phone.offer.variant_id === 'control' ? 'double' : 'control';
    const reweighted = VARIANTS.map((variant) => ({ ...variant, weight: variant.id === other ? 1_000_000 : 1 }));
    const second = await start({ variants: reweighted }, first);
    const later = await advocateOffer(second, 'sticky@example.com', 'S-3');
    expect(later.offer.variant_id).toBe(phone.offer.variant_id);
    expect((await advocateOffer(second, 'newcomer@example.com', 'S-4')).offer.variant_id).toBe(other);
  });

  it('answers the results only to the secret key, and only for the site\'s campaign', async () => {
    const collector = await start();
    const { campaign } = await advocateOffer(collector, 'ann@example.com', 'R-1');
    const path = `/api/v2/campaigns/${campaign.id}/results?site_slug=${collector.siteSlug}`;
    expect((await collector.get(path)).status).toBe(401);
    const unknown = await collector.get(`/api/v2/campaigns/not-this-one/results?site_slug=${collector.siteSlug}`, bearer(collector));
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ ok: false, code: 'not_found', errors: [{ field: 'campaign_id' }] });
  });

  it('makes no variant without an experiment', async () => {
    const collector = await start({ variants: [] });
    const { offer, campaign } = await advocateOffer(collector, 'ann@example.com', 'N-1');
    expect(offer.variant_id).toBeNull();
    expect(campaign.variant).toBeNull();
    const results = await collector.get(`/api/v2/campaigns/${campaign.id}/results?site_slug=${collector.siteSlug}`, bearer(collector));
    expect(results.body.result.variants).toEqual([]);
  });
});
