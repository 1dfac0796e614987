import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { startCollector, type TestCollector } from '../support/collector';
import { FAST_OUTBOX, makeReferral, setStatus, TEST_WEBHOOK_SECRET } from '../support/referrals';
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
async function start(subscriptions: { events: string[]; secret?: string }[], site: Record<string, unknown> = {}) {
  const started = await Promise.all(subscriptions.map(() => startWebhookReceiver()));
  receivers.push(...started);
  const webhooks = subscriptions.map((subscription, index) => ({ url: started[index]!.url, secret: subscription.secret ?? TEST_WEBHOOK_SECRET, events: subscription.events }));
  collector = await startCollector({ site: { webhooks, allow_private_webhook_hosts: true, approval: { mode: 'manual' }, ...site }, outbox: FAST_OUTBOX });
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
