import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it as plainIt } from 'vitest';
import { startCollector, type TestCollector } from '../support/collector';
import { collectorTest } from '../support/collector-fixture';
import { followClaimLink } from '../support/claim-link';
import { purchase } from '../support/collector';
import { FAST_OUTBOX, makeReferral, setStatus, TEST_WEBHOOK_SECRET } from '../support/referrals';
import { missingKeys, TALKABLE_REWARD_REFERRER } from '../support/talkable-reward-samples';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

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

describe('a partial refund of a percentage reward', () => {
  // 10% of the friend's purchase, at most 50; referrals close on purchases of 20 or more.
  const PERCENT_REWARD = { percent: 10, maximum_amount: 50, incentive: 'rebate', incentive_description: "10% of your friend's order back" };
  let collector: TestCollector;
  let receiver: WebhookReceiver;
  const others: { collector: TestCollector }[] = [];

  async function startPercentCollector(advocateReward: Record<string, unknown>) {
    return startCollector({
      site: {
        approval: { mode: 'manual' },
        advocate_reward: advocateReward,
        referral_closed_by: { origin: 'Purchase', minimum_subtotal: 20 },
        webhooks: [{ url: receiver.url, secret: TEST_WEBHOOK_SECRET, events: ['reward'] }],
        allow_private_webhook_hosts: true,
      },
      outbox: FAST_OUTBOX,
    });
  }

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    collector = await startPercentCollector(PERCENT_REWARD);
  });
  afterAll(async () => {
    await collector.cleanup();
    for (const other of others) await other.collector.cleanup();
    await receiver.close();
  });

  /** The Reward web hooks about a referral's advocate reward so far, each verified with standardwebhooks, once `count` arrived. */
  async function advocateRewardHooks(referralId: string, count: number): Promise<any[]> {
    const bodies = () =>
      receiver.received
        .filter((request) => request.answeredStatus >= 200 && request.answeredStatus < 300)
        .map((request) => new Webhook(TEST_WEBHOOK_SECRET).verify(request.body, request.headers as Record<string, string>) as any)
        .filter((body) => body.referral.id === referralId && body.reward.reason === 'referrer');
    for (let tries = 0; tries < 200 && bodies().length < count; tries++) await new Promise((resolve) => setTimeout(resolve, 25));
    return bodies();
  }

  /** Waits until no Reward web hook is pending, so "none was sent" means none was written. */
  async function outboxSettled(of: TestCollector) {
    const pending = async () => {
      const answer = await of.get(`/api/v2/webhook_deliveries?site_slug=${of.siteSlug}&status=pending&limit=100`, { authorization: `Bearer ${of.apiKey}` });
      return answer.body.result.deliveries.length;
    };
    for (let tries = 0; tries < 200 && (await pending()) > 0; tries++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(await pending()).toBe(0);
  }

  plainIt("reduces an approved reward to the percent of what is left, records the amount before, and sends reward.reduced with Talkable's Reward keys", async () => {
    const { referral } = await makeReferral(collector, { advocate: 'p1@example.com', friend: 'q1@example.com', order: 'PR-1', subtotal: 80 });
    await setStatus(collector, 'PR-1', 'approved');
    const [issued] = await advocateRewardHooks(referral.id, 1);
    expect(issued.reward).toMatchObject({ amount: '8.00', percent: 10, maximum_amount: '50.00', status: 'Paid' });

    const refunded = await refund(collector, 'PR-1', { refunded_amount: 30.05, reason: 'refund' });
    expect(refunded.body.result).toMatchObject({ refunded_amount: 30.05 });
    const after = await listed(collector, referral.id);
    expect(after.status).toBe('approved');
    // 10% of 49.95 is 4.995: half a cent rounds up.
    expect(advocateRewardOf(after)).toMatchObject({
      amount: '5.00',
      percent: 10,
      original_amount: '8.00',
      reduced_amount: '5.00',
      reduction_applied: true,
      reduced_at: expect.any(String),
      reduced_reason: 'refund:refund',
      reversed_at: null,
    });
    expect(after.status_history.at(-1)).toMatchObject({ from: 'approved', to: 'approved', cause: 'refund:refund:reward_reduced' });

    const hooks = await advocateRewardHooks(referral.id, 2);
    expect(hooks.map((body) => body.type)).toEqual(['reward.issued', 'reward.reduced']);
    const reduced = hooks[1];
    expect(missingKeys(TALKABLE_REWARD_REFERRER, reduced)).toEqual([]);
    expect(Object.keys(reduced)).toEqual([...Object.keys(TALKABLE_REWARD_REFERRER), 'referral', 'type', 'event_id']);
    expect(Object.keys(reduced.reward)).toEqual([
      ...Object.keys(TALKABLE_REWARD_REFERRER.reward),
      'reversed_at', 'currency', 'tier_from', 'tier_position', 'percent', 'maximum_amount', 'reduced_at', 'original_amount', 'reduced_amount', 'reduction_applied',
    ]);
    expect(reduced.reward).toMatchObject({
      id: issued.reward.id,
      reason: 'referrer',
      incentive_type: 'rebate',
      amount: '5.00',
      status: 'Paid',
      reversed_at: null,
      percent: 10,
      original_amount: '8.00',
      reduced_amount: '5.00',
      reduction_applied: true,
      reduced_at: advocateRewardOf(after).reduced_at,
    });
    expect(reduced.friend_origin).toMatchObject({ order_number: 'PR-1', subtotal: 80 });
    expect(reduced.referral).toEqual({ id: referral.id, status: 'approved' });
  });

  plainIt('issues a reward on what is left when the partial refund came before the approval, and sends no reward.reduced', async () => {
    const { referral } = await makeReferral(collector, { advocate: 'p2@example.com', friend: 'q2@example.com', order: 'PR-2', subtotal: 60 });
    await refund(collector, 'PR-2', { refunded_amount: 15 });
    expect((await listed(collector, referral.id)).status).toBe('pending');
    await setStatus(collector, 'PR-2', 'approved');
    expect(advocateRewardOf(await listed(collector, referral.id))).toMatchObject({ amount: '4.50', percent: 10, original_amount: null, reduced_at: null });
    await outboxSettled(collector);
    expect((await advocateRewardHooks(referral.id, 1)).map((body) => body.type)).toEqual(['reward.issued']);
  });

  plainIt('reverses it on a full refund, and on a partial one that leaves less than the minimum subtotal', async () => {
    const full = await makeReferral(collector, { advocate: 'p3@example.com', friend: 'q3@example.com', order: 'PR-3', subtotal: 25 });
    await setStatus(collector, 'PR-3', 'approved');
    await refund(collector, 'PR-3', { reason: 'chargeback' });
    expect(advocateRewardOf(await listed(collector, full.referral.id))).toMatchObject({ amount: '2.50', reversed_reason: 'refund:chargeback', reduced_at: null });
    expect((await advocateRewardHooks(full.referral.id, 2)).map((body) => [body.type, body.reward.status])).toEqual([['reward.issued', 'Paid'], ['reward.reversed', 'Voided']]);

    const underMinimum = await makeReferral(collector, { advocate: 'p4@example.com', friend: 'q4@example.com', order: 'PR-4', subtotal: 30 });
    await setStatus(collector, 'PR-4', 'approved');
    await refund(collector, 'PR-4', { refunded_amount: 10.01, reason: 'cancellation' });
    const after = await listed(collector, underMinimum.referral.id);
    expect(advocateRewardOf(after)).toMatchObject({ amount: '3.00', reversed_reason: 'refund:cancellation', reduced_at: null });
    expect(after.status_history.at(-1).cause).toBe('refund:cancellation:reward_reversed');
  });

  plainIt('changes nothing when the cap still holds the amount after the refund', async () => {
    const { referral } = await makeReferral(collector, { advocate: 'p5@example.com', friend: 'q5@example.com', order: 'PR-5', subtotal: 900 });
    await setStatus(collector, 'PR-5', 'approved');
    const before = await listed(collector, referral.id);
    expect(advocateRewardOf(before).amount).toBe('50.00');
    // 10% of 600 is still over the cap of 50.
    await refund(collector, 'PR-5', { refunded_amount: 300 });
    const after = await listed(collector, referral.id);
    expect(advocateRewardOf(after)).toEqual(advocateRewardOf(before));
    expect(after.status_history).toEqual(before.status_history);
    await outboxSettled(collector);
    expect((await advocateRewardHooks(referral.id, 1)).map((body) => body.type)).toEqual(['reward.issued']);
  });

  plainIt("keeps a coupon's code and amount, recording the reduction as not applied to it", async () => {
    const couponCollector = await startPercentCollector({ percent: 10, incentive: 'discount_coupon', incentive_description: "10% of your friend's order off your next one" });
    others.push({ collector: couponCollector });
    const { referral } = await makeReferral(couponCollector, { advocate: 'p6@example.com', friend: 'q6@example.com', order: 'PR-6', subtotal: 50 });
    await setStatus(couponCollector, 'PR-6', 'approved');
    const issued = advocateRewardOf(await listed(couponCollector, referral.id));
    expect(issued).toMatchObject({ amount: '5.00', coupon_code: expect.stringMatching(/^REWARD-/) });

    await refund(couponCollector, 'PR-6', { refunded_amount: 20 });
    const after = await listed(couponCollector, referral.id);
    expect(advocateRewardOf(after)).toMatchObject({
      amount: '5.00',
      coupon_code: issued.coupon_code,
      coupon_revoked_at: null,
      original_amount: '5.00',
      reduced_amount: '3.00',
      reduction_applied: false,
      reduced_reason: 'refund:refund',
    });
    expect(after.status_history.at(-1)).toMatchObject({ cause: 'refund:refund:reward_reduced:not_applied_to_coupon' });
    const reduced = (await advocateRewardHooks(referral.id, 2))[1];
    expect(reduced).toMatchObject({ type: 'reward.reduced', reward: { amount: '5.00', reduced_amount: '3.00', reduction_applied: false, coupon_code: issued.coupon_code, coupon: { code: issued.coupon_code, active: true, amount: 5, percentage_discount: false } } });
  });

  plainIt('ends a partial refund racing an approval with the percent of what is left, whichever came first', async () => {
    for (let round = 0; round < 6; round++) {
      const order = `PRACE-${round}`;
      const { referral } = await makeReferral(collector, { advocate: `pr${round}@example.com`, friend: `qr${round}@example.com`, order, subtotal: 70 });
      const [refunded, approval] = await Promise.all([refund(collector, order, { refunded_amount: 20 }), setStatus(collector, order, 'approved')]);
      expect([refunded.status, approval.status]).toEqual([200, 200]);
      const reward = advocateRewardOf(await listed(collector, referral.id));
      expect(reward.amount).toBe('5.00');
      // Refunded first: issued on the rest; approved first: issued on 70, then reduced.
      expect(reward.original_amount === null || (reward.original_amount === '7.00' && reward.reduction_applied === true)).toBe(true);
    }
  });

  plainIt('delivers a sample of reward.reduced', async () => {
    const endpoints = await collector.get(`/api/v2/webhook_endpoints?site_slug=${collector.siteSlug}`, { authorization: `Bearer ${collector.apiKey}` });
    const endpoint = endpoints.body.result.endpoints[0];
    expect(endpoint.types).toEqual(['reward.issued', 'reward.reduced', 'reward.reversed']);
    const answer = await collector.post(`/api/v2/webhook_endpoints/${endpoint.id}/sample`, { site_slug: collector.siteSlug, type: 'reward.reduced' }, { authorization: `Bearer ${collector.apiKey}` });
    expect(answer.status).toBe(202);
    const sample = (await advocateRewardHooks('6400368', 1))[0];
    expect(missingKeys(TALKABLE_REWARD_REFERRER, sample)).toEqual([]);
    expect(sample).toMatchObject({ type: 'reward.reduced', sample: true, reward: { amount: '5.00', percent: 10, original_amount: '7.34', reduced_amount: '5.00', reduction_applied: true, status: 'Paid' } });
  });
});
