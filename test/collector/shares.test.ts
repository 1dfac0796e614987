import { describe, expect } from 'vitest';
import { purchase } from '../support/collector';
import { collectorTest } from '../support/collector-fixture';

/**
 * One advocate's offer for the whole file: its code, and its share key as the merchant-vouched
 * answer handed it to the advocate's browser.
 */
const it = collectorTest().extend('offer', { scope: 'file' }, async ({ collector }) => {
  const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
  return { code: advocate.body.result.offer.short_url_code as string, share_key: advocate.body.result.offer.share_key as string };
});

describe('social shares', () => {
  it("records the share and answers that channel's own short URL", async ({ collector, offer: { code, share_key } }) => {
    const offer = await collector.get(`/api/v2/offers/${code}?site_slug=${collector.siteSlug}`);
    for (const channel of ['facebook', 'twitter', 'linkedin', 'whatsapp', 'sms', 'other']) {
      const response = await collector.post(`/api/v2/offers/${code}/shares/social`, { site_slug: collector.siteSlug, channel });
      expect(response.status).toBe(201);
      expect(response.body.result.share).toMatchObject({ id: expect.any(String), type: 'SocialOfferShare', short_url: offer.body.result.offer.claim_urls[channel], channel_identifier: channel });
    }
    const rows = await collector.running.services.db.selectFrom('shares').select('channel').where('type', '=', 'SocialOfferShare').execute();
    expect(rows.map((row) => row.channel).sort()).toEqual(['facebook', 'linkedin', 'other', 'sms', 'twitter', 'whatsapp']);
  });
});

describe('email shares', () => {
  it('answers Talkable stats and per-recipient flags, inviting only valid new friends', async ({ collector, offer: { code, share_key } }) => {
    const response = await collector.post(`/api/v2/offers/${code}/shares/email`, {
      site_slug: collector.siteSlug,
      share_key,
      recipients: 'Bob@Example.com, cy@example.com\nann@example.com, not-an-address, bob@example.com',
      subject: 'A gift',
      body: 'You will like this shop',
    });
    expect(response.status).toBe(201);
    const { stats, recipients, success } = response.body.result;
    expect(success).toBe(true);
    expect(stats).toMatchObject({ currently_sent: 2, previously_sent: 0, total_sent: 2, sent_limit_exceeded: false });
    expect(recipients['bob@example.com']).toMatchObject({ currently_sent: true, email_valid: true, self_referral: false, sharable: true });
    expect(recipients['ann@example.com']).toMatchObject({ currently_sent: false, self_referral: true, sharable: false });
    expect(recipients['not-an-address']).toMatchObject({ currently_sent: false, email_valid: false });

    const again = await collector.post(`/api/v2/offers/${code}/shares/email`, { site_slug: collector.siteSlug, share_key, recipients: ['cy@example.com', 'dee@example.com'] });
    expect(again.body.result.stats).toMatchObject({ currently_sent: 1, previously_sent: 1, total_sent: 3 });
    expect(again.body.result.recipients['cy@example.com']).toMatchObject({ currently_sent: false, previously_sent: true });
  });

  it('gives every invited friend a claim link of their own (channel email)', async ({ collector, offer: { code, share_key } }) => {
    const links = await collector.running.services.db
      .selectFrom('claim_links')
      .select(['recipient_email', 'channel', 'code'])
      .where('recipient_email', 'is not', null)
      .execute();
    expect(links.map((link) => link.recipient_email).sort()).toEqual(['bob@example.com', 'cy@example.com', 'dee@example.com']);
    expect(new Set(links.map((link) => link.code)).size).toBe(3);
    expect(links.every((link) => link.channel === 'email')).toBe(true);
  });

  it('refuses a list without any valid address, or with too many, naming recipients', async ({ collector, offer: { code, share_key } }) => {
    for (const recipients of ['', 'nobody, nothing', Array.from({ length: 11 }, (_, i) => `f${i}@example.com`).join(',')]) {
      const response = await collector.post(`/api/v2/offers/${code}/shares/email`, { site_slug: collector.siteSlug, share_key, recipients });
      expect(response.status, recipients).toBe(422);
      expect(response.body.errors[0].field).toBe('recipients');
    }
  });
});
