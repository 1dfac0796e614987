import { describe, expect } from 'vitest';
import type { TestCollector } from '../support/collector';
import { freshCollectorTest } from '../support/collector-fixture';
import { followClaimLink } from '../support/claim-link';
import { makeReferral, setStatus } from '../support/referrals';

const it = freshCollectorTest({ site: { approval: { mode: 'manual' } } });

function listReferrals(collector: TestCollector, query = '') {
  return collector.get(`/api/v2/referrals?site_slug=${collector.siteSlug}${query}`, { authorization: `Bearer ${collector.apiKey}` });
}

describe('PUT /api/v2/origins/:origin_slug/referral', () => {
  it('approves a pending referral by the friend order number, once', async ({ collector }) => {
    const { originSlug, referral } = await makeReferral(collector, { order: 'B00K2EOONI' });
    const approved = await setStatus(collector, originSlug, 'approved');
    expect(approved.status).toBe(200);
    expect(approved.body.result).toMatchObject({ referral: { id: referral.id, status: 'approved' }, changed: true });
    // A repeated PUT (a retry after a timeout) changes nothing and issues nothing twice.
    const again = await setStatus(collector, originSlug, 'approved');
    expect(again.status).toBe(200);
    expect(again.body.result.changed).toBe(false);
    const rewards = await collector.running.services.db.selectFrom('rewards').selectAll().execute();
    expect(rewards.map((reward) => reward.side).sort()).toEqual(['advocate', 'friend']);
  });

  it('answers 409 naming both statuses for a change the lifecycle forbids', async ({ collector }) => {
    const { originSlug } = await makeReferral(collector);
    await setStatus(collector, originSlug, 'voided');
    for (const status of ['approved', 'unblocked']) {
      const refused = await setStatus(collector, originSlug, status);
      expect(refused.status).toBe(409);
      expect(refused.body.error_message).toBe(`a referral that is voided cannot become ${status}`);
      expect(refused.body.errors).toEqual([{ field: 'data.status', message: `cannot change from voided to ${status}` }]);
    }
    const second = await makeReferral(collector, { advocate: 'cy@example.com', friend: 'dee@example.com', order: 'F-2' });
    await setStatus(collector, second.originSlug, 'approved');
    expect((await setStatus(collector, second.originSlug, 'voided')).body.error_message).toBe('a referral that is approved cannot become voided');
    // A pending referral was never blocked.
    const third = await makeReferral(collector, { advocate: 'eve@example.com', friend: 'fay@example.com', order: 'F-3' });
    expect((await setStatus(collector, third.originSlug, 'unblocked')).status).toBe(409);
  });

  it('takes a blocked referral through unblocked to approved', async ({ collector }) => {
    const { originSlug, referral } = await makeReferral(collector, { friend: 'ann@example.com', order: 'SELF-1' });
    expect(referral).toMatchObject({ status: 'blocked', blocked_reason: expect.stringMatching(/^self_referral/) });
    expect((await setStatus(collector, originSlug, 'approved')).status).toBe(409);
    expect((await setStatus(collector, originSlug, 'unblocked')).body.result.referral.status).toBe('unblocked');
    expect((await setStatus(collector, originSlug, 'approved')).body.result.referral.status).toBe('approved');
  });

  it('finds an Event origin by event_category:event_number', async ({ collector }) => {
    const advocate = await collector.post('/api/v2/origins', {
      api_key: collector.apiKey, site_slug: collector.siteSlug, type: 'AffiliateMember', data: { email: 'aff@example.com' },
    });
    const { uuid } = await followClaimLink(advocate.body.result.offer.claim_url);
    const event = await collector.post('/api/v2/origins', {
      api_key: collector.apiKey, site_slug: collector.siteSlug, type: 'Event', data: { customer_id: 'c-7', event_category: 'newsletter_subscription', event_number: 42, uuid },
    });
    expect(event.body.result.referral.status).toBe('pending');
    expect((await setStatus(collector, 'newsletter_subscription:42', 'approved')).body.result.referral.status).toBe('approved');
  });

  it('answers 404 for an unknown origin and for an origin that closed no referral', async ({ collector }) => {
    const unknown = await setStatus(collector, 'NO-SUCH-ORDER', 'approved');
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors).toEqual([{ field: 'origin_slug', message: 'no such origin' }]);
    await collector.post('/api/v2/origins', { api_key: collector.apiKey, site_slug: collector.siteSlug, type: 'Purchase', data: { email: 'solo@example.com', order_number: 'SOLO', subtotal: 5 } });
    const none = await setStatus(collector, 'SOLO', 'approved');
    expect(none.status).toBe(404);
    expect(none.body.errors).toEqual([{ field: 'origin_slug', message: 'has no referral' }]);
  });

  it('refuses a missing or wrong key, a missing status and an unknown status', async ({ collector }) => {
    const { originSlug } = await makeReferral(collector);
    const path = `/api/v2/origins/${originSlug}/referral`;
    expect((await collector.put(path, { site_slug: collector.siteSlug, data: { status: 'approved' } })).status).toBe(401);
    expect((await collector.put(path, { site_slug: collector.siteSlug, api_key: 'sk_wrong_wrong_wrong', data: { status: 'approved' } })).status).toBe(401);
    const missing = await collector.put(path, { site_slug: collector.siteSlug, api_key: collector.apiKey, data: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0]).toEqual({ field: 'data.status', message: 'is required' });
    const blocked = await collector.put(path, { site_slug: collector.siteSlug, api_key: collector.apiKey, data: { status: 'blocked' } });
    expect(blocked.status).toBe(422);
    expect(blocked.body.errors[0]).toEqual({ field: 'data.status', message: 'must be one of approved, voided, unblocked' });
  });
});

