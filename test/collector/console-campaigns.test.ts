import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type TestCollector } from '../support/collector';
import { consoleBrowser, type ConsoleBrowser } from '../support/console-client';
import { emailsInVariant, seedVariant } from '../support/experiment-seed';

const OWNER = { email: 'owner@shop.example', password: 'correct horse battery' };
const SITE = '/console/api/sites/test-shop';
// A fixed key: the addresses are picked by the assignment hash under it.
const API_KEY = 'console-campaigns-test-api-key-0001';
const VARIANTS = [
  { id: 'control', weight: 1 },
  { id: 'double', weight: 1, advocate_reward: { amount: 20, incentive: 'rebate', incentive_description: '€20 back' } },
];
// No experiment of its own, and not the site's either (a campaign without `variants` runs the site's).
const SPRING = { id: 'spring', slug: 'spring-sale', name: 'Spring sale', tags: ['spring'], placement: 'post-purchase', currency: 'GBP', starts_at: '2020-03-01T00:00:00Z', ends_at: '2020-04-01T00:00:00Z', variants: [] };
// An experiment of its own.
const HOLIDAY = { id: 'holiday', slug: 'holiday', name: 'Holiday', tags: ['holiday'], placement: 'standalone', variants: [{ id: 'plain', weight: 3 }, { id: 'bold', weight: 1, strings: { headline: 'Give £15, get £15' } }] };

let collector: TestCollector;
let owner: ConsoleBrowser;
beforeAll(async () => {
  collector = await startCollector({ apiKey: API_KEY, admin: OWNER, site: { name: 'Test Shop', currency: 'EUR', approval: { mode: 'manual' }, variants: VARIANTS, campaigns: [SPRING, HOLIDAY] } });
  owner = consoleBrowser(collector);
  expect((await owner.signIn(OWNER.email, OWNER.password)).status).toBe(200);
  const friends = emailsInVariant(VARIANTS, API_KEY, 'control', 3, 'friend');
  await seedVariant(collector, { advocates: emailsInVariant(VARIANTS, API_KEY, 'control', 4, 'c'), shared: 2, clicked: 2, referred: 1, subtotal: 40, friends: friends.slice(0, 1) });
  await seedVariant(collector, { advocates: emailsInVariant(VARIANTS, API_KEY, 'double', 4, 'd'), shared: 3, clicked: 3, referred: 2, subtotal: 40, friends: friends.slice(1) });
});
afterAll(async () => {
  await collector?.cleanup();
});

describe('the console campaigns', () => {
  it("lists the site's campaigns with their status, currency and whether they run the experiment", async () => {
    const answer = await owner.call('GET', `${SITE}/campaigns`);
    expect(answer.status).toBe(200);
    const site = collector.running.services.sites.bySlug(collector.siteSlug)!;
    expect(answer.body.result.campaigns).toEqual([
      { id: site.id, name: 'Test Shop', slug: 'test-shop', is_default: true, status: 'Live', starts_at: null, ends_at: null, experiment: true, currency: 'EUR' },
      { id: 'spring', name: 'Spring sale', slug: 'spring-sale', is_default: false, status: 'Disabled', starts_at: SPRING.starts_at, ends_at: SPRING.ends_at, experiment: false, currency: 'GBP' },
      { id: 'holiday', name: 'Holiday', slug: 'holiday', is_default: false, status: 'Live', starts_at: null, ends_at: null, experiment: true, currency: 'EUR' },
    ]);
  });

  it("answers the experiment's results as GET /api/v2/campaigns/<id>/results does, with the currency", async () => {
    const site = collector.running.services.sites.bySlug(collector.siteSlug)!;
    const console = await owner.call('GET', `${SITE}/campaigns/${site.id}/results`);
    expect(console.status).toBe(200);
    const api = await collector.get(`/api/v2/campaigns/${site.id}/results?site_slug=${collector.siteSlug}`, { authorization: `Bearer ${collector.apiKey}` });
    expect(api.status).toBe(200);
    const { currency, ...same } = console.body.result;
    expect(currency).toBe('EUR');
    expect(same).toEqual(api.body.result);
    // Control: 4 advocates and the 3 friends (placed in the control), 2 shared, 2 clicked, 1 referred; double: 4, 3, 3, 2.
    const [control, double] = console.body.result.variants;
    expect(control).toMatchObject({ id: 'control', control: true, funnel: { offers: 7, shares: 2, clicks: 2, referrals: 1, revenue: 40 } });
    expect(double).toMatchObject({ id: 'double', control: false, funnel: { offers: 4, shares: 3, clicks: 3, referrals: 2, revenue: 80 } });
    expect(double.referral_rate).toMatchObject({ offers: 2, rate: 0.5 });
  });

  it("answers no variants for a campaign without an experiment, a campaign's own variants, 404 for an unknown one, 401 without a session", async () => {
    const spring = await owner.call('GET', `${SITE}/campaigns/spring/results`);
    expect(spring.status).toBe(200);
    expect(spring.body.result).toMatchObject({ campaign: { id: 'spring', cached_slug: 'spring-sale' }, currency: 'GBP', variants: [] });
    const holiday = await owner.call('GET', `${SITE}/campaigns/holiday/results`);
    // Its own variants, with their weights, none of the site's; no offer was made in it yet.
    expect(holiday.body.result.variants.map((variant: { id: string; weight: number; funnel: { offers: number } }) => [variant.id, variant.weight, variant.funnel.offers])).toEqual([
      ['plain', 3, 0],
      ['bold', 1, 0],
    ]);
    const unknown = await owner.call('GET', `${SITE}/campaigns/no-such-campaign/results`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ ok: false, code: 'not_found' });
    expect(JSON.stringify(unknown.body)).toContain('campaign');
    const anonymous = consoleBrowser(collector);
    expect((await anonymous.call('GET', `${SITE}/campaigns`)).status).toBe(401);
    expect((await anonymous.call('GET', `${SITE}/campaigns/spring/results`)).status).toBe(401);
  });
});
