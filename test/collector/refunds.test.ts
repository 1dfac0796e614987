import { describe, expect } from 'vitest';
import type { TestCollector } from '../support/collector';
import { collectorTest } from '../support/collector-fixture';
import { followClaimLink } from '../support/claim-link';
import { purchase } from '../support/collector';
import { makeReferral, setStatus } from '../support/referrals';

// Referrals close on purchases of 20 or more; makeReferral's friend buys for 25.
const it = collectorTest({
  site: {
    approval: { mode: 'manual' },
    advocate_reward: { amount: 5, incentive: 'discount_coupon', incentive_description: '$5 off', coupon_source: 'generated' },
    referral_closed_by: { origin: 'Purchase', minimum_subtotal: 20 },
  },
});

function refund(collector: TestCollector, originSlug: string, data?: Record<string, unknown>) {
  return collector.post(`/api/v2/origins/${encodeURIComponent(originSlug)}/refund`, { api_key: collector.apiKey, site_slug: collector.siteSlug, ...(data ? { data } : {}) });
}

/** The referral as the merchant's listing shows it: status, rewards and history. */
async function listed(collector: TestCollector, referralId: string) {
  const response = await collector.get(`/api/v2/referrals?site_slug=${collector.siteSlug}&limit=100`, { authorization: `Bearer ${collector.apiKey}` });
  const referral = response.body.result.referrals.find((candidate: any) => candidate.id === referralId);
  expect(referral, `referral ${referralId} is listed`).toBeDefined();
  return referral;
}

const advocateRewardOf = (referral: any) => referral.rewards.find((reward: any) => reward.side === 'advocate');

