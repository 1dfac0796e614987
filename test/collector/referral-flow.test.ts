import { describe, expect } from 'vitest';
import { followClaimLink } from '../support/claim-link';
import { purchase } from '../support/collector';
import { freshCollectorTest } from '../support/collector-fixture';

const it = freshCollectorTest();
/** The same, on a collector that shows friends a claim page instead of redirecting at once. */
const itWithClaimPage = freshCollectorTest({ showClaimPage: true });

describe('advocate → claim → friend purchase → referral', () => {

  it('credits the friend purchase to the advocate whose link the friend followed', async ({ collector }) => {
    const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 80 }));
    expect(advocate.status).toBe(201);
    const offer = advocate.body.result.offer;
    expect(offer.short_url_code).toMatch(/^[A-Za-z0-9]{8}$/);
    expect(offer.email).toBe('ann@example.com');
    const channels = Object.keys(offer.claim_urls).sort();
    expect(channels).toEqual(['email', 'facebook', 'linkedin', 'other', 'sms', 'twitter', 'whatsapp']);
    expect(new Set(Object.values(offer.claim_urls)).size).toBe(7);

    const { landingUrl, uuid } = await followClaimLink(offer.claim_urls.whatsapp);
    expect(landingUrl.href).toBe(`https://shop.example/welcome?vouch_uuid=${uuid}`);

    const friend = await collector.post(
      '/api/v2/origins',
      purchase(collector, { email: 'bob@example.com', order_number: 'B-1', subtotal: 55.5, uuid }),
    );
    expect(friend.status).toBe(201);
    expect(friend.body.result.referral).toMatchObject({
      status: 'pending',
      attributed_by: 'uuid',
      advocate_offer: { short_url_code: offer.short_url_code },
    });
    // The friend gets an offer of their own to share.
    expect(friend.body.result.offer.short_url_code).not.toBe(offer.short_url_code);
  });

  it('makes no referral for a purchase without a claim or coupon', async ({ collector }) => {
    const response = await collector.post('/api/v2/origins', purchase(collector, { email: 'solo@example.com', order_number: 1, subtotal: 10 }));
    expect(response.status).toBe(201);
    expect(response.body.result.referral).toBeUndefined();
    expect(response.body.result.origin).toMatchObject({ type: 'Purchase', order_number: 1, subtotal: 10, coupon_code: '' });
  });

  it("credits the friend who types the advocate's friend coupon at checkout", async ({ collector }) => {
    const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 80 }));
    const offerRow = await collector.running.services.db
      .selectFrom('offers')
      .select('friend_coupon_code')
      .where('short_url_code', '=', advocate.body.result.offer.short_url_code)
      .executeTakeFirstOrThrow();
    const friend = await collector.post(
      '/api/v2/origins',
      purchase(collector, { email: 'cy@example.com', order_number: 'C-1', subtotal: 20, coupon_code: offerRow.friend_coupon_code.toLowerCase() }),
    );
    expect(friend.body.result.referral).toMatchObject({ status: 'pending', attributed_by: 'coupon' });
  });

  it('gives the most recent claim the credit when a friend followed two advocates', async ({ collector }) => {
    const first = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    const second = await collector.post('/api/v2/origins', purchase(collector, { email: 'dan@example.com', order_number: 'D-1', subtotal: 1 }));
    const visit = await followClaimLink(first.body.result.offer.claim_url);
    // Same browser (the collector's cookie) follows the second advocate's link later.
    const again = await followClaimLink(second.body.result.offer.claim_urls.facebook, { cookie: visit.cookie });
    expect(again.uuid).toBe(visit.uuid);
    const friend = await collector.post('/api/v2/origins', purchase(collector, { email: 'eve@example.com', order_number: 'E-1', subtotal: 9, uuid: visit.uuid }));
    expect(friend.body.result.referral.advocate_offer.short_url_code).toBe(second.body.result.offer.short_url_code);
  });

  it('refers a friend once: a second order by the same friend makes no second referral', async ({ collector }) => {
    const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    const { uuid } = await followClaimLink(advocate.body.result.offer.claim_url);
    const first = await collector.post('/api/v2/origins', purchase(collector, { email: 'bob@example.com', order_number: 'B-1', subtotal: 5, uuid }));
    const second = await collector.post('/api/v2/origins', purchase(collector, { email: 'bob@example.com', order_number: 'B-2', subtotal: 5, uuid }));
    expect(first.body.result.referral.status).toBe('pending');
    expect(second.body.result.referral).toBeUndefined();
  });

  it('closes a referral with an Event carrying the uuid (Talkable origin_slug category:number)', async ({ collector }) => {
    const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    const { uuid } = await followClaimLink(advocate.body.result.offer.claim_url);
    const event = await collector.post('/api/v2/origins', {
      api_key: collector.apiKey,
      site_slug: collector.siteSlug,
      type: 'Event',
      data: { customer_id: 'cust-9', event_category: 'subscription_payment', event_number: 3, uuid },
    });
    expect(event.status).toBe(201);
    expect(event.body.result.origin).toMatchObject({ type: 'Event', event_category: 'subscription_payment', event_number: '3', customer_id: 'cust-9' });
    expect(event.body.result.referral.status).toBe('pending');
  });

  it('makes an AffiliateMember offer that can be fetched by id or short_url_code', async ({ collector }) => {
    const created = await collector.post('/api/v2/origins', {
      api_key: collector.apiKey,
      site_slug: collector.siteSlug,
      type: 'AffiliateMember',
      data: { email: 'aff@example.com', first_name: 'Aff' },
    });
    expect(created.status).toBe(201);
    expect(created.body.result.origin).toEqual({
      id: expect.any(String),
      type: 'AffiliateMember',
      email: 'aff@example.com',
      customer_uuid: expect.any(String),
      customer_id: null,
      ip_address: null,
      traffic_source: null,
    });
    const { id, short_url_code } = created.body.result.offer;
    for (const key of [id, short_url_code]) {
      const fetched = await collector.get(`/api/v2/offers/${key}?site_slug=${collector.siteSlug}`, { authorization: `Bearer ${collector.apiKey}` });
      expect(fetched.status).toBe(200);
      expect(fetched.body.result.offer).toEqual(created.body.result.offer);
    }
    // Without the key the advocate's email stays private.
    const publicView = await collector.get(`/api/v2/offers/${short_url_code}?site_slug=${collector.siteSlug}`);
    expect(publicView.status).toBe(200);
    expect(publicView.body.result.offer.email).toBeUndefined();
    expect(publicView.body.result.campaign.friend_reward.incentive_description).toBe('$10 off your first order');
  });
});

describe('claim page', () => {
  itWithClaimPage("shows the friend's reward and coupon, with a button on to the shop carrying the uuid", async ({ collector }) => {
    const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    const response = await fetch(advocate.body.result.offer.claim_url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/vouch_uuid=[0-9a-f-]{36}\.[0-9a-f]{32}; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax/);
    const uuid = /vouch_uuid=([0-9a-f-]{36})/.exec(cookie)![1];
    const html = await response.text();
    expect(html).toContain('$10 off your first order');
    expect(html).toMatch(/class="coupon"[^>]*>FRIEND-[A-Z2-9]{8}</);
    expect(html).toContain(`href="https://shop.example/welcome?vouch_uuid=${uuid}"`);
  });

  itWithClaimPage('answers an unknown code with a friendly 404 page', async ({ collector }) => {
    const response = await fetch(`${collector.url}/x/NoSuchCode`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('This link is not valid');
  });

  itWithClaimPage('does not count a HEAD from a link preview as a claim', async ({ collector }) => {
    const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    await fetch(advocate.body.result.offer.claim_url, { method: 'HEAD' });
    const claims = await collector.running.services.db.selectFrom('claims').select('id').execute();
    expect(claims).toHaveLength(0);
  });
});
