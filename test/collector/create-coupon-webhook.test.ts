import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { FAST_OUTBOX, makeReferral, setStatus, TEST_WEBHOOK_SECRET } from '../support/referrals';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

/** Talkable's Create Coupon web hook sample payload (web_hooks/create_coupon). */
const TALKABLE_CREATE_COUPON = {
  coupon_code: 'WHT58574',
  discount_amount: 10,
  percentage_discount: false,
  usage_limit: 1,
  expires_at: '2014-04-14T06:17:14.309-07:00',
  coupon_list_id: 1,
  coupon_list_name: '$10 off',
};

const FRIEND_FROM_POOL = { amount: 10, incentive: 'discount_coupon', incentive_description: '$10 off', coupon_source: 'pool' };

let collector: TestCollector;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await collector?.cleanup();
  await receiver?.close();
  receiver = undefined;
});

async function start(events: string[], site: Record<string, unknown> = {}) {
  receiver = await startWebhookReceiver();
  collector = await startCollector({
    site: {
      webhooks: [{ url: receiver.url, secret: TEST_WEBHOOK_SECRET, events }],
      allow_private_webhook_hosts: true,
      approval: { mode: 'manual' },
      friend_reward: FRIEND_FROM_POOL,
      ...site,
    },
    outbox: FAST_OUTBOX,
  });
  return receiver;
}

/** An advocate's purchase: its offer takes a friend code from the pool. */
async function advocatePurchase(email: string) {
  const answer = await collector.post('/api/v2/origins', purchase(collector, { email, order_number: `ADV-${email}`, subtotal: 30 }));
  expect(answer.status).toBe(201);
  return answer.body.result;
}

async function available(): Promise<{ advocate: number; friend: number }> {
  const answer = await collector.get(`/api/v2/coupons?site_slug=${collector.siteSlug}`, { authorization: `Bearer ${collector.apiKey}` });
  return answer.body.result.available;
}

async function poolCodes(kind: 'advocate' | 'friend'): Promise<string[]> {
  const db = collector.running.services.db;
  const rows = await db.selectFrom('coupon_codes').select('code').where('kind', '=', kind).orderBy('code').execute();
  return rows.map((row) => row.code);
}

async function couponDeliveries(): Promise<any[]> {
  const answer = await collector.get(`/api/v2/webhook_deliveries?site_slug=${collector.siteSlug}&limit=100`, { authorization: `Bearer ${collector.apiKey}` });
  return answer.body.result.deliveries.filter((delivery: any) => delivery.event_type === 'coupon.create');
}