describe('POST /api/v2/origins/:origin_slug/refund', () => {
  it('voids a pending referral when the friend purchase is refunded before approval; no rewards are issued', async ({ collector }) => {
    const { referral } = await makeReferral(collector, { advocate: 'a1@example.com', friend: 'f1@example.com', order: 'R-1' });
    const refunded = await refund(collector, 'R-1', { refunded_at: '2026-04-27T00:00:00.000-07:00' });
    expect(refunded.status).toBe(200);
    expect(refunded.body.result).toMatchObject({ type: 'Purchase', order_number: 'R-1', email: 'f1@example.com', subtotal: 25, refunded_at: '2026-04-27T07:00:00.000Z', refunded_amount: 25, refund_reason: 'refund' });
    expect(refunded.body.result).toHaveProperty('ip_address');
    const after = await listed(collector, referral.id);
    expect(after).toMatchObject({ status: 'voided', voided_reason: 'refunded', rewards: [] });
    expect(after.status_history.at(-1)).toMatchObject({ from: 'pending', to: 'voided', cause: 'refund:refund' });
    // A voided referral is final: approving it later is refused.
    expect((await setStatus(collector, 'R-1', 'approved')).status).toBe(409);
  });

  it('reverses the advocate reward of an approved referral and revokes its unused coupon', async ({ collector }) => {
    const { referral } = await makeReferral(collector, { advocate: 'a2@example.com', friend: 'f2@example.com', order: 'R-2' });
    await setStatus(collector, 'R-2', 'approved');
    const refunded = await refund(collector, 'R-2', { reason: 'chargeback' });
    expect(refunded.body.result).toMatchObject({ refund_reason: 'chargeback', refunded_amount: 25 });
    const after = await listed(collector, referral.id);
    expect(after.status).toBe('approved');
    expect(advocateRewardOf(after)).toMatchObject({ reversed_at: expect.any(String), reversed_reason: 'refund:chargeback', coupon_revoked_at: expect.any(String) });
    expect(after.status_history.at(-1)).toMatchObject({ from: 'approved', to: 'approved', cause: 'refund:chargeback:reward_reversed' });
  });

  it('keeps a reversed coupon the advocate already redeemed as it is', async ({ collector }) => {
    const { referral } = await makeReferral(collector, { advocate: 'a3@example.com', friend: 'f3@example.com', order: 'R-3' });
    await setStatus(collector, 'R-3', 'approved');
    const code = advocateRewardOf(await listed(collector, referral.id)).coupon_code;
    await collector.post('/api/v2/origins', purchase(collector, { email: 'a3@example.com', order_number: 'A3-SPEND', subtotal: 30, coupon_code: code }));
    await refund(collector, 'R-3');
    expect(advocateRewardOf(await listed(collector, referral.id))).toMatchObject({ reversed_reason: 'refund:refund', coupon_revoked_at: null });
  });

  it('keeps the reward after a partial refund, and reverses it when what is left falls under the minimum subtotal', async ({ collector }) => {
    const kept = await makeReferral(collector, { advocate: 'a4@example.com', friend: 'f4@example.com', order: 'R-4' });
    await setStatus(collector, 'R-4', 'approved');
    expect((await refund(collector, 'R-4', { refunded_amount: 5 })).body.result).toMatchObject({ refunded_amount: 5 });
    expect(advocateRewardOf(await listed(collector, kept.referral.id))).toMatchObject({ reversed_at: null, coupon_revoked_at: null });

    const reversed = await makeReferral(collector, { advocate: 'a5@example.com', friend: 'f5@example.com', order: 'R-5' });
    await setStatus(collector, 'R-5', 'approved');
    await refund(collector, 'R-5', { refunded_amount: 10, reason: 'cancellation' });
    expect(advocateRewardOf(await listed(collector, reversed.referral.id))).toMatchObject({ reversed_reason: 'refund:cancellation' });

    // Under the minimum before approval: the referral no longer stands.
    const pending = await makeReferral(collector, { advocate: 'a6@example.com', friend: 'f6@example.com', order: 'R-6' });
    await refund(collector, 'R-6', { refunded_amount: 6 });
    expect((await listed(collector, pending.referral.id)).status).toBe('voided');
  });

  it('refuses a refunded amount above the subtotal, and a reason it does not know', async ({ collector }) => {
    await makeReferral(collector, { advocate: 'a7@example.com', friend: 'f7@example.com', order: 'R-7' });
    const over = await refund(collector, 'R-7', { refunded_amount: 26 });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ code: 'refund_exceeds_subtotal', errors: [{ field: 'data.refunded_amount', message: 'must not exceed the subtotal (25)' }] });
    expect((await refund(collector, 'R-7', { reason: 'regret' })).status).toBe(422);
    // Refused refunds left the order as it was: a valid one still applies.
    expect((await refund(collector, 'R-7')).body.result.refunded_amount).toBe(25);
  });

  it('answers the same origin to a repeated refund, and changes nothing', async ({ collector }) => {
    const { referral } = await makeReferral(collector, { advocate: 'a8@example.com', friend: 'f8@example.com', order: 'R-8' });
    await setStatus(collector, 'R-8', 'approved');
    const first = await refund(collector, 'R-8', { refunded_amount: 20 });
    const before = await listed(collector, referral.id);
    const again = await refund(collector, 'R-8', { refunded_amount: 1, reason: 'chargeback' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await listed(collector, referral.id)).toEqual(before);
  });

  it('answers 404 naming origin_slug for an order it never saw, and needs the secret key', async ({ collector }) => {
    const unknown = await refund(collector, 'NEVER-SEEN');
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors).toEqual([{ field: 'origin_slug', message: 'no such origin' }]);
    await makeReferral(collector, { advocate: 'a9@example.com', friend: 'f9@example.com', order: 'R-9' });
    // The key as HTTP Basic user name, as the README's curl example sends it.
    const basic = await collector.post('/api/v2/origins/R-9/refund', { site_slug: collector.siteSlug }, { authorization: `Basic ${Buffer.from(`${collector.apiKey}:`).toString('base64')}` });
    expect(basic.body.result).toMatchObject({ order_number: 'R-9', refunded_amount: 25 });
    const browser = await collector.post('/api/v2/origins/R-9/refund', { site_slug: collector.siteSlug });
    expect(browser.status).toBe(401);
  });

  it('marks an Event without a referral refunded and changes nothing else', async ({ collector }) => {
    const event = await collector.post('/api/v2/origins', {
      api_key: collector.apiKey, site_slug: collector.siteSlug, type: 'Event', data: { email: 'ev@example.com', event_category: 'signup', event_number: 7 },
    });
    expect(event.status).toBe(201);
    const countBefore = (await collector.get(`/api/v2/referrals?site_slug=${collector.siteSlug}&limit=100`, { authorization: `Bearer ${collector.apiKey}` })).body.result.referrals.length;
    const refunded = await refund(collector, 'signup:7');
    expect(refunded.status).toBe(200);
    expect(refunded.body.result).toMatchObject({ type: 'Event', event_category: 'signup', event_number: '7', refunded_at: expect.any(String) });
    const countAfter = (await collector.get(`/api/v2/referrals?site_slug=${collector.siteSlug}&limit=100`, { authorization: `Bearer ${collector.apiKey}` })).body.result.referrals.length;
    expect(countAfter).toBe(countBefore);
  });

  it("blocks new referrals through an advocate's offer once the advocate's purchase is refunded; approved ones stay", async ({ collector }) => {
    const { referral, advocateOffer } = await makeReferral(collector, { advocate: 'a10@example.com', friend: 'f10@example.com', order: 'R-10' });
    await setStatus(collector, 'R-10', 'approved');
    expect((await refund(collector, 'ADV-a10@example.com')).status).toBe(200);
    const { uuid } = await followClaimLink(advocateOffer.claim_url);
    const next = await collector.post('/api/v2/origins', purchase(collector, { email: 'g10@example.com', order_number: 'R-10b', subtotal: 25, uuid }));
    expect(next.body.result.referral).toMatchObject({ status: 'blocked', blocked_reason: expect.stringMatching(/^advocate_refunded/) });
    const approved = await listed(collector, referral.id);
    expect(approved.status).toBe('approved');
    expect(advocateRewardOf(approved).reversed_at).toBeNull();
  });

  it('ends a refund racing an approval in one of the two orders, never with a kept reward on a refunded order', async ({ collector }) => {
    for (let round = 0; round < 6; round++) {
      const order = `RACE-${round}`;
      const { referral } = await makeReferral(collector, { advocate: `ra${round}@example.com`, friend: `rf${round}@example.com`, order });
      const [refunded, approval] = await Promise.all([refund(collector, order), setStatus(collector, order, 'approved')]);
      expect(refunded.status).toBe(200);
      const after = await listed(collector, referral.id);
      if (approval.status === 200) {
        // Approved first: the refund then reversed the reward.
        expect(after.status).toBe('approved');
        expect(advocateRewardOf(after)).toMatchObject({ reversed_reason: 'refund:refund' });
      } else {
        // Refunded first: the approval was refused and nothing was issued.
        expect(approval.status).toBe(409);
        expect(after).toMatchObject({ status: 'voided', rewards: [] });
      }
    }
  });
});
