import { afterEach, describe, expect, it } from 'vitest';
import { followClaimLink } from '../support/claim-link';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { ManualClock } from '../support/manual-clock';

let collector: TestCollector;
afterEach(async () => {
  await collector.cleanup();
});

const DAY_IN_MS = 86_400_000;
const auth = () => ({ authorization: `Bearer ${collector.apiKey}` });

async function advocateOffer() {
  const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'ADV-1', subtotal: 40 }));
  expect(advocate.status).toBe(201);
  return advocate.body.result.offer;
}

describe('offer_expires_in_days', () => {
  it('answers when the offer expires, and after that its link says the invitation has expired, in the shop\'s brand and language', async () => {
    const clock = new ManualClock('2026-06-01T12:00:00.000Z');
    collector = await startCollector({ clock: clock.now, showClaimPage: true, site: { offer_expires_in_days: 30, locale: 'fr', name: 'La Boutique', brand: { colour: '#0a7d4f' } } });
    const offer = await advocateOffer();
    expect(offer.expires_at).toBe('2026-07-01T12:00:00.000Z');
    expect(offer.incentives.friend_new_customer.criteria_config.allow_on_expired_offer).toBe(false);
    expect((await fetch(offer.claim_url)).status).toBe(200);

    clock.advance(30 * DAY_IN_MS);
    const expired = await fetch(offer.claim_url, { redirect: 'manual' });
    expect(expired.status).toBe(410);
    expect(expired.headers.getSetCookie()).toEqual([]);
    const html = await expired.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<h1>Cette invitation a expiré</h1>');
    expect(html).toContain('#0a7d4f');
    expect(html).toContain('href="https://shop.example/welcome"');
  });

  it('says "This invitation has expired" in English', async () => {
    const clock = new ManualClock('2026-06-01T12:00:00.000Z');
    collector = await startCollector({ clock: clock.now, site: { offer_expires_in_days: 1 } });
    const offer = await advocateOffer();
    clock.advance(DAY_IN_MS);
    expect(await (await fetch(offer.claim_url)).text()).toContain('<h1>This invitation has expired</h1>');
  });

  it('closes no referral for a purchase after the expiry, saying why, and refuses the friend coupon at the checkout', async () => {
    const clock = new ManualClock('2026-06-01T12:00:00.000Z');
    collector = await startCollector({
      clock: clock.now,
      site: { offer_expires_in_days: 7, friend_reward: { amount: 10, incentive: 'discount_coupon', incentive_description: '$10 off' } },
    });
    const offer = await advocateOffer();
    // The friend followed the link in time, and comes back to buy after the offer expired.
    const { uuid } = await followClaimLink(offer.claim_url);
    clock.advance(8 * DAY_IN_MS);
    const late = await collector.post('/api/v2/origins', purchase(collector, { email: 'bob@example.com', order_number: 'F-1', subtotal: 30, uuid }));
    expect(late.status).toBe(201);
    expect(late.body.result.referral).toBeUndefined();
    expect(late.body.result.no_referral_reason).toBe(
      "offer_expired: the advocate's offer expired at 2026-06-08T12:00:00.000Z (offer_expires_in_days), so this purchase closes no referral",
    );
    const listed = await collector.get(`/api/v2/referrals?site_slug=${collector.siteSlug}`, auth());
    expect(listed.body.result.referrals).toEqual([]);

    const code = offer.coupon_code as string;
    const permission = await collector.get(`/api/v2/coupons/${code}/permission/carol@example.com?site_slug=${collector.siteSlug}`, auth());
    expect(permission.body.result).toMatchObject({ allowed: false, error_message: 'This invitation has expired', checks: { friend_offer_expired: true } });
  });

  it('still refers a friend who buys before the expiry', async () => {
    const clock = new ManualClock('2026-06-01T12:00:00.000Z');
    collector = await startCollector({ clock: clock.now, site: { offer_expires_in_days: 7 } });
    const offer = await advocateOffer();
    const { uuid } = await followClaimLink(offer.claim_url);
    clock.advance(7 * DAY_IN_MS - 1000);
    const inTime = await collector.post('/api/v2/origins', purchase(collector, { email: 'bob@example.com', order_number: 'F-1', subtotal: 30, uuid }));
    expect(inTime.body.result.referral).toMatchObject({ status: 'pending' });
    expect(inTime.body.result.no_referral_reason).toBeUndefined();
  });
});
