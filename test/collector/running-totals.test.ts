import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteOverview } from '../../collector/domain/console-overview';
import { rankAdvocates } from '../../collector/store/advocate-ranking.repository';
import { recountTotals } from '../../collector/store/migrations/0015-running-totals';
import { followClaimLink } from '../support/claim-link';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { COUNTED_FROM_ROWS, rankAdvocatesFromRows } from '../support/console-recount';
import { setStatus } from '../support/referrals';
import { buy, CONSUMER, postRecord } from '../support/reverb';

/**
 * The console's running totals (daily_totals, advocate_totals) against a count of every row,
 * after a history that goes through every write they follow: offers, shares, clicks, purchases,
 * referrals approved, voided, blocked and unblocked, refunds, a click threshold, a referral
 * record, and writers at the same moment.
 */

let collector: TestCollector;
let siteId: string;
beforeAll(async () => {
  collector = await startCollector({
    publicRateLimits: false,
    trustProxy: true,
    site: { ...CONSUMER, approval: { mode: 'manual' }, threshold_rewards: [{ reward_action_type: 3, qualified_amount: 2 }] },
  });
  siteId = (await collector.running.services.db.selectFrom('sites').select('id').where('slug', '=', collector.siteSlug).executeTakeFirstOrThrow()).id;
});
afterAll(() => collector?.cleanup());

let networks = 0;
/** A click from a network of its own, so each is a distinct visitor. */
async function click(url: string) {
  networks += 1;
  return followClaimLink(url, { ip: `198.51.100.${networks}` });
}

async function advocate(email: string) {
  const answer = await collector.post('/api/v2/origins', purchase(collector, { email, order_number: `ADV-${email}`, subtotal: 40, first_name: 'Ann' }));
  expect(answer.status).toBe(201);
  return answer.body.result.offer;
}

/** A friend clicks the advocate's link on `channel` and buys. */
async function friendBuys(offer: any, email: string, order: string, subtotal: number, channel = 'facebook') {
  const { uuid } = await click(offer.claim_urls[channel]);
  const answer = await collector.post('/api/v2/origins', purchase(collector, { email, order_number: order, subtotal, uuid }));
  expect(answer.status).toBe(201);
  return answer.body.result.referral;
}

function refund(order: string, data?: Record<string, unknown>) {
  return collector.post(`/api/v2/origins/${encodeURIComponent(order)}/refund`, { api_key: collector.apiKey, site_slug: collector.siteSlug, ...(data ? { data } : {}) });
}

async function expectTotalsToMatchACount() {
  const { db } = collector.running.services;
  const today = new Date().toISOString().slice(0, 10);
  for (const period of [{ from: today, to: today }, { from: '2026-01-01', to: '2026-12-31' }]) {
    expect(await siteOverview(db, siteId, period)).toEqual(await siteOverview(db, siteId, period, COUNTED_FROM_ROWS));
  }
  expect(await rankAdvocates(db, siteId, { offset: 0, limit: 1000 })).toEqual(await rankAdvocatesFromRows(db, siteId));
}

