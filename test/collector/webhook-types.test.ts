import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { followClaimLink } from '../support/claim-link';
import { eventually } from '../support/eventually';
import { startCollector, type TestCollector, type TestCollectorOptions } from '../support/collector';
import { buy, CONSUMER } from '../support/reverb';
import { FAST_OUTBOX, makeReferral, setStatus, TEST_WEBHOOK_SECRET } from '../support/referrals';
import { missingKeys, TALKABLE_REWARD_COUPON, TALKABLE_REWARD_REFERRED, TALKABLE_REWARD_REFERRER } from '../support/talkable-reward-samples';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const CRM_SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

let collector: TestCollector;
let receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await collector?.cleanup();
  await Promise.all(receivers.map((receiver) => receiver.close()));
  receivers = [];
});

/** A collector whose site lists one endpoint per subscription list, each with its own receiver and secret. */
async function start(subscriptions: { events: string[]; secret?: string }[], site: Record<string, unknown> = {}, options: Partial<TestCollectorOptions> = {}) {
  const started = await Promise.all(subscriptions.map(() => startWebhookReceiver()));
  receivers.push(...started);
  const webhooks = subscriptions.map((subscription, index) => ({ url: started[index]!.url, secret: subscription.secret ?? TEST_WEBHOOK_SECRET, events: subscription.events }));
  collector = await startCollector({ site: { webhooks, allow_private_webhook_hosts: true, approval: { mode: 'manual' }, ...site }, outbox: FAST_OUTBOX, ...options });
  return started;
}

async function deliveries(): Promise<any[]> {
  const answer = await collector.get(`/api/v2/webhook_deliveries?site_slug=${collector.siteSlug}&limit=100`, { authorization: `Bearer ${collector.apiKey}` });
  return answer.body.result.deliveries;
}

/** The verified bodies a receiver got, in order; verification throws on a bad signature. */
function verified(receiver: WebhookReceiver, secret = TEST_WEBHOOK_SECRET): any[] {
  return receiver.received
    .filter((request) => request.answeredStatus >= 200 && request.answeredStatus < 300)
    .map((request) => new Webhook(secret).verify(request.body, request.headers as Record<string, string>));
}

describe('several web hook endpoints per site', () => {
  it('writes a web hook only for the endpoints subscribed to its type, each signed with its own secret', async () => {
    const [shop, crm] = await start([{ events: ['referral'] }, { events: ['referral', 'referral.voided'], secret: CRM_SECRET }, { events: ['referral.blocked'] }]);
    const { originSlug, referral } = await makeReferral(collector);
    expect((await setStatus(collector, originSlug, 'approved')).status).toBe(200);

    await shop!.waitForDelivered(1);
    await crm!.waitForDelivered(1);
    expect(verified(shop!).map((body) => body.type)).toEqual(['referral.approved']);
    expect(verified(crm!, CRM_SECRET).map((body) => body.type)).toEqual(['referral.approved']);
    expect(() => verified(crm!, TEST_WEBHOOK_SECRET)).toThrow();
    // One message per subscribed endpoint, each with its own webhook-id; none for the third.
    const written = await deliveries();
    expect(written.map((delivery) => delivery.endpoint_url).sort()).toEqual([shop!.url, crm!.url].sort());
    expect(new Set(written.map((delivery) => delivery.id)).size).toBe(2);
    expect(written.every((delivery) => delivery.referral_id === referral.id && delivery.event_type === 'referral.approved')).toBe(true);
  });

  it('delivers to one endpoint while another answers 503, and to the other once it recovers', async () => {
    const [down, up] = await start([{ events: ['referral'] }, { events: ['referral'] }]);
    down!.plan(503, 503, 503);
    const { originSlug } = await makeReferral(collector);
    const approvedAt = Date.now();
    await setStatus(collector, originSlug, 'approved');

    const [request] = await up!.waitForDelivered(1);
    expect(request!.receivedAt - approvedAt).toBeLessThan(1000);
    expect(down!.received.filter((attempt) => attempt.answeredStatus === 204)).toHaveLength(0);
    const [late] = await down!.waitForDelivered(1, 10_000);
    expect(down!.received.map((attempt) => attempt.answeredStatus)).toEqual([503, 503, 503, 204]);
    expect(late!.headers['webhook-id']).not.toBe(request!.headers['webhook-id']);
  });

  it('keeps one endpoint delivering while another answered 410 Gone and is disabled', async () => {
    const [gone, live] = await start([{ events: ['referral'] }, { events: ['referral'] }]);
    gone!.plan(410);
    const first = await makeReferral(collector);
    await setStatus(collector, first.originSlug, 'approved');
    await gone!.waitForRequests(1);
    await live!.waitForDelivered(1);

    const second = await makeReferral(collector, { advocate: 'cat@example.com', friend: 'dan@example.com', order: 'F-2' });
    await setStatus(collector, second.originSlug, 'approved');
    await live!.waitForDelivered(2);
    // The disabled endpoint got nothing more: its second message is recorded as disabled, not sent.
    const mine = async () => (await deliveries()).filter((delivery) => delivery.endpoint_url === gone!.url);
    for (let tries = 0; tries < 100 && (await mine()).some((delivery) => delivery.status === 'pending'); tries++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await mine()).map((delivery) => delivery.status)).toEqual(['disabled', 'disabled']);
    expect(gone!.received).toHaveLength(1);
  });
});

