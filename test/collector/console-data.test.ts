import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../collector/store/ids';
import { followClaimLink } from '../support/claim-link';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { consoleBrowser, type ConsoleBrowser } from '../support/console-client';
import { signedInUser } from '../support/console-users';
import { FAST_OUTBOX, makeReferral, webhookSite } from '../support/referrals';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { suppressEmail } from '../../collector/store/suppression.repository';
import { parseCsv } from '../support/csv-records';

const OWNER = { email: 'owner@shop.example', password: 'correct horse battery' };
const SITE = '/console/api/sites/test-shop';

let collector: TestCollector;
let receiver: WebhookReceiver;
let inbox: SmtpInbox;
let owner: ConsoleBrowser;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  inbox = await startSmtpInbox();
  collector = await startCollector({
    site: webhookSite(receiver.url, { smtp_url: inbox.url, mail_from: 'Test Shop <hello@shop.example>' }),
    extraSites: [{ site_slug: 'other-shop', name: 'Other Shop', api_key: 'sk_other_0123456789', allowed_hosts: ['other.example'], destination_url: 'https://other.example/' }],
    outbox: FAST_OUTBOX,
    admin: OWNER,
  });
  owner = consoleBrowser(collector);
  expect((await owner.signIn(OWNER.email, OWNER.password)).status).toBe(200);
});
afterAll(async () => {
  await collector?.cleanup();
  await receiver?.close();
  await inbox?.down();
});

const today = () => new Date().toISOString().slice(0, 10);

async function overviewToday() {
  const answer = await owner.call('GET', `${SITE}/overview?from=${today()}&to=${today()}`);
  expect(answer.status).toBe(200);
  return answer.body.result;
}

async function selfReferral(email: string, order: string) {
  const advocate = await collector.post('/api/v2/origins', purchase(collector, { email, order_number: `ADV-${order}`, subtotal: 30, first_name: 'Sam' }));
  const { uuid } = await followClaimLink(advocate.body.result.offer.claim_url);
  const again = await collector.post('/api/v2/origins', purchase(collector, { email, order_number: order, subtotal: 12, uuid }));
  expect(again.body.result.referral.status).toBe('blocked');
  return again.body.result.referral;
}