/** Polls until `test` holds (5 s at most). */
async function eventually<T>(read: () => Promise<T>, test: (value: T) => boolean): Promise<T> {
  for (let tries = 0; ; tries++) {
    const value = await read();
    if (test(value) || tries === 100) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const verifiedBodies = (hooks: WebhookReceiver, { deliveredOnly = false } = {}) =>
  hooks.received
    .filter((request) => !deliveredOnly || (request.answeredStatus >= 200 && request.answeredStatus < 300))
    .map((request) => new Webhook(TEST_WEBHOOK_SECRET).verify(request.body, request.headers as Record<string, string>) as any);

describe('Create Coupon web hook', () => {
  it("asks the shop for 15 codes, one signed web hook each with the keys of Talkable's sample, when a take leaves the pool under 20", async () => {
    const hooks = await start(['create_coupon']);
    const seeded = await collector.post('/api/v2/coupons', { api_key: collector.apiKey, site_slug: collector.siteSlug, data: { kind: 'friend', codes: ['SEED-1', 'SEED-2'] } });
    expect(seeded.status).toBe(201);
    await advocatePurchase('ann@example.com');

    await hooks.waitForDelivered(15);
    const bodies = verifiedBodies(hooks);
    expect(bodies).toHaveLength(15);
    for (const body of bodies) {
      expect(Object.keys(body)).toEqual([...Object.keys(TALKABLE_CREATE_COUPON), 'side', 'site', 'type', 'event_id']);
      for (const [key, value] of Object.entries(TALKABLE_CREATE_COUPON)) {
        // Vouch's codes do not expire, and its coupon lists are named, not numbered.
        if (key !== 'expires_at' && key !== 'coupon_list_id') expect(typeof body[key], key).toBe(typeof value);
      }
      expect(body).toMatchObject({
        discount_amount: 10,
        percentage_discount: false,
        usage_limit: 1,
        expires_at: null,
        coupon_list_id: 'test-shop-friend',
        coupon_list_name: '$10 off',
        side: 'friend',
        site: 'test-shop',
        type: 'coupon.create',
      });
      expect(body.coupon_code).toMatch(/^FRIEND-[A-HJ-NP-Z2-9]{8}$/);
    }
    expect(new Set(bodies.map((body) => body.coupon_code)).size).toBe(15);
    // Every code is in the pool once its web hook got its 2xx: 1 seed left + 15.
    expect((await eventually(available, (sizes) => sizes.friend === 16)).friend).toBe(16);
    expect(await poolCodes('friend')).toEqual(expect.arrayContaining(bodies.map((body) => body.coupon_code)));

    // The next take leaves 15, under 20 with none on their way: 15 more.
    await advocatePurchase('cat@example.com');
    await hooks.waitForDelivered(30);
    expect((await eventually(available, (sizes) => sizes.friend === 30)).friend).toBe(30);
    // At 30, over the threshold: a take asks for nothing.
    await advocatePurchase('dan@example.com');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hooks.received).toHaveLength(30);
    expect((await available()).friend).toBe(29);
  });

  it('adds a code only once its web hook got a 2xx: a 500 then a 200 adds it once, and a redelivery adds nothing', async () => {
    const hooks = await start(['create_coupon']);
    hooks.plan(500);
    await advocatePurchase('ann@example.com');
    const [first] = await hooks.waitForRequests(1);
    const refused = new Webhook(TEST_WEBHOOK_SECRET).verify(first!.body, first!.headers as Record<string, string>) as any;
    // Its 500 is recorded and it waits for its retry: its code is not in the pool.
    await eventually(couponDeliveries, (all) => all.some((delivery) => delivery.payload.coupon_code === refused.coupon_code && delivery.attempts.length === 1));
    expect(await poolCodes('friend')).not.toContain(refused.coupon_code);
    await hooks.waitForDelivered(15);
    const deliveries = await eventually(couponDeliveries, (all) => all.filter((delivery) => delivery.status === 'delivered').length === 15);
    const retried = deliveries.find((delivery) => delivery.payload.coupon_code === refused.coupon_code);
    // A Create Coupon web hook is about no referral.
    expect(deliveries.every((delivery) => delivery.referral_id === null)).toBe(true);
    expect(retried.attempts.map((attempt: any) => attempt.response_status)).toEqual([500, 204]);
    expect((await eventually(available, (sizes) => sizes.friend === 15)).friend).toBe(15);
    expect((await poolCodes('friend')).filter((code) => code === refused.coupon_code)).toHaveLength(1);

    const answer = await collector.post(`/api/v2/webhook_deliveries/${retried.id}/redeliver`, { site_slug: collector.siteSlug, api_key: collector.apiKey });
    expect(answer.status).toBe(202);
    await hooks.waitForDelivered(16);
    await eventually(couponDeliveries, (all) => all.every((delivery) => delivery.status === 'delivered'));
    expect((await available()).friend).toBe(15);
    expect(await poolCodes('friend')).toHaveLength(15);
  });

  it("puts the shop's own code in the pool when its answer names one, and keeps Vouch's when that code is not usable", async () => {
    const hooks = await start(['create_coupon']);
    const json = { 'content-type': 'application/json' };
    hooks.plan(
      { status: 200, headers: json, body: JSON.stringify({ coupon_code: 'shop-made-1' }) },
      { status: 201, headers: json, body: JSON.stringify({ ok: true, result: { coupon_code: 'SHOP-MADE-2' } }) },
      { status: 200, headers: json, body: JSON.stringify({ coupon_code: 'X'.repeat(65) }) },
      { status: 200, headers: json, body: JSON.stringify({ coupon_code: 'HAS SPACE' }) },
      { status: 200, body: 'not json' },
    );
    await advocatePurchase('ann@example.com');
    await hooks.waitForDelivered(15);
    await eventually(available, (sizes) => sizes.friend === 15);
    const sent = verifiedBodies(hooks).map((body) => body.coupon_code as string);
    const pool = await poolCodes('friend');
    expect(pool).toContain('SHOP-MADE-1');
    expect(pool).toContain('SHOP-MADE-2');
    expect(pool).not.toContain(sent[0]);
    expect(pool).not.toContain(sent[1]);
    // The unusable answers keep the code Vouch sent.
    for (const code of sent.slice(2)) expect(pool).toContain(code);
    expect(pool).toHaveLength(15);
  });

  it('asks for nothing without an endpoint subscribed to create_coupon, or for a side that does not draw from the pool', async () => {
    const hooks = await start(['referral', 'reward']);
    await advocatePurchase('ann@example.com');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hooks.received).toHaveLength(0);
    expect(await couponDeliveries()).toEqual([]);
    await collector.cleanup();
    await hooks.close();

    // Subscribed, but the friend's coupon is generated, not drawn from a pool.
    const generated = await start(['create_coupon'], { friend_reward: { ...FRIEND_FROM_POOL, coupon_source: 'generated' } });
    await advocatePurchase('ann@example.com');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(generated.received).toHaveLength(0);
  });

  it('gives an advocate reward issued without a code (empty pool) the first code that arrives, and sends its Reward web hook again with it', async () => {
    const hooks = await start(['create_coupon', 'reward'], {
      friend_reward: { amount: 10, incentive: 'discount_coupon', incentive_description: '$10 off', coupon_source: 'generated' },
      advocate_reward: { amount: 5, incentive: 'discount_coupon', incentive_description: '$5 off', coupon_source: 'pool' },
      coupon_code_prefix: 'shop',
    });
    // The shop is down while the reward is issued: the reward has no code yet.
    hooks.plan(...Array.from({ length: 15 }, () => 503));
    const { originSlug } = await makeReferral(collector);
    expect((await setStatus(collector, originSlug, 'approved')).status).toBe(200);
    await hooks.waitForDelivered(16, 10_000);

    const bodies = verifiedBodies(hooks);
    const issued = bodies.filter((body) => body.type === 'reward.issued' && body.reward.reason === 'referrer');
    const coupons = bodies.filter((body) => body.type === 'coupon.create');
    expect(new Set(coupons.map((body) => body.coupon_code)).size).toBe(15);
    expect(coupons.every((body) => /^SHOP-/.test(body.coupon_code) && body.side === 'advocate' && body.discount_amount === 5)).toBe(true);
    // First without a code; then again with the first code to arrive.
    const again = await eventually(
      // Delivered ones only: a web hook the plan's 503s refused comes again under the same webhook-id.
      async () => verifiedBodies(hooks, { deliveredOnly: true }).filter((body) => body.type === 'reward.issued' && body.reward.reason === 'referrer'),
      (found) => found.length === 2,
    );
    // The plan's 503s may hold either back, so they are told apart by their code, not their order.
    expect(issued.length).toBeGreaterThanOrEqual(1);
    const withoutCode = again.filter((body) => body.reward.coupon_code === null);
    const withCode = again.filter((body) => body.reward.coupon_code !== null);
    expect([withoutCode.length, withCode.length]).toEqual([1, 1]);
    expect(withCode[0].reward.coupon_code).toMatch(/^SHOP-/);
    expect(coupons.map((body) => body.coupon_code)).toContain(withCode[0].reward.coupon_code);
    expect(withCode[0].reward.id).toBe(withoutCode[0].reward.id);
    // That code is taken by the reward; the other 14 wait in the pool.
    expect((await eventually(available, (sizes) => sizes.advocate === 14)).advocate).toBe(14);
    const db = collector.running.services.db;
    const reward = await db.selectFrom('rewards').selectAll().where('side', '=', 'advocate').executeTakeFirstOrThrow();
    expect(reward).toMatchObject({ coupon_code: withCode[0].reward.coupon_code, coupon_problem: null });
  });
});