describe('Reward web hook', () => {
  it("posts one per reward issued on approval, with every key of Talkable's Reward web hook samples", async () => {
    const [rewards, referrals] = await start([{ events: ['reward'] }, { events: ['referral'] }]);
    const { originSlug, advocateOffer, referral } = await makeReferral(collector, { order: '381177444', subtotal: 13.43 });
    await setStatus(collector, originSlug, 'approved');

    await rewards!.waitForDelivered(2);
    await referrals!.waitForDelivered(1);
    expect(verified(referrals!).map((body) => body.type)).toEqual(['referral.approved']);
    const bodies = verified(rewards!);
    expect(bodies.map((body) => body.type)).toEqual(['reward.issued', 'reward.issued']);
    const advocate = bodies.find((body) => body.reward.reason === 'referrer');
    const friend = bodies.find((body) => body.reward.reason === 'referred');
    expect(Object.keys(advocate)).toEqual([...Object.keys(TALKABLE_REWARD_REFERRER), 'referral', 'type', 'event_id']);
    expect(missingKeys(TALKABLE_REWARD_REFERRER, advocate)).toEqual([]);
    expect(missingKeys(TALKABLE_REWARD_REFERRED, friend)).toEqual([]);
    expect(missingKeys(TALKABLE_REWARD_COUPON, friend.reward.coupon)).toEqual([]);

    expect(advocate.person).toMatchObject({ email: 'ann@example.com', first_name: 'Ann', last_name: 'Advocate', referral_counts: { total: 1, approved: 1, pending: 0 } });
    expect(advocate.origin).toEqual(advocate.advocate_origin);
    expect(advocate.advocate_origin).toMatchObject({ type: 'Purchase', email: 'ann@example.com' });
    expect(advocate.friend_origin).toMatchObject({ type: 'Purchase', order_number: '381177444', subtotal: 13.43, email: 'bob@example.com' });
    expect(advocate.campaign).toMatchObject({ cached_slug: 'test-shop', tag_names: ['default'] });
    expect(advocate.offer).toMatchObject({ email: 'ann@example.com', short_url_code: advocateOffer.short_url_code });
    expect(advocate.reward).toEqual({
      id: expect.any(String),
      reason: 'referrer',
      incentive_type: 'rebate',
      incentive_identifier: 'referrer',
      incentive_description: '$10 back',
      incentive_custom_description: null,
      amount: '10.00',
      coupon: {},
      coupon_code: null,
      status: 'Paid',
      reversed_at: null,
      // In the site's currency, no tier, a fixed amount (no percent), and no refund reduced it.
      currency: 'USD',
      tier_from: null,
      tier_position: null,
      percent: null,
      maximum_amount: null,
      reduced_at: null,
      original_amount: null,
      reduced_amount: null,
      reduction_applied: null,
    });
    expect(advocate.referral).toEqual({ id: referral.id, status: 'approved' });

    expect(friend.person).toMatchObject({ email: 'bob@example.com', first_name: 'Bob' });
    expect(friend.origin).toEqual(friend.friend_origin);
    expect(friend.reward).toMatchObject({ reason: 'referred', incentive_type: 'discount_coupon', amount: '10.00', status: 'Paid', coupon_code: expect.stringMatching(/^FRIEND-/) });
    expect(friend.reward.coupon).toMatchObject({ code: friend.reward.coupon_code, active: true, used: false, amount: 10 });
  });

  it("posts the advocate's reward again, Voided with reversed_at, when a refund reverses it", async () => {
    const [rewards] = await start([{ events: ['reward'] }]);
    const { originSlug } = await makeReferral(collector);
    await setStatus(collector, originSlug, 'approved');
    await rewards!.waitForDelivered(2);
    const issued = verified(rewards!).find((body) => body.reward.reason === 'referrer');

    const refundedAt = Date.now();
    const refund = await collector.post(`/api/v2/origins/${originSlug}/refund`, { api_key: collector.apiKey, site_slug: collector.siteSlug, data: { reason: 'chargeback' } });
    expect(refund.status).toBe(200);
    const requests = await rewards!.waitForDelivered(3);
    expect(requests[2]!.receivedAt - refundedAt).toBeLessThan(1000);
    const reversed = verified(rewards!)[2];
    expect(reversed.type).toBe('reward.reversed');
    expect(reversed.reward).toMatchObject({ id: issued.reward.id, reason: 'referrer', status: 'Voided', amount: '10.00', reversed_at: expect.any(String) });
    expect(Date.parse(reversed.reward.reversed_at)).toBeGreaterThanOrEqual(refundedAt - 1000);
    expect(missingKeys(TALKABLE_REWARD_REFERRER, reversed)).toEqual([]);
    // A second refund of the same order changes nothing, so writes no second reversal.
    await collector.post(`/api/v2/origins/${originSlug}/refund`, { api_key: collector.apiKey, site_slug: collector.siteSlug });
    expect((await deliveries()).filter((delivery) => delivery.event_type === 'reward.reversed')).toHaveLength(1);
  });

  it('is not written for a site whose endpoints did not subscribe to it', async () => {
    const [referrals] = await start([{ events: ['referral'] }]);
    const { originSlug } = await makeReferral(collector);
    await setStatus(collector, originSlug, 'approved');
    await referrals!.waitForDelivered(1);
    expect((await deliveries()).map((delivery) => delivery.event_type)).toEqual(['referral.approved']);
  });
});