describe('GET /api/v2/referrals', () => {
  it('lists referrals newest first with people, rewards and the status history with causes', async ({ collector }) => {
    const { originSlug } = await makeReferral(collector, { order: 'F-1' });
    await makeReferral(collector, { advocate: 'cy@example.com', friend: 'dee@example.com', order: 'F-2' });
    await setStatus(collector, originSlug, 'approved');
    const list = await listReferrals(collector);
    expect(list.status).toBe(200);
    const [newest, oldest] = list.body.result.referrals;
    expect(newest).toMatchObject({ origin_slug: 'F-2', status: 'pending', advocate: { email: 'cy@example.com' }, friend: { email: 'dee@example.com' }, rewards: [] });
    expect(oldest).toMatchObject({ origin_slug: 'F-1', status: 'approved', advocate: { email: 'ann@example.com', short_url_code: expect.any(String) } });
    expect(oldest.rewards.map((reward: any) => [reward.side, reward.amount, reward.incentive])).toEqual(
      expect.arrayContaining([['advocate', '10.00', 'rebate'], ['friend', '10.00', 'discount_coupon']]),
    );
    expect(oldest.status_history).toEqual([
      // by and note: who changed it in the console, and their note; null for the API and the rules.
      { from: null, to: 'pending', cause: 'attribution:uuid', at: expect.any(String), by: null, note: null },
      { from: 'pending', to: 'approved', cause: 'api', at: expect.any(String), by: null, note: null },
    ]);
  });

  it('pages with a cursor and filters by status', async ({ collector }) => {
    for (const n of [1, 2, 3]) await makeReferral(collector, { advocate: `a${n}@example.com`, friend: `f${n}@example.com`, order: `F-${n}` });
    const first = await listReferrals(collector, '&limit=2');
    expect(first.body.result.referrals.map((referral: any) => referral.origin_slug)).toEqual(['F-3', 'F-2']);
    const second = await listReferrals(collector, `&limit=2&cursor=${first.body.result.next_cursor}`);
    expect(second.body.result.referrals.map((referral: any) => referral.origin_slug)).toEqual(['F-1']);
    expect(second.body.result.next_cursor).toBeNull();
    expect((await listReferrals(collector, '&status=approved')).body.result.referrals).toEqual([]);
  });

  it('refuses bad paging and filters', async ({ collector }) => {
    expect((await listReferrals(collector, '&limit=0')).body.errors[0]).toEqual({ field: 'limit', message: 'must be at least 1' });
    expect((await listReferrals(collector, '&limit=500')).status).toBe(422);
    expect((await listReferrals(collector, '&cursor=nope')).body.errors[0]).toEqual({ field: 'cursor', message: 'must be a next_cursor from a previous page' });
    expect((await listReferrals(collector, '&status=paid')).status).toBe(422);
    expect((await collector.get(`/api/v2/referrals?site_slug=${collector.siteSlug}`)).status).toBe(401);
  });
});
