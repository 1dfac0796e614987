import { describe, expect } from 'vitest';
import { followClaimLink } from '../support/claim-link';
import { purchase } from '../support/collector';
import { freshCollectorTest } from '../support/collector-fixture';

const it = freshCollectorTest();

describe('self-referral', () => {
  it('blocks an advocate buying again through their own link with the same email', async ({ collector }) => {
    const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    const { uuid } = await followClaimLink(advocate.body.result.offer.claim_url);
    const again = await collector.post('/api/v2/origins', purchase(collector, { email: 'ANN@example.com', order_number: 'A-2', subtotal: 1, uuid }));
    expect(again.body.result.referral).toMatchObject({ status: 'blocked', blocked_reason: expect.stringContaining('same email') });
  });

  it('blocks a friend with the advocate customer_id under another email', async ({ collector }) => {
    const advocate = await collector.post(
      '/api/v2/origins',
      purchase(collector, { email: 'ann@example.com', customer_id: 77, order_number: 'A-1', subtotal: 1 }),
    );
    const { uuid } = await followClaimLink(advocate.body.result.offer.claim_url);
    const again = await collector.post(
      '/api/v2/origins',
      purchase(collector, { email: 'ann.other@example.com', customer_id: '77', order_number: 'A-2', subtotal: 1, uuid }),
    );
    expect(again.body.result.referral).toMatchObject({ status: 'blocked', blocked_reason: expect.stringContaining('customer_id') });
  });

  it("blocks a claim made from the advocate's own browser (their visitor uuid)", async ({ collector }) => {
    const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    const { uuid } = await followClaimLink(advocate.body.result.offer.claim_url);
    // The advocate comes back with that uuid on an affiliate sign-up, so it is known to be theirs...
    await collector.post('/api/v2/origins', { api_key: collector.apiKey, site_slug: collector.siteSlug, type: 'AffiliateMember', data: { email: 'ann@example.com', uuid } });
    // ...then buys under a second email from the same browser.
    const again = await collector.post('/api/v2/origins', purchase(collector, { email: 'sock.puppet@example.com', order_number: 'S-1', subtotal: 1, uuid }));
    expect(again.body.result.referral).toMatchObject({ status: 'blocked', blocked_reason: expect.stringContaining('visitor uuid') });
  });

  it('records the reason in the status history', async ({ collector }) => {
    const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    const { uuid } = await followClaimLink(advocate.body.result.offer.claim_url);
    const again = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-2', subtotal: 1, uuid }));
    const history = await collector.running.services.db
      .selectFrom('referral_status_changes')
      .selectAll()
      .where('referral_id', '=', again.body.result.referral.id)
      .execute();
    expect(history).toEqual([expect.objectContaining({ from_status: null, to_status: 'blocked', cause: 'rule:self_referral' })]);
  });
});