describe('the console overview', () => {
  it('counts what a referral brings, per day and per channel, from the store', async () => {
    const before = await overviewToday();
    const { advocateOffer } = await makeReferral(collector, { advocate: 'ov.ann@example.com', friend: 'ov.bob@example.com', order: 'OV-1', subtotal: 25 });
    await collector.post(`/api/v2/offers/${advocateOffer.short_url_code}/shares/social`, { api_key: collector.apiKey, site_slug: collector.siteSlug, channel: 'facebook' });
    const after = await overviewToday();

    const delta = (path: (figures: any) => number) => path(after.totals) - path(before.totals);
    // The advocate's purchase and the friend's each make an offer.
    expect(delta((t) => t.offers_created)).toBe(2);
    expect(delta((t) => t.claim_clicks)).toBe(1);
    expect(delta((t) => t.shares)).toBe(1);
    expect(delta((t) => t.friend_purchases)).toBe(1);
    expect(delta((t) => t.referrals.pending)).toBe(1);
    expect(delta((t) => t.referred_revenue)).toBeCloseTo(25);
    expect(delta((t) => t.purchase_revenue)).toBeCloseTo(65);
    expect(after.totals.referred_revenue_share).toBeCloseTo(after.totals.referred_revenue / after.totals.purchase_revenue, 3);
    expect(after.channels.facebook.shares - before.channels.facebook.shares).toBe(1);

    // One day asked, one day answered, and it holds the totals.
    expect(after.days).toHaveLength(1);
    expect(after.days[0]).toMatchObject({ day: today(), offers_created: after.totals.offers_created, claim_clicks: after.totals.claim_clicks });
    // The channels add up to the totals.
    const sum = (field: string) => Object.values(after.channels).reduce((total: number, figures: any) => total + figures[field], 0);
    expect(sum('claim_clicks')).toBe(after.totals.claim_clicks);
    expect(sum('shares')).toBe(after.totals.shares);
    expect(sum('friend_purchases')).toBe(after.totals.friend_purchases);
  });

  it('answers the last 30 days by default, days with nothing as zeros', async () => {
    const answer = await owner.call('GET', `${SITE}/overview`);
    expect(answer.status).toBe(200);
    const { days, from, to } = answer.body.result;
    expect(to).toBe(today());
    expect(days).toHaveLength(30);
    expect(days[0].day).toBe(from);
    expect(days[0]).toEqual({
      day: from,
      offers_created: 0,
      shares: 0,
      claim_clicks: 0,
      friend_purchases: 0,
      referrals: { pending: 0, flagged: 0, approved: 0, voided: 0, blocked: 0 },
      referred_revenue: 0,
      purchase_revenue: 0,
      referred_revenue_share: 0,
    });
  });

  it('refuses a period that is backwards, longer than 366 days, or not a day', async () => {
    const backwards = await owner.call('GET', `${SITE}/overview?from=2026-05-02&to=2026-05-01`);
    expect(backwards.status).toBe(422);
    expect(backwards.body).toMatchObject({ ok: false, code: 'invalid_period', field: 'from' });
    const tooLong = await owner.call('GET', `${SITE}/overview?from=2025-01-01&to=2026-01-02`);
    expect(tooLong.body).toMatchObject({ code: 'invalid_period', field: 'to' });
    const leapYear = await owner.call('GET', `${SITE}/overview?from=2024-01-01&to=2024-12-31`);
    expect(leapYear.status).toBe(200);
    expect(leapYear.body.result.days).toHaveLength(366);
    const notADay = await owner.call('GET', `${SITE}/overview?from=2026-02-30`);
    expect(notADay.status).toBe(422);
    expect(notADay.body).toMatchObject({ code: 'invalid_field', field: 'from' });
  });

  it('answers 401 without a session, and 404 for a site a reviewer may not see', async () => {
    const anonymous = consoleBrowser(collector);
    expect((await anonymous.call('GET', `${SITE}/overview`)).status).toBe(401);
    const reviewer = await signedInUser(collector, { email: 'other.reviewer@shop.example', role: 'reviewer', sites: ['other-shop'] });
    const hidden = await reviewer.call('GET', `${SITE}/overview`);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toMatchObject({ code: 'not_found', field: 'site' });
    expect((await reviewer.call('GET', '/console/api/sites/other-shop/overview')).status).toBe(200);
    expect((await reviewer.call('GET', `${SITE}/export/referrals.csv`)).status).toBe(404);
  });
});

