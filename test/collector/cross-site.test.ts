/**
 * One collector, two shops: a key, a code or a customer of one shop never acts on the other's.
 * Every route declares its access once and the route registry enforces it; this is the check that
 * the registry scopes each call to the site its key (or its slug) names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { followClaimLink } from '../support/claim-link';

const OTHER = {
  site_slug: 'other-shop',
  name: 'Other Shop',
  api_key: 'sk_test_other_shop_key_0123456789',
  allowed_hosts: ['other.example'],
  destination_url: 'https://other.example/',
  show_claim_page: false,
  consumer_key: 'ck_other_shop_key',
  consumer_secret: 'cs_other_shop_secret_0123456789',
};
const THIS_CONSUMER = { consumer_key: 'ck_test_shop_key', consumer_secret: 'cs_test_shop_secret_0123456789' };
const basic = (key: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` });

let collector: TestCollector;
/** The other shop's advocate offer, and a referral of one of its friends. */
let other: { offerCode: string; referralId: string; friendUuid: string; orderNumber: string };

beforeAll(async () => {
  collector = await startCollector({ publicRateLimits: false, site: THIS_CONSUMER, extraSites: [OTHER] });
  const asOther = { siteSlug: OTHER.site_slug, apiKey: OTHER.api_key };
  const advocate = await collector.post('/api/v2/origins', purchase(asOther, { email: 'oona@example.com', order_number: 'O-ADV', subtotal: 40 }));
  const { uuid } = await followClaimLink(advocate.body.result.offer.claim_url);
  const friend = await collector.post('/api/v2/origins', purchase(asOther, { email: 'otto@example.com', order_number: 'O-1', subtotal: 40, uuid }));
  other = {
    offerCode: advocate.body.result.offer.short_url_code,
    referralId: friend.body.result.referral.id,
    friendUuid: friend.body.result.origin.customer_uuid,
    orderNumber: 'O-1',
  };
});
afterAll(() => collector.cleanup());

describe("one shop's key, code or customer on another shop's data", () => {
  const thisKey = () => ({ site_slug: collector.siteSlug, api_key: collector.apiKey });

  it("cannot read or share another shop's offer, whichever slug it names", async () => {
    expect((await collector.get(`/api/v2/offers/${other.offerCode}?site_slug=${collector.siteSlug}&api_key=${collector.apiKey}`)).status).toBe(404);
    expect((await collector.get(`/api/v2/offers/${other.offerCode}?site_slug=${OTHER.site_slug}&api_key=${collector.apiKey}`)).status).toBe(401);
    expect((await collector.get(`/api/v2/offers/${other.offerCode}?site_slug=${collector.siteSlug}`)).status).toBe(404);
    const social = await collector.post(`/api/v2/offers/${other.offerCode}/shares/social`, { ...thisKey(), channel: 'facebook' });
    expect(social.status).toBe(404);
    const email = await collector.post(`/api/v2/offers/${other.offerCode}/shares/email`, { ...thisKey(), recipients: 'x@example.com' });
    expect(email.status).toBe(404);
  });

  it("cannot approve, void or list another shop's referrals", async () => {
    const byId = await collector.put(`/api/v2/referrals/${other.referralId}`, { ...thisKey(), data: { status: 'approved' } });
    expect(byId.status).toBe(404);
    const bySlug = await collector.put(`/api/v2/origins/${other.orderNumber}/referral`, { ...thisKey(), data: { status: 'voided' } });
    expect(bySlug.status).toBe(404);
    const listed = await collector.get(`/api/v2/referrals?site_slug=${collector.siteSlug}`, { authorization: `Bearer ${collector.apiKey}` });
    expect(JSON.stringify(listed.body)).not.toContain(other.referralId);
    const stored = await collector.running.services.db.selectFrom('referrals').select('status').where('id', '=', other.referralId).executeTakeFirstOrThrow();
    expect(stored.status).toBe('pending');
  });

  it("cannot read another shop's referral records with its own consumer credentials", async () => {
    const headers = basic(THIS_CONSUMER.consumer_key, THIS_CONSUMER.consumer_secret);
    expect((await collector.get(`/api/v1/referrals/${other.referralId}`, headers)).status).toBe(404);
    expect((await collector.get(`/api/v1/referrals/${other.friendUuid}`, headers)).status).toBe(404);
    const mixed = basic(THIS_CONSUMER.consumer_key, OTHER.consumer_secret);
    expect((await collector.get(`/api/v1/referrals/${other.referralId}`, mixed)).status).toBe(401);
    expect((await collector.get(`/api/v1/referrals/${other.referralId}`, basic(OTHER.consumer_key, OTHER.consumer_secret))).status).toBe(200);
  });

  it('answers a caller without the right key 401 before anything about its input', async () => {
    const unstorable = await collector.post('/api/v2/coupons', { site_slug: collector.siteSlug, data: { kind: 'a\u0000' } });
    expect(unstorable.status).toBe(401);
    expect(unstorable.body.code).toBe('unauthorized');
  });
});
