import { afterEach, describe, expect, it } from 'vitest';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { followClaimLink } from '../support/claim-link';
import { makeReferral } from '../support/referrals';

let collector: TestCollector;
afterEach(() => collector.cleanup());

describe('which origin closes a referral', () => {
  it('needs a Purchase of at least minimum_subtotal; a later qualifying purchase still closes it', async () => {
    collector = await startCollector({ site: { referral_closed_by: { origin: 'Purchase', minimum_subtotal: 20 } } });
    const small = await makeReferral(collector, { order: 'F-1', subtotal: 19.99 });
    expect(small.referral).toBeUndefined();
    const large = await collector.post('/api/v2/origins', purchase(collector, { email: 'bob@example.com', order_number: 'F-2', subtotal: 20 }));
    expect(large.body.result.referral).toMatchObject({ status: 'pending', attributed_by: 'uuid' });
  });

  it("closes on the friend's Nth event of the category since the claim (the third billing cycle)", async () => {
    collector = await startCollector({ site: { referral_closed_by: { origin: 'Event', event_category: 'billing', nth: 3 } } });
    const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    const event = (number: number, extra: Record<string, unknown> = {}) =>
      collector.post('/api/v2/origins', {
        api_key: collector.apiKey, site_slug: collector.siteSlug, type: 'Event', data: { customer_id: 'sub-1', event_category: 'billing', event_number: number, ...extra },
      });
    const { uuid } = await followClaimLink(advocate.body.result.offer.claim_url);
    expect((await event(1, { uuid })).body.result.referral).toBeUndefined();
    expect((await event(2)).body.result.referral).toBeUndefined();
    const other = await collector.post('/api/v2/origins', {
      api_key: collector.apiKey, site_slug: collector.siteSlug, type: 'Event', data: { customer_id: 'sub-1', event_category: 'support_call', event_number: 1 },
    });
    expect(other.body.result.referral).toBeUndefined();
    // The third billing event carries no uuid: the first one's claim is found.
    expect((await event(3)).body.result.referral).toMatchObject({ status: 'pending', attributed_by: 'uuid' });
  });

  it('does not let a Purchase close a referral when the rule asks for an Event', async () => {
    collector = await startCollector({ site: { referral_closed_by: { origin: 'Event', event_category: 'billing' } } });
    expect((await makeReferral(collector)).referral).toBeUndefined();
  });
});

describe('friend must be new', () => {
  it("blocks the referral of a friend whose email had a Purchase before the claim, recording why", async () => {
    collector = await startCollector();
    await collector.post('/api/v2/origins', purchase(collector, { email: 'bob@example.com', order_number: 'OLD-1', subtotal: 30 }));
    const { referral } = await makeReferral(collector, { friend: 'bob@example.com', order: 'NEW-1' });
    expect(referral).toMatchObject({ status: 'blocked', blocked_reason: "friend_not_new: the friend's email had a Purchase before the claim" });
    const history = await collector.running.services.db.selectFrom('referral_status_changes').select('cause').where('referral_id', '=', referral.id).execute();
    expect(history).toEqual([{ cause: 'rule:friend_not_new' }]);
  });

  it('blocks a friend whose customer_id bought before under another email', async () => {
    collector = await startCollector();
    await collector.post('/api/v2/origins', purchase(collector, { email: 'bob.old@example.com', customer_id: 'cust-42', order_number: 'OLD-1', subtotal: 30 }));
    const { referral } = await makeReferral(collector, { friend: 'bob.new@example.com', friendData: { customer_id: 'cust-42' } });
    expect(referral.blocked_reason).toBe("friend_not_new: the friend's customer_id had a Purchase before the claim");
  });

  it('does not count purchases made after the claim', async () => {
    collector = await startCollector({ site: { referral_closed_by: { origin: 'Purchase', minimum_subtotal: 50 } } });
    await makeReferral(collector, { order: 'SMALL', subtotal: 10 });
    const large = await collector.post('/api/v2/origins', purchase(collector, { email: 'bob@example.com', order_number: 'LARGE', subtotal: 60 }));
    expect(large.body.result.referral.status).toBe('pending');
  });
});