describe('referral lifecycle web hooks', () => {
  /** Waits for `count` deliveries to the receiver, answering their types in arrival order. */
  async function typesReceived(receiver: WebhookReceiver, count: number): Promise<string[]> {
    await receiver.waitForDelivered(count);
    return verified(receiver).map((body) => body.type);
  }

  it('posts referral.created when a purchase closes a referral, with the Referral web hook payload', async () => {
    const [created, referrals] = await start([{ events: ['referral.created'] }, { events: ['referral'] }]);
    const { referral } = await makeReferral(collector, { order: '381177444' });
    expect(await typesReceived(created!, 1)).toEqual(['referral.created']);
    const [body] = verified(created!);
    expect(Object.keys(body)).toEqual(['campaign', 'offer', 'referred_origin', 'currency', 'advocate_rewards', 'friend_rewards', 'referral', 'type', 'event_id']);
    expect(body.referral).toEqual({ id: referral.id, status: 'pending', fraud: expect.objectContaining({ outcome: 'pass' }) });
    expect(body.referred_origin).toMatchObject({ type: 'Purchase', order_number: '381177444' });
    expect(body.advocate_rewards).toEqual([]);
    // Approving writes nothing more for referral.created; the Referral web hook goes to its own endpoint.
    await setStatus(collector, '381177444', 'approved');
    await referrals!.waitForDelivered(1);
    expect((await deliveries()).filter((delivery) => delivery.endpoint_url === created!.url)).toHaveLength(1);
  });

  it('posts referral.created and referral.blocked for a referral a fraud rule blocks', async () => {
    const [blocked] = await start([{ events: ['referral.created', 'referral.blocked'] }]);
    const self = await makeReferral(collector, { friend: 'ann@example.com', order: 'SELF-1' });
    expect(self.referral.status).toBe('blocked');
    // Written together, so they may arrive in either order.
    expect((await typesReceived(blocked!, 2)).sort()).toEqual(['referral.blocked', 'referral.created']);
    expect(verified(blocked!).map((body) => body.referral)).toEqual([
      { id: self.referral.id, status: 'blocked', fraud: expect.objectContaining({ outcome: 'block' }) },
      { id: self.referral.id, status: 'blocked', fraud: expect.objectContaining({ outcome: 'block' }) },
    ]);
  });

  it('posts referral.flagged with the decision trail for a referral a signal holds for review, and logs it', async () => {
    const [flagged] = await start([{ events: ['referral.flagged'] }]);
    const friend = await makeReferral(collector, { friend: 'someone@mailinator.com', order: 'M-1' });
    expect(friend.referral.status).toBe('flagged');
    expect(await typesReceived(flagged!, 1)).toEqual(['referral.flagged']);
    const body = verified(flagged!)[0];
    expect(body.referral).toMatchObject({ id: friend.referral.id, status: 'flagged', fraud: { outcome: 'flag' } });
    expect(body.referral.fraud.signals).toContainEqual(expect.objectContaining({ signal: 'disposable_email', fired: true, action: 'flag', words: expect.stringContaining('mailinator.com') }));
    // On PostgreSQL the log hands an event out once every transaction that began writing before it has ended.
    const flaggedEvents = async () => {
      const log = await collector.get(`/api/v2/events?site_slug=${collector.siteSlug}&limit=100`, { authorization: `Bearer ${collector.apiKey}` });
      return log.body.result.events.filter((event: { type: string }) => event.type === 'referral.flagged');
    };
    const logged = await eventually(flaggedEvents, (events) => events.length > 0);
    expect(logged).toEqual([expect.objectContaining({ subject_id: friend.referral.id })]);
    expect(logged[0].data.referral.fraud.outcome).toBe('flag');
  });

  it('posts referral.voided when the merchant voids a referral, and when a refund does', async () => {
    const [voided] = await start([{ events: ['referral.voided'] }]);
    const first = await makeReferral(collector);
    expect((await setStatus(collector, first.originSlug, 'voided')).status).toBe(200);
    expect(await typesReceived(voided!, 1)).toEqual(['referral.voided']);
    expect(verified(voided!)[0].referral).toEqual({ id: first.referral.id, status: 'voided', fraud: expect.objectContaining({ outcome: 'pass' }) });

    const second = await makeReferral(collector, { advocate: 'cat@example.com', friend: 'dan@example.com', order: 'F-2' });
    const refund = await collector.post('/api/v2/origins/F-2/refund', { api_key: collector.apiKey, site_slug: collector.siteSlug });
    expect(refund.status).toBe(200);
    expect(await typesReceived(voided!, 2)).toEqual(['referral.voided', 'referral.voided']);
    expect(verified(voided!)[1].referral).toEqual({ id: second.referral.id, status: 'voided', fraud: expect.objectContaining({ outcome: 'pass' }) });
  });

  it('posts referral.created when an advocate reaches a click threshold, with no referred origin', async () => {
    const [created] = await start([{ events: ['referral.created'] }], { ...CONSUMER, threshold_rewards: [{ reward_action_type: 3, qualified_amount: 2 }] }, { publicRateLimits: false, trustProxy: true });
    const advocate = await buy(collector, 'ann@example.com', 'A-1');
    await followClaimLink(advocate.offer.claim_urls.facebook, { ip: '198.51.100.1' });
    await followClaimLink(advocate.offer.claim_urls.facebook, { ip: '198.51.101.1' });
    expect(await typesReceived(created!, 1)).toEqual(['referral.created']);
    const [body] = verified(created!);
    expect(body).toMatchObject({ referred_origin: null, friend_rewards: [], referral: { status: 'pending' }, offer: { short_url_code: advocate.offer.short_url_code } });
  });
});