describe('the running totals', () => {
  it('equal a count of every row after a history of every kind of write', async () => {
    const ann = await advocate('tot.ann@example.com');
    const eve = await advocate('tot.eve@example.com');
    for (const channel of ['facebook', 'whatsapp']) {
      expect((await collector.post(`/api/v2/offers/${ann.short_url_code}/shares/social`, { api_key: collector.apiKey, site_slug: collector.siteSlug, channel })).status).toBe(201);
    }

    await friendBuys(ann, 'tot.bob@example.com', 'TOT-1', 25.1);
    await friendBuys(ann, 'tot.cy@example.com', 'TOT-2', 30.2, 'whatsapp');
    await friendBuys(eve, 'tot.dee@example.com', 'TOT-3', 12.35, 'email');
    await friendBuys(eve, 'tot.fay@example.com', 'TOT-4', 9.99, 'sms');
    // A friend at a disposable mailbox is flagged for review: counted as flagged, its purchase not yet referred revenue.
    expect((await friendBuys(eve, 'tot.gil@mailinator.com', 'TOT-5', 7, 'sms')).status).toBe('flagged');
    expect((await setStatus(collector, 'TOT-2', 'approved')).status).toBe(200);
    expect((await setStatus(collector, 'TOT-3', 'voided')).status).toBe(200);
    // A pending referral refunded in full is voided; an approved one partly refunded keeps its status, not its revenue.
    expect((await refund('TOT-1')).status).toBe(200);
    expect((await refund('TOT-2', { refunded_amount: 5.05 })).status).toBe(200);

    // Self-referrals are blocked; one is unblocked by the merchant, then approved.
    const sam = await advocate('tot.sam@example.com');
    const self = await friendBuys(sam, 'tot.sam@example.com', 'TOT-SELF-1', 14);
    expect(self.status).toBe('blocked');
    const tom = await advocate('tot.tom@example.com');
    expect((await friendBuys(tom, 'tot.tom@example.com', 'TOT-SELF-2', 16)).status).toBe('blocked');
    expect((await setStatus(collector, 'TOT-SELF-1', 'unblocked')).status).toBe(200);
    expect((await setStatus(collector, 'TOT-SELF-1', 'approved')).status).toBe(200);

    // A click threshold: two distinct visitors on Eve's link credit her a referral without a purchase.
    await click(eve.claim_urls.twitter);
    await click(eve.claim_urls.twitter);
    // A referral record made by hand through Reverb's API.
    const [gus, hal] = [await buy(collector, 'tot.gus@example.com', 'TOT-G'), await buy(collector, 'tot.hal@example.com', 'TOT-H')];
    expect((await postRecord(collector, { reward_action_type: 2, referrer_advocate_uuid: gus.customerUuid, referred_customer_uuid: hal.customerUuid })).status).toBe(200);

    await expectTotalsToMatchACount();
    // The history reached every status, so the comparison above was not between empty figures.
    const today = new Date().toISOString().slice(0, 10);
    const { totals } = await siteOverview(collector.running.services.db, siteId, { from: today, to: today });
    // Pending: TOT-4, the record, and a click threshold each for Ann and Eve (two distinct visitors on each one's links).
    expect(totals.referrals).toEqual({ pending: 4, flagged: 1, approved: 2, voided: 2, blocked: 1 });
    expect(totals.claim_clicks).toBe(9);
    expect(totals.shares).toBe(2);
    expect(totals.referred_revenue).toBeCloseTo(25.15 + 9.99 + 14);
  });

  it('stay exact under writers at the same moment', async () => {
    const offers = await Promise.all(Array.from({ length: 6 }, (_, n) => advocate(`tot.busy${n}@example.com`)));
    await Promise.all(offers.flatMap((offer, n) => [0, 1, 2].map((k) => friendBuys(offer, `tot.busy${n}.f${k}@example.com`, `TOT-B${n}-${k}`, 10 + k))));
    await Promise.all(offers.flatMap((offer, n) => [setStatus(collector, `TOT-B${n}-0`, 'approved'), setStatus(collector, `TOT-B${n}-1`, 'voided'), refund(`TOT-B${n}-2`, { refunded_amount: 1.5 })]));
    await expectTotalsToMatchACount();
  });

  it('are what a recount from scratch (the migration backfill) makes of the same rows', async () => {
    const { db } = collector.running.services;
    const read = async () => ({
      daily: await db.selectFrom('daily_totals').selectAll().where('n', '<>', 0).orderBy('site_id').orderBy('day').orderBy('metric').orderBy('channel').execute(),
      advocates: await db.selectFrom('advocate_totals').selectAll().where('referrals', '<>', 0).orderBy('site_id').orderBy('person_id').execute(),
    });
    const kept = await read();
    expect(kept.daily.length).toBeGreaterThan(10);
    await recountTotals(db);
    expect(await read()).toEqual(kept);
  });
});
