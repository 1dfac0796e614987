import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { startCollector, type TestCollector } from '../support/collector';
import { FAST_OUTBOX, makeReferral, setStatus, TEST_WEBHOOK_SECRET, webhookSite } from '../support/referrals';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

let collector: TestCollector;
let receiver: WebhookReceiver;
afterEach(async () => {
  await collector?.cleanup();
  await receiver?.close();
});

async function start(site: Record<string, unknown> = {}, outbox: Record<string, number> = FAST_OUTBOX) {
  receiver = await startWebhookReceiver();
  collector = await startCollector({ site: webhookSite(receiver.url, site), outbox });
}

function deliveries() {
  return collector.get(`/api/v2/webhook_deliveries?site_slug=${collector.siteSlug}`, { authorization: `Bearer ${collector.apiKey}` });
}

/** The newest delivery, once its first attempt is recorded. */
async function firstDeliveryWithAnAttempt(): Promise<any> {
  for (let tries = 0; tries < 100; tries++) {
    const [delivery] = (await deliveries()).body.result.deliveries;
    // The list reads the message, then its attempts: a read between the two may see an attempt
    // whose settlement (status, last_error) it has not seen yet; once it has, they agree.
    if (delivery?.attempts.length && delivery.last_error === (delivery.attempts.at(-1).error ?? null)) return delivery;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no attempt recorded within 5 s');
}

describe('Referral web hook', () => {
  it('posts the approved referral, signed so the standardwebhooks package verifies it, with the payload of the Talkable Referral web hook', async () => {
    await start({ advocate_reward: { amount: 5, incentive: 'rebate', incentive_description: '$5.00 back' } });
    const { originSlug, advocateOffer, referral } = await makeReferral(collector, { order: '381177444', subtotal: 13.43 });
    const approvedAt = Date.now();
    expect((await setStatus(collector, originSlug, 'approved')).status).toBe(200);

    const [request] = await receiver.waitForDelivered(1);
    expect(request!.receivedAt - approvedAt).toBeLessThan(1000);
    expect(request!.headers['content-type']).toBe('application/json');
    const payload = new Webhook(TEST_WEBHOOK_SECRET).verify(request!.body, request!.headers as Record<string, string>) as any;
    expect(Object.keys(payload)).toEqual(['campaign', 'offer', 'referred_origin', 'currency', 'advocate_rewards', 'friend_rewards', 'referral', 'type', 'event_id']);
    expect(payload.currency).toBe('USD');
    expect(payload.campaign).toEqual({ id: expect.any(String), type: 'DoubleSidedDealCampaign', cached_slug: 'test-shop', tag_names: ['default'] });
    expect(payload.offer).toEqual({ email: 'ann@example.com', short_url_code: advocateOffer.short_url_code, variant_id: null });
    expect(payload.referred_origin).toEqual({ id: expect.any(String), type: 'Purchase', order_number: '381177444', subtotal: 13.43, customer_id: null, coupon_code: '' });
    expect(payload.advocate_rewards).toEqual([
      {
        id: expect.any(String),
        email: 'ann@example.com',
        person: { email: 'ann@example.com', first_name: 'Ann', last_name: 'Advocate', sub_choice: false, subscribed_at: null, unsubscribed_at: null },
        amount: '5.00',
        currency: 'USD',
        incentive: 'rebate',
        incentive_description: '$5.00 back',
        origin: { id: expect.any(String), type: 'Purchase', email: 'ann@example.com' },
      },
    ]);
    expect(payload.friend_rewards).toEqual([
      {
        id: expect.any(String),
        email: 'bob@example.com',
        person: { email: 'bob@example.com', first_name: 'Bob', last_name: null, sub_choice: false, subscribed_at: null, unsubscribed_at: null },
        amount: '10.00',
        currency: 'USD',
        incentive: 'discount_coupon',
        incentive_description: '$10 off your first order',
        reward_coupon_code: expect.stringMatching(/^FRIEND-[A-Z2-9]{8}$/),
        origin: { id: payload.referred_origin.id, type: 'Purchase', order_number: '381177444', subtotal: 13.43, order_date: expect.any(String), coupon_code: '' },
      },
    ]);
    expect(payload.referral).toEqual({ id: referral.id, status: 'approved', fraud: expect.objectContaining({ outcome: 'pass' }) });
    expect(payload.type).toBe('referral.approved');
  });

  it("posts Talkable's form encoding (key=<webhook_key>&site=<slug>&type=referral_web_hook&payload=<json>) when the site asks for it, signed over the raw body", async () => {
    await start({ webhook_format: 'form', webhook_key: 'merchant-key-1' });
    const { originSlug } = await makeReferral(collector);
    await setStatus(collector, originSlug, 'approved');
    const [request] = await receiver.waitForDelivered(1);
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    new Webhook(TEST_WEBHOOK_SECRET).verify(request!.body, request!.headers as Record<string, string>, { jsonParse: false });
    const form = new URLSearchParams(request!.body);
    expect([...form.keys()]).toEqual(['key', 'site', 'type', 'payload']);
    expect([form.get('key'), form.get('site'), form.get('type')]).toEqual(['merchant-key-1', 'test-shop', 'referral_web_hook']);
    expect(JSON.parse(form.get('payload')!).referral.status).toBe('approved');
  });

  it('fires on unblocking too, with the rewards still empty', async () => {
    await start();
    const advocate = await makeReferral(collector, { friend: 'ann@example.com', order: 'SELF-1' });
    expect(advocate.referral.status).toBe('blocked');
    await setStatus(collector, 'SELF-1', 'unblocked');
    const [request] = await receiver.waitForDelivered(1);
    const payload = JSON.parse(request!.body);
    expect(payload.type).toBe('referral.unblocked');
    expect(payload.advocate_rewards).toEqual([]);
  });

  it('signs with both secrets during a rotation, so either verifies', async () => {
    const newSecret = `whsec_${Buffer.from('the-next-webhook-secret-of-the-shop').toString('base64')}`;
    await start({ webhook_secret: [newSecret, TEST_WEBHOOK_SECRET] });
    const { originSlug } = await makeReferral(collector);
    await setStatus(collector, originSlug, 'approved');
    const [request] = await receiver.waitForDelivered(1);
    expect(String(request!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [newSecret, TEST_WEBHOOK_SECRET]) {
      expect(() => new Webhook(secret).verify(request!.body, request!.headers as Record<string, string>)).not.toThrow();
    }
  });

  it('retries a failing receiver with backoff and delivers exactly once, keeping the webhook-id and recording every attempt', async () => {
    await start();
    receiver.plan(500, { status: 503, body: 'down for maintenance' }, 404);
    const { originSlug } = await makeReferral(collector);
    const approvedAt = Date.now();
    await setStatus(collector, originSlug, 'approved');
    const delivered = await receiver.waitForDelivered(1);
    const deliveredAfterInMs = Date.now() - approvedAt;
    expect(delivered).toHaveLength(1);
    expect(receiver.received.map((request) => request.answeredStatus)).toEqual([500, 503, 404, 204]);
    expect(new Set(receiver.received.map((request) => request.headers['webhook-id'])).size).toBe(1);
    // 200 ms, 400 ms, 800 ms of backoff (no jitter in the test schedule).
    const gaps = receiver.received.slice(1).map((request, index) => request.receivedAt - receiver.received[index]!.receivedAt);
    expect(gaps[0]).toBeGreaterThanOrEqual(190);
    expect(gaps[2]).toBeGreaterThan(gaps[0]!);
    expect(deliveredAfterInMs).toBeLessThan(4000);

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(4);
    const list = await deliveries();
    const [delivery] = list.body.result.deliveries;
    expect(delivery).toMatchObject({ status: 'delivered', attempt_count: 4, event_type: 'referral.approved', last_error: null });
    expect(delivery.attempts.map((attempt: any) => [attempt.response_status, attempt.outcome])).toEqual([
      [500, 'retry'],
      [503, 'retry'],
      [404, 'retry'],
      [204, 'delivered'],
    ]);
    expect(delivery.attempts[1].response_excerpt).toBe('down for maintenance');
  });

  it('waits as long as Retry-After asks', async () => {
    await start();
    receiver.plan({ status: 429, headers: { 'retry-after': '1' } });
    const { originSlug } = await makeReferral(collector);
    await setStatus(collector, originSlug, 'approved');
    await receiver.waitForDelivered(1, 5000);
    expect(receiver.received[1]!.receivedAt - receiver.received[0]!.receivedAt).toBeGreaterThanOrEqual(950);
  });

  it('does not follow a redirect', async () => {
    await start();
    receiver.plan({ status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data' } });
    const { originSlug } = await makeReferral(collector);
    await setStatus(collector, originSlug, 'approved');
    await receiver.waitForDelivered(1);
    const [delivery] = (await deliveries()).body.result.deliveries;
    expect(delivery.attempts[0]).toMatchObject({ response_status: 302, outcome: 'retry', error: expect.stringContaining('redirects are not followed') });
  });

  it('disables the endpoint on 410 Gone, and a redelivery enables it again with the same webhook-id', async () => {
    await start();
    receiver.plan(410);
    const { originSlug } = await makeReferral(collector);
    await setStatus(collector, originSlug, 'approved');
    await receiver.waitForRequests(1);
    const gone = await firstDeliveryWithAnAttempt();
    expect(receiver.received).toHaveLength(1);
    expect(gone).toMatchObject({ status: 'disabled', attempt_count: 1, next_attempt_at: null });

    const redeliver = await collector.post(`/api/v2/webhook_deliveries/${gone.id}/redeliver`, { site_slug: collector.siteSlug, api_key: collector.apiKey });
    expect(redeliver.status).toBe(202);
    expect(redeliver.body.result.delivery.status).toBe('pending');
    const delivered = await receiver.waitForDelivered(1);
    expect(delivered[0]!.headers['webhook-id']).toBe(gone.id);
  });

  it('refuses a private receiver unless allow_private_webhook_hosts is true, recording why', async () => {
    await start({ allow_private_webhook_hosts: false });
    const { originSlug } = await makeReferral(collector);
    await setStatus(collector, originSlug, 'approved');
    const delivery = await firstDeliveryWithAnAttempt();
    expect(delivery.attempts[0].error).toMatch(/^refused: 127\.0\.0\.1 is a private, loopback or link-local address/);
    expect(receiver.received).toHaveLength(0);
  });

  it('never calls a cloud metadata address, even with private hosts allowed', async () => {
    await start({ webhook_url: 'http://169.254.169.254/latest/meta-data' });
    const { originSlug } = await makeReferral(collector);
    await setStatus(collector, originSlug, 'approved');
    await firstDeliveryWithAnAttempt();
    // The attempt is listed from its start; its refusal is recorded when it ends.
    await expect
      .poll(async () => (await deliveries()).body.result.deliveries[0], { timeout: 5000, interval: 50 })
      .toMatchObject({ status: 'pending', last_error: 'refused: 169.254.169.254 is a cloud metadata address' });
  });
});

describe('web hook deliveries API', () => {
  it('refuses bad filters, unknown deliveries and calls without the key', async () => {
    await start();
    const auth = { authorization: `Bearer ${collector.apiKey}` };
    expect((await collector.get(`/api/v2/webhook_deliveries?site_slug=${collector.siteSlug}&status=sent`, auth)).body.errors[0]).toEqual({
      field: 'status',
      message: 'must be pending, delivered, failed or disabled',
    });
    expect((await collector.get(`/api/v2/webhook_deliveries?site_slug=${collector.siteSlug}`)).status).toBe(401);
    const unknown = await collector.post('/api/v2/webhook_deliveries/0190a0a0-0000-7000-8000-000000000000/redeliver', { site_slug: collector.siteSlug, api_key: collector.apiKey });
    expect(unknown.status).toBe(404);
    expect((await collector.post('/api/v2/webhook_deliveries/x/redeliver', { site_slug: collector.siteSlug })).status).toBe(401);
  });
});