describe('the console look-up', () => {
  it('explains a blocked self-referral in words, looked up by the email', async () => {
    const referral = await selfReferral('look.sam@example.com', 'LOOK-SELF');
    const answer = await owner.call('GET', `${SITE}/lookup?q=${encodeURIComponent(' Look.Sam@Example.com ')}`);
    expect(answer.status).toBe(200);
    const { matched, timeline, referrals } = answer.body.result;
    expect(matched).toEqual({ type: 'email', value: 'look.sam@example.com' });
    expect(referrals).toEqual([{ id: referral.id, status: 'blocked', explanation: 'blocked: self-referral — the friend is the advocate (same email); a person may unblock it in the review queue' }]);
    // Oldest first: the advocate's purchase, their offer, the click, the second purchase, the referral.
    const kinds = timeline.map((entry: any) => entry.kind);
    expect(kinds.indexOf('origin')).toBeLessThan(kinds.indexOf('claim'));
    expect(kinds.indexOf('claim')).toBeLessThan(kinds.indexOf('referral'));
    const times = timeline.map((entry: any) => entry.at);
    expect(times).toEqual([...times].sort());
    for (const entry of timeline) expect(entry).toEqual(expect.objectContaining({ at: expect.any(String), kind: expect.any(String), summary: expect.any(String), details: expect.any(Object) }));
  });

  it("follows an order from pending to approved in the console: who approved it, the note, the reward and the web hook's delivery", async () => {
    const { referral, advocateOffer } = await makeReferral(collector, { advocate: 'look.ann@example.com', friend: 'look.bob@example.com', order: 'LOOK-1', subtotal: 30 });
    const pending = await owner.call('GET', `${SITE}/lookup?q=LOOK-1`);
    expect(pending.body.result.matched).toEqual({ type: 'order', value: 'LOOK-1' });
    expect(pending.body.result.referrals).toEqual([{ id: referral.id, status: 'pending', explanation: "pending: waiting for the merchant's approval (this site approves every referral by hand)" }]);

    const before = receiver.received.length;
    expect((await owner.call('POST', `${SITE}/referrals/${referral.id}/approve`, { note: 'order shipped' })).status).toBe(200);
    await receiver.waitForDelivered(before + 1);
    // The delivery is recorded after the receiver answers: wait for the look-up to show it.
    let timeline: any[] = [];
    for (let tries = 0; tries < 100; tries++) {
      timeline = (await owner.call('GET', `${SITE}/lookup?q=LOOK-1`)).body.result.timeline;
      if (timeline.some((entry) => entry.kind === 'webhook' && entry.details.status === 'delivered')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // The friend's click on the advocate's link is part of the order's story.
    expect(timeline.find((entry) => entry.kind === 'claim').summary).toMatch(/^Claim click on the \w+ link of Ann Advocate <look\.ann@example\.com>'s offer$/);
    const change = timeline.find((entry) => entry.kind === 'status_change');
    expect(change.summary).toBe('Referral pending → approved by owner@shop.example: "order shipped"');
    expect(change.details).toMatchObject({ from: 'pending', to: 'approved', by: OWNER.email, note: 'order shipped', cause: 'console:approve' });
    const reward = timeline.find((entry) => entry.kind === 'reward' && entry.details.side === 'advocate');
    expect(reward).toBeDefined();
    const webhook = timeline.find((entry) => entry.kind === 'webhook' && entry.details.status === 'delivered');
    expect(webhook.summary).toMatch(/delivered \(HTTP 2\d\d\)/);
    const explained = timeline.find((entry) => entry.kind === 'referral');
    expect(explained.explanation).toMatch(/^approved: reward .+ issued.*; approved by owner@shop\.example \("order shipped"\)$/);

    // The offer's short code and its link find the advocate's offer.
    const byCode = await owner.call('GET', `${SITE}/lookup?q=${advocateOffer.short_url_code}`);
    expect(byCode.body.result.matched).toEqual({ type: 'short_code', value: advocateOffer.short_url_code });
    expect(byCode.body.result.referrals.map((entry: any) => entry.id)).toContain(referral.id);
    const byLink = await owner.call('GET', `${SITE}/lookup?q=${encodeURIComponent(advocateOffer.claim_url)}`);
    expect(byLink.body.result.referrals.map((entry: any) => entry.id)).toContain(referral.id);
  });

  it("says a refunded order's referral was voided because of the refund", async () => {
    const { referral } = await makeReferral(collector, { advocate: 'refund.ann@example.com', friend: 'refund.bob@example.com', order: 'LOOK-R' });
    const refunded = await collector.post('/api/v2/origins/LOOK-R/refund', { api_key: collector.apiKey, site_slug: collector.siteSlug });
    expect(refunded.status).toBe(200);
    const answer = await owner.call('GET', `${SITE}/lookup?q=refund.bob@example.com`);
    expect(answer.body.result.referrals).toEqual([{ id: referral.id, status: 'voided', explanation: "voided: the friend's order was refunded" }]);
    expect(answer.body.result.timeline.some((entry: any) => entry.kind === 'origin' && /refunded/.test(entry.summary))).toBe(true);
  });

  it('shows the invites an advocate sent: delivered, or not sent to an address that unsubscribed; and finds an invited friend who has not bought', async () => {
    const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'inv.ann@example.com', order_number: 'INV-A', subtotal: 30, first_name: 'Ann' }));
    const code = advocate.body.result.offer.short_url_code;
    const siteId = collector.running.services.sites.bySlug('test-shop')!.id;
    await suppressEmail(collector.running.services.db, siteId, 'inv.cy@example.com', 'unsubscribe_link', new Date());
    const shared = await collector.post(`/api/v2/offers/${code}/shares/email`, { api_key: collector.apiKey, site_slug: collector.siteSlug, recipients: 'inv.bob@example.com, inv.cy@example.com' });
    expect(shared.status).toBe(201);
    await inbox.waitForMessageTo('inv.bob@example.com');

    let invites: any[] = [];
    for (let tries = 0; tries < 100; tries++) {
      const { timeline } = (await owner.call('GET', `${SITE}/lookup?q=inv.ann@example.com`)).body.result;
      invites = timeline.filter((entry: any) => entry.kind === 'invite');
      if (invites.some((entry) => entry.details.delivery_status === 'delivered')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(invites.find((entry) => entry.details.email === 'inv.bob@example.com').summary).toBe('Invite to inv.bob@example.com from Ann <inv.ann@example.com>: delivered');
    expect(invites.find((entry) => entry.details.email === 'inv.cy@example.com').summary).toMatch(/^Invite to inv\.cy@example\.com from Ann <inv\.ann@example\.com> not sent: unsubscribed/);

    const friend = await owner.call('GET', `${SITE}/lookup?q=inv.cy@example.com`);
    expect(friend.body.result.matched).toEqual({ type: 'email', value: 'inv.cy@example.com' });
    const kinds = friend.body.result.timeline.map((entry: any) => entry.summary);
    expect(kinds.some((summary: string) => /asked for no more invites/.test(summary))).toBe(true);
    expect(kinds.some((summary: string) => /^Invite to inv\.cy@example\.com .* not sent/.test(summary))).toBe(true);
  });

  it('answers an unknown q with an empty timeline and matched null, not 404; an empty q is refused', async () => {
    const answer = await owner.call('GET', `${SITE}/lookup?q=nobody-at-all`);
    expect(answer.status).toBe(200);
    expect(answer.body.result).toEqual({ q: 'nobody-at-all', matched: null, timeline: [], referrals: [] });
    const empty = await owner.call('GET', `${SITE}/lookup?q=`);
    expect(empty.status).toBe(422);
    expect(empty.body).toMatchObject({ field: 'q' });
  });

  it("does not find another site's people", async () => {
    await makeReferral(collector, { advocate: 'mine.ann@example.com', friend: 'mine.bob@example.com', order: 'MINE-1' });
    const elsewhere = await owner.call('GET', '/console/api/sites/other-shop/lookup?q=mine.bob@example.com');
    expect(elsewhere.body.result.matched).toBeNull();
  });
});

describe('the review queue on a busy store', () => {
  it('pages pending and unblocked referrals together, oldest first, without losing or repeating one', async () => {
    const blocked = await selfReferral('queue.una@example.com', 'Q-SELF');
    const first = await makeReferral(collector, { advocate: 'queue2.ann@example.com', friend: 'queue2.bob@example.com', order: 'Q2-1' });
    expect((await owner.call('POST', `${SITE}/referrals/${blocked.id}/unblock`, {})).status).toBe(200);
    const later = await makeReferral(collector, { advocate: 'queue3.ann@example.com', friend: 'queue3.bob@example.com', order: 'Q3-1' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await owner.call('GET', `${SITE}/review-queue?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.result.referrals.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.result.referrals.map((referral: any) => referral.id));
      cursor = page.body.result.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    // The unblocked one waits with the pending ones, in the order they were made.
    expect(seen.indexOf(blocked.id)).toBeLessThan(seen.indexOf(first.referral.id));
    expect(seen.indexOf(first.referral.id)).toBeLessThan(seen.indexOf(later.referral.id));
  });
});

describe('the console advocates', () => {
  it('ranks by approved referrals, then referred revenue, and shows one advocate', async () => {
    const two = await makeReferral(collector, { advocate: 'rank.two@example.com', friend: 'rank.two.f1@example.com', order: 'RANK-1', subtotal: 10 });
    const twoOffer = two.advocateOffer;
    const { uuid } = await followClaimLink(twoOffer.claim_url);
    const second = await collector.post('/api/v2/origins', purchase(collector, { email: 'rank.two.f2@example.com', order_number: 'RANK-2', subtotal: 10, uuid }));
    const rich = await makeReferral(collector, { advocate: 'rank.rich@example.com', friend: 'rank.rich.f1@example.com', order: 'RANK-3', subtotal: 500 });
    for (const id of [two.referral.id, second.body.result.referral.id, rich.referral.id]) {
      expect((await owner.call('POST', `${SITE}/referrals/${id}/approve`, {})).status).toBe(200);
    }
    const ranking = await owner.call('GET', `${SITE}/advocates?limit=100`);
    expect(ranking.status).toBe(200);
    const emails = ranking.body.result.advocates.map((advocate: any) => advocate.email);
    expect(emails.indexOf('rank.two@example.com')).toBeLessThan(emails.indexOf('rank.rich@example.com'));
    expect(ranking.body.result.advocates.find((advocate: any) => advocate.email === 'rank.two@example.com')).toMatchObject({ approved_referrals: 2, referrals: 2, referred_revenue: 20, name: 'Ann Advocate' });
    // The ranking's order, whatever else the file made: approved referrals, then revenue.
    const keys = ranking.body.result.advocates.map((advocate: any) => [advocate.approved_referrals, advocate.referred_revenue]);
    for (let i = 1; i < keys.length; i++) expect(keys[i - 1][0] > keys[i][0] || (keys[i - 1][0] === keys[i][0] && keys[i - 1][1] >= keys[i][1])).toBe(true);

    const firstPage = await owner.call('GET', `${SITE}/advocates?limit=1`);
    expect(firstPage.body.result.advocates).toHaveLength(1);
    const nextPage = await owner.call('GET', `${SITE}/advocates?limit=1&cursor=${firstPage.body.result.next_cursor}`);
    expect(nextPage.body.result.advocates[0].id).toBe(ranking.body.result.advocates[1].id);

    const page = await owner.call('GET', `${SITE}/advocates/rank.two@example.com`);
    expect(page.status).toBe(200);
    const { advocate, offers, counts, rewards, referrals } = page.body.result;
    expect(advocate).toMatchObject({ email: 'rank.two@example.com', name: 'Ann Advocate' });
    expect(offers).toHaveLength(1);
    expect(offers[0].short_url_code).toBe(twoOffer.short_url_code);
    expect(offers[0].links.map((link: any) => link.channel)).toContain('facebook');
    expect(counts).toEqual({ pending: 0, flagged: 0, approved: 2, voided: 0, blocked: 0, total: 2 });
    expect(rewards).toHaveLength(2);
    expect(referrals.map((referral: any) => referral.order_number).sort()).toEqual(['RANK-1', 'RANK-2']);
    expect(referrals[0].explanation).toMatch(/^approved: reward /);

    const byId = await owner.call('GET', `${SITE}/advocates/${advocate.id}`);
    expect(byId.body.result.advocate.email).toBe('rank.two@example.com');
    const unknown = await owner.call('GET', `${SITE}/advocates/nobody@example.com`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'advocate_not_found', field: 'advocate' });
  });
});

/** Stores `count` pending referrals of one advocate straight into the store, in batches, as a large shop's would be. */
async function storeManyReferrals(count: number, prefix: string): Promise<void> {
  const db = collector.running.services.db;
  const siteId = collector.running.services.sites.bySlug('test-shop')!.id;
  const at = new Date().toISOString();
  const advocateId = newId();
  const advocateOriginId = newId();
  const offerId = newId();
  await db.insertInto('people').values({ id: advocateId, site_id: siteId, identity_key: `email:${prefix}.advocate@example.com`, email: `${prefix}.advocate@example.com`, customer_id: null, first_name: null, last_name: null, custom_properties: null, created_at: at }).execute();
  await db
    .insertInto('origins')
    .values({ id: advocateOriginId, site_id: siteId, person_id: advocateId, type: 'Purchase', idempotency_key: `Purchase:${prefix}-A`, order_number: `${prefix}-A`, order_number_is_numeric: 0, event_category: null, event_number: null, subtotal: 40, order_date: at, coupon_code: null, items: null, campaign_tags: null, ip_address: null, visitor_uuid: null, verified: 1, created_at: at })
    .execute();
  await db.insertInto('offers').values({ id: offerId, site_id: siteId, origin_id: advocateOriginId, person_id: advocateId, short_url_code: `${prefix}code`, friend_coupon_code: `${prefix}-COUPON`, created_at: at }).execute();
  for (let start = 0; start < count; start += 200) {
    const batch = Array.from({ length: Math.min(200, count - start) }, (_, k) => ({ n: start + k, personId: newId(), originId: newId(), referralId: newId() }));
    await db
      .insertInto('people')
      .values(batch.map(({ n, personId }) => ({ id: personId, site_id: siteId, identity_key: `email:${prefix}.f${n}@example.com`, email: `${prefix}.f${n}@example.com`, customer_id: null, first_name: null, last_name: null, custom_properties: null, created_at: at })))
      .execute();
    await db
      .insertInto('origins')
      .values(
        batch.map(({ n, personId, originId }) => ({
          id: originId, site_id: siteId, person_id: personId, type: 'Purchase' as const, idempotency_key: `Purchase:${prefix}-${n}`, order_number: `${prefix}-${n}`, order_number_is_numeric: 0,
          event_category: null, event_number: null, subtotal: 10, order_date: at, coupon_code: null, items: null, campaign_tags: null, ip_address: null, visitor_uuid: null, verified: 1, created_at: at,
        })),
      )
      .execute();
    await db
      .insertInto('referrals')
      .values(
        batch.map(({ personId, originId, referralId }) => ({
          id: referralId, site_id: siteId, advocate_offer_id: offerId, advocate_person_id: advocateId, friend_origin_id: originId, friend_person_id: personId, claim_id: null,
          attributed_by: 'coupon', status: 'pending' as const, blocked_reason: null, approve_after: null, advocate_reward_withheld_reason: null, created_at: at, updated_at: at,
          reward_action_type: 1 as const, level: 1, qualified_amount: null, referred_order_number: null, share_code: null, reward_amount: null, incentive_amount: null, reward_qualified: 1, incentive_qualified: 1,
        })),
      )
      .execute();
  }
}

describe('the console CSV export', () => {
  it('streams every referral, quoted, with formula-looking text defused, as an attachment; the export is audited', async () => {
    const hostile = await makeReferral(collector, {
      advocate: 'csv.ann@example.com',
      friend: 'csv.bob@example.com',
      order: 'CSV,"1"',
      friendData: { first_name: '=HYPERLINK("http://evil.example")', last_name: 'Smith, Jr.' },
    });
    await storeManyReferrals(3000, 'bulk');
    const total = (await collector.running.services.db.selectFrom('referrals').select((eb) => eb.fn.countAll<number>().as('n')).where('site_id', '=', collector.running.services.sites.bySlug('test-shop')!.id).executeTakeFirstOrThrow()).n;

    const response = await fetch(`${collector.url}${SITE}/export/referrals.csv`, { headers: { cookie: `vouch_session=${owner.cookie}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="referrals-test-shop-\d{4}-\d{2}-\d{2}\.csv"$/);
    // Streamed: no length known up front, and the body comes in pieces.
    expect(response.headers.get('content-length')).toBeNull();
    const reader = response.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    expect(chunks.length).toBeGreaterThan(1);
    const text = Buffer.concat(chunks).toString('utf8');
    const [header, ...rows] = parseCsv(text);
    expect(header!.slice(0, 8)).toEqual(['referral_id', 'created_at', 'status', 'advocate_email', 'advocate_name', 'friend_email', 'friend_name', 'order_number']);
    expect(rows).toHaveLength(Number(total));
    expect(new Set(rows.map((row) => row[0])).size).toBe(rows.length);
    expect(rows.every((row) => row.length === header!.length)).toBe(true);
    const row = rows.find((candidate) => candidate[0] === hostile.referral.id)!;
    expect(row[5]).toBe('csv.bob@example.com');
    expect(row[6]).toBe('\'=HYPERLINK("http://evil.example") Smith, Jr.');
    expect(row[7]).toBe('CSV,"1"');
    expect(text).toContain('"\'=HYPERLINK(""http://evil.example"") Smith, Jr."');

    const audit = await owner.call('GET', '/console/api/audit');
    expect(audit.body.result.entries[0]).toMatchObject({ actor: { email: OWNER.email }, action: 'export.referrals', site: 'test-shop', subject: 'referrals.csv' });
  });

  it('sends the first rows before the last page is read', async () => {
    const response = await fetch(`${collector.url}${SITE}/export/referrals.csv?status=pending`, { headers: { cookie: `vouch_session=${owner.cookie}` } });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(Buffer.from(first.value!).toString('utf8')).toMatch(/^referral_id,created_at,status/);
    // The first piece is the header or a page, far from the thousands of rows still to come.
    expect(first.value!.length).toBeLessThan(500 * 400);
    await reader.cancel();
  });

  it('filters by status and days; names the filters in the audit log; refuses a bad filter', async () => {
    await selfReferral('csv.sam@example.com', 'CSV-SELF');
    const blocked = await owner.call('GET', `${SITE}/export/referrals.csv?status=blocked&from=${today()}&to=${today()}`);
    expect(blocked.status).toBe(200);
    const [, ...rows] = parseCsv(blocked.body as string);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row[2] === 'blocked')).toBe(true);
    expect(rows.some((row) => row[13]!.startsWith('self-referral — '))).toBe(true);
    const audit = await owner.call('GET', '/console/api/audit');
    expect(audit.body.result.entries[0]).toMatchObject({ action: 'export.referrals' });
    const db = collector.running.services.db;
    const entry = await db.selectFrom('audit_log').selectAll().where('id', '=', audit.body.result.entries[0].id).executeTakeFirstOrThrow();
    expect(JSON.parse(entry.detail!)).toEqual({ filters: { status: 'blocked', from: today(), to: today() } });

    const none = await owner.call('GET', `${SITE}/export/referrals.csv?from=1999-01-01&to=1999-01-02`);
    expect(parseCsv(none.body as string)).toHaveLength(1);
    const bad = await owner.call('GET', `${SITE}/export/referrals.csv?status=gone`);
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ ok: false, field: 'status' });
  });

  it('exports web hook deliveries with their last response status', async () => {
    const response = await owner.call('GET', `${SITE}/export/webhook-deliveries.csv?status=delivered`);
    expect(response.status).toBe(200);
    const [header, ...rows] = parseCsv(response.body as string);
    expect(header).toEqual(['delivery_id', 'created_at', 'event_type', 'subject_id', 'endpoint_url', 'status', 'attempts', 'last_response_status', 'last_error', 'delivered_at']);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row[5] === 'delivered' && /^2\d\d$/.test(row[7]!))).toBe(true);
  });
});
