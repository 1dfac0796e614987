import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { unsubscribeToken } from '../../collector/signing/unsubscribe-token';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { FAST_OUTBOX, TEST_WEBHOOK_SECRET } from '../support/referrals';
import { TALKABLE_EVENT_OF_EVENT, TALKABLE_EVENT_OF_PURCHASE, TALKABLE_POST_SHARE, TALKABLE_UNSUBSCRIBE } from '../support/talkable-hook-samples';
import { missingKeys, TALKABLE_REWARD_REFERRER } from '../support/talkable-reward-samples';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '../support/webhook-receiver';

const CRM_SECRET = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;

let collector: TestCollector;
/** A collector stopped for a restart on its store: cleaned up (its store dropped) after the one that reused it. */
let restarted: TestCollector | undefined;
let receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await collector?.cleanup();
  await restarted?.cleanup();
  restarted = undefined;
  await Promise.all(receivers.map((receiver) => receiver.close()));
  receivers = [];
});

type EndpointConfig = { events: string[]; secret?: string; format?: string; key?: string; id?: string };

/** A collector whose site lists one endpoint per entry, each with its own receiver. */
async function start(endpoints: EndpointConfig[], site: Record<string, unknown> = {}) {
  const started = await Promise.all(endpoints.map(() => startWebhookReceiver()));
  receivers.push(...started);
  const webhooks = endpoints.map((endpoint, index) => ({ ...endpoint, url: started[index]!.url, secret: endpoint.secret ?? TEST_WEBHOOK_SECRET }));
  collector = await startCollector({ site: { webhooks, allow_private_webhook_hosts: true, approval: { mode: 'manual' }, ...site }, outbox: FAST_OUTBOX });
  return started;
}

const bearer = () => ({ authorization: `Bearer ${collector.apiKey}` });

async function deliveries(): Promise<any[]> {
  return (await collector.get(`/api/v2/webhook_deliveries?site_slug=${collector.siteSlug}&limit=100`, bearer())).body.result.deliveries;
}

/** A request's JSON body, after its Standard Webhooks signature verified (it throws otherwise). */
function verifiedJson(request: ReceivedWebhook, secret = TEST_WEBHOOK_SECRET): any {
  return new Webhook(secret).verify(request.body, request.headers as Record<string, string>);
}

/** The bodies of the first `count` deliveries a receiver got, each verified. */
async function received(receiver: WebhookReceiver, count: number, secret = TEST_WEBHOOK_SECRET): Promise<any[]> {
  const requests = await receiver.waitForDelivered(count);
  return requests.slice(0, count).map((request) => verifiedJson(request, secret));
}

/** An advocate's purchase, reported by the merchant's server (secret key) or only by a browser. */
async function advocate(email: string, order: string, reportedBy: 'server' | 'browser' = 'server') {
  const data = { email, order_number: order, subtotal: 40, first_name: 'Ann', last_name: 'Advocate' };
  const body = reportedBy === 'server' ? purchase(collector, data) : { site_slug: collector.siteSlug, type: 'Purchase', data };
  const answer = await collector.post('/api/v2/origins', body);
  expect(answer.status).toBe(201);
  return answer.body.result.offer as { short_url_code: string; claim_urls: Record<string, string>; share_key: string };
}

/** The form key README tells a merchant to compute from the endpoint's secret. */
function formKeyOf(secret: string): string {
  return createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update('vouch form key').digest('hex');
}

describe('Post Share web hook', () => {
  it("posts share.created for each share, with every key of Talkable's Post Share sample, saying whether the merchant's server vouched for the share and the advocate", async () => {
    const [shares, referrals] = await start([{ events: ['post_share'] }, { events: ['referral'] }]);
    const offer = await advocate('ann@example.com', 'ADV-1');

    const email = await collector.post(`/api/v2/offers/${offer.short_url_code}/shares/email`, { api_key: collector.apiKey, site_slug: collector.siteSlug, recipients: 'bob@example.com, cy@example.com, ann@example.com' });
    expect(email.status).toBe(201);
    const [byServer] = await received(shares!, 1);
    expect(Object.keys(byServer)).toEqual([...Object.keys(TALKABLE_POST_SHARE), 'offer', 'share_id', 'verified', 'advocate_verified', 'type', 'event_id']);
    expect(missingKeys(TALKABLE_POST_SHARE, byServer)).toEqual([]);
    expect(byServer).toMatchObject({
      share_type: 'email',
      // The advocate's own address is not invited, so it is not a recipient.
      share_info: { recipients: ['bob@example.com', 'cy@example.com'] },
      sharer_info: { email: 'ann@example.com', first_name: 'Ann', last_name: 'Advocate', referral_counts: { total: 0, approved: 0, pending: 0 } },
      origin: { type: 'Purchase', order_number: 'ADV-1', subtotal: 40, email: 'ann@example.com' },
      campaign: { cached_slug: 'test-shop', tag_names: ['default'] },
      offer: { email: 'ann@example.com', short_url_code: offer.short_url_code },
      verified: true,
      advocate_verified: true,
      type: 'share.created',
    });
    expect(byServer.share_link).toBeUndefined();

    // A browser's share (site_slug only) is activity: sent, and marked as a claim.
    const social = await collector.post(`/api/v2/offers/${offer.short_url_code}/shares/social`, { site_slug: collector.siteSlug, channel: 'facebook' });
    expect(social.status).toBe(201);
    const [, byBrowser] = await received(shares!, 2);
    // recipients belong to an email share's share_info.
    expect(missingKeys({ ...TALKABLE_POST_SHARE, share_info: {} }, byBrowser)).toEqual([]);
    expect(byBrowser).toMatchObject({ share_type: 'facebook', share_info: {}, share_link: offer.claim_urls.facebook, share_id: social.body.result.share.id, verified: false, advocate_verified: true });

    // An advocate only a browser reported is not vouched for either.
    const unsigned = await advocate('dee@example.com', 'ADV-2', 'browser');
    await collector.post(`/api/v2/offers/${unsigned.short_url_code}/shares/social`, { site_slug: collector.siteSlug, channel: 'twitter' });
    const [, , claimOnly] = await received(shares!, 3);
    expect(claimOnly).toMatchObject({ share_type: 'twitter', sharer_info: { email: 'dee@example.com' }, verified: false, advocate_verified: false });

    // The endpoint subscribed to "referral" only got none of them.
    expect((await deliveries()).filter((delivery) => delivery.endpoint_url === referrals!.url)).toEqual([]);
    expect(referrals!.received).toEqual([]);
    expect((await deliveries()).map((delivery) => delivery.subject_id).sort()).toEqual([byServer.share_id, byBrowser.share_id, claimOnly.share_id].sort());
  });
});

describe('Event web hook', () => {
  it("posts event.created for a new Event and Purchase, with every key of Talkable's Event web hook samples, and says whether the merchant's server reported it", async () => {
    const [events] = await start([{ events: ['event'] }]);
    const eventBody = { api_key: collector.apiKey, site_slug: collector.siteSlug, type: 'Event', data: { email: 'ann@example.com', event_category: 'app_installed', event_number: 'E-1', subtotal: 9.5 } };
    expect((await collector.post('/api/v2/origins', eventBody)).status).toBe(201);
    const [event] = await received(events!, 1);
    expect(Object.keys(event)).toEqual([...Object.keys(TALKABLE_EVENT_OF_EVENT), 'verified', 'type', 'event_id']);
    expect(missingKeys(TALKABLE_EVENT_OF_EVENT, event)).toEqual([]);
    expect(event).toMatchObject({
      origin: { type: 'Event', event_category: 'app_installed', event_number: 'E-1', subtotal: 9.5, email: 'ann@example.com' },
      person: { email: 'ann@example.com' },
      verified: true,
      type: 'event.created',
    });
    expect(event.origin.order_number).toBeUndefined();

    // A browser's purchase is a claim: sent, verified false.
    await advocate('bob@example.com', 'B-1', 'browser');
    const [, bought] = await received(events!, 2);
    expect(missingKeys(TALKABLE_EVENT_OF_PURCHASE, bought)).toEqual([]);
    expect(bought).toMatchObject({ origin: { type: 'Purchase', order_number: 'B-1', subtotal: 40 }, person: { email: 'bob@example.com', first_name: 'Ann' }, verified: false });

    // The same event again, and an AffiliateMember, record nothing new: no more web hooks.
    expect((await collector.post('/api/v2/origins', eventBody)).status).toBe(200);
    expect((await collector.post('/api/v2/origins', { api_key: collector.apiKey, site_slug: collector.siteSlug, type: 'AffiliateMember', data: { email: 'cy@example.com' } })).status).toBe(201);
    const written = await deliveries();
    expect(written.map((delivery) => delivery.event_type)).toEqual(['event.created', 'event.created']);
    expect(written.find((delivery) => delivery.payload.origin.type === 'Event').subject_id).toBe(event.origin.id);
  });
});

describe('Unsubscribe web hook', () => {
  const unsubscribe = (email: string, body = 'confirm=yes') =>
    fetch(`${collector.url}/u/${collector.siteSlug}/${unsubscribeToken(collector.apiKey, collector.siteSlug, email)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });

  it("posts unsubscribe when an address unsubscribes through its invite's link, with every key of Talkable's Unsubscribe sample, once", async () => {
    const [unsubscribes] = await start([{ events: ['unsubscribe'] }]);
    await advocate('ann@example.com', 'ADV-1');
    const before = Date.now();
    expect((await unsubscribe('ann@example.com')).status).toBe(200);
    const [known] = await received(unsubscribes!, 1);
    expect(Object.keys(known)).toEqual([...Object.keys(TALKABLE_UNSUBSCRIBE), 'via', 'type', 'event_id']);
    expect(missingKeys(TALKABLE_UNSUBSCRIBE, known)).toEqual([]);
    expect(known).toMatchObject({ person: { email: 'ann@example.com', first_name: 'Ann', last_name: 'Advocate' }, via: 'unsubscribe_link', type: 'unsubscribe' });
    expect(Date.parse(known.person.unsubscribed_at)).toBeGreaterThanOrEqual(before - 1000);

    // A friend who was only invited has no names; a mail client's one-click unsubscribe says so.
    expect((await unsubscribe('friend@example.com', 'List-Unsubscribe=One-Click')).status).toBe(200);
    const [, invited] = await received(unsubscribes!, 2);
    expect(invited).toMatchObject({ person: { email: 'friend@example.com', first_name: null, last_name: null }, via: 'list_unsubscribe' });

    // Unsubscribing again changes nothing, so writes nothing.
    expect((await unsubscribe('ann@example.com')).status).toBe(200);
    expect((await deliveries()).map((delivery) => delivery.event_type)).toEqual(['unsubscribe', 'unsubscribe']);
  });
});

describe('the form format, per endpoint', () => {
  it("posts Talkable's key, site, type and payload, with the same key on every delivery, and a Standard Webhooks signature over the form body", async () => {
    const [derived, configured, json] = await start([
      { events: ['event', 'post_share'], format: 'form', secret: CRM_SECRET },
      { events: ['event'], format: 'form', key: 'merchant-chosen-key-0123' },
      { events: ['event'] },
    ]);
    await advocate('ann@example.com', 'ADV-1');
    await advocate('bob@example.com', 'ADV-2');
    const bodies = (await derived!.waitForDelivered(2)).map((request) => {
      expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
      // The signature covers the raw form body: verify() throws unless it matches.
      expect(() => new Webhook(CRM_SECRET).verify(request.body, request.headers as Record<string, string>, { jsonParse: false })).not.toThrow();
      expect(() => new Webhook(TEST_WEBHOOK_SECRET).verify(request.body, request.headers as Record<string, string>, { jsonParse: false })).toThrow();
      return Object.fromEntries(new URLSearchParams(request.body));
    });
    expect(bodies.map((body) => Object.keys(body))).toEqual([
      ['key', 'site', 'type', 'payload'],
      ['key', 'site', 'type', 'payload'],
    ]);
    expect(bodies.map((body) => body.key)).toEqual([formKeyOf(CRM_SECRET), formKeyOf(CRM_SECRET)]);
    expect(bodies.map((body) => [body.site, body.type])).toEqual([
      ['test-shop', 'event_web_hook'],
      ['test-shop', 'event_web_hook'],
    ]);
    expect(bodies.map((body) => JSON.parse(body.payload!).origin.order_number).sort()).toEqual(['ADV-1', 'ADV-2']);

    const configuredBodies = (await configured!.waitForDelivered(2)).map((request) => new URLSearchParams(request.body));
    expect(configuredBodies.map((body) => body.get('key'))).toEqual(['merchant-chosen-key-0123', 'merchant-chosen-key-0123']);
    // The third endpoint kept JSON.
    const [plain] = await json!.waitForDelivered(1);
    expect(plain!.headers['content-type']).toBe('application/json');
    expect(verifiedJson(plain!).type).toBe('event.created');

    // The share's own Talkable type, on the endpoint subscribed to both.
    await collector.post(`/api/v2/offers/${(await advocate('cy@example.com', 'ADV-3')).short_url_code}/shares/social`, { site_slug: collector.siteSlug, channel: 'sms' });
    const requests = await derived!.waitForDelivered(4);
    expect(requests.map((request) => new URLSearchParams(request.body).get('type')).sort()).toEqual(['event_web_hook', 'event_web_hook', 'event_web_hook', 'post_share_web_hook']);
  });
});

describe('web hook endpoints and sample delivery', () => {
  it('lists each endpoint with its stable id, subscriptions, types, format, form key and disabled state, never its secret', async () => {
    const [crm, shop] = await start([{ events: ['reward', 'unsubscribe'], id: 'crm', format: 'form' }, { events: ['post_share'] }]);
    const first = await collector.get(`/api/v2/webhook_endpoints?site_slug=${collector.siteSlug}`, bearer());
    expect(first.status).toBe(200);
    expect(first.body.result.endpoints).toEqual([
      { id: 'crm', url: crm!.url, events: ['reward', 'unsubscribe'], types: ['reward.issued', 'reward.reduced', 'reward.reversed', 'unsubscribe'], format: 'form', key: formKeyOf(TEST_WEBHOOK_SECRET), disabled: null },
      { id: expect.stringMatching(/^we_[0-9a-f]{16}$/), url: shop!.url, events: ['post_share'], types: ['share.created'], format: 'json', key: null, disabled: null },
    ]);
    expect(JSON.stringify(first.body)).not.toContain('whsec_');
    // The derived id is the same after a restart on the same configuration.
    const derivedId = first.body.result.endpoints[1].id;
    await collector.stop();
    restarted = collector;
    collector = await startCollector({
      reuse: restarted,
      apiKey: restarted.apiKey,
      site: { webhooks: [{ events: ['post_share'], url: shop!.url, secret: TEST_WEBHOOK_SECRET }], allow_private_webhook_hosts: true },
      outbox: FAST_OUTBOX,
    });
    const again = await collector.get(`/api/v2/webhook_endpoints?site_slug=${collector.siteSlug}`, bearer());
    expect(again.body.result.endpoints.map((endpoint: { id: string }) => endpoint.id)).toEqual([derivedId]);
    expect((await collector.get(`/api/v2/webhook_endpoints?site_slug=${collector.siteSlug}`)).status).toBe(401);
  });

  it("delivers a sample of each type the endpoint receives, with Talkable's sample values, marked as a sample", async () => {
    const [all] = await start([{ events: ['post_share', 'event', 'unsubscribe', 'reward'], id: 'all' }]);
    const sample = (type: string) => collector.post('/api/v2/webhook_endpoints/all/sample', { site_slug: collector.siteSlug, type }, bearer());
    const types = ['share.created', 'event.created', 'unsubscribe', 'reward.issued'];
    for (const type of types) {
      const answer = await sample(type);
      expect(answer.status).toBe(202);
      expect(answer.body.result.delivery).toMatchObject({ event_type: type, sample: true, endpoint_url: all!.url, status: 'pending', subject_id: null, payload: { type, sample: true } });
      // One at a time, so each arrives in the order asked.
      await all!.waitForDelivered(types.indexOf(type) + 1);
    }
    const [share, event, unsubscribed, reward] = await received(all!, 4);
    expect(missingKeys(TALKABLE_POST_SHARE, share)).toEqual([]);
    expect(share).toMatchObject({
      share_type: 'email',
      share_info: TALKABLE_POST_SHARE.share_info,
      sharer_info: { email: 'sharer@example.com', first_name: 'Bob', last_name: 'Smith' },
      origin: { order_number: '450901776', subtotal: 35.03, customer_id: '565659001', order_date: TALKABLE_POST_SHARE.origin.order_date, coupon_code: 'WHT29123' },
      type: 'share.created',
      sample: true,
    });
    expect(Object.keys(share).at(-1)).toBe('sample');
    expect(missingKeys(TALKABLE_EVENT_OF_EVENT, event)).toEqual([]);
    expect(event).toMatchObject({ origin: { type: 'Event', event_category: 'webhook-test', event_number: '953205549', subtotal: 91.52 }, person: { email: 'referrer@example.com' }, sample: true });
    expect(missingKeys(TALKABLE_UNSUBSCRIBE, unsubscribed)).toEqual([]);
    expect(unsubscribed).toMatchObject({ person: { email: 'referrer@example.com', first_name: 'Bob', last_name: 'Smith' }, type: 'unsubscribe', sample: true });
    expect(missingKeys(TALKABLE_REWARD_REFERRER, reward)).toEqual([]);
    expect(reward).toMatchObject({ person: { email: 'referrer@example.com' }, reward: { reason: 'referrer', incentive_type: 'rebate', amount: '10.00', status: 'Paid' }, offer: { short_url_code: '1a2PV' }, sample: true });
    // The delivery list shows them as samples (once the last attempt is recorded: the receiver answers before that).
    for (let tries = 0; tries < 100 && (await deliveries()).some((delivery) => delivery.status === 'pending'); tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await deliveries()).map((delivery) => [delivery.event_type, delivery.sample, delivery.status])).toEqual(
      [...types].reverse().map((type) => [type, true, 'delivered']),
    );
  });

  it('refuses an unknown endpoint, a type it does not subscribe to, an unknown or missing type, and a caller without the key', async () => {
    await start([{ events: ['post_share'], id: 'shares' }]);
    const sample = (id: string, body: Record<string, unknown>, headers: Record<string, string> = bearer()) =>
      collector.post(`/api/v2/webhook_endpoints/${id}/sample`, { site_slug: collector.siteSlug, ...body }, headers);
    const unknown = await sample('nope', { type: 'share.created' });
    expect([unknown.status, unknown.body.code, unknown.body.errors]).toEqual([404, 'not_found', [{ field: 'id', message: 'no such web hook endpoint' }]]);
    const notSubscribed = await sample('shares', { type: 'reward.issued' });
    expect([notSubscribed.status, notSubscribed.body.code, notSubscribed.body.errors[0].field]).toEqual([422, 'type_not_subscribed', 'type']);
    expect(notSubscribed.body.errors[0].message).toContain('share.created');
    const badType = await sample('shares', { type: 'order.paid' });
    expect([badType.status, badType.body.code, badType.body.errors[0].field]).toEqual([422, 'invalid_field', 'type']);
    const noType = await sample('shares', {});
    expect([noType.status, noType.body.code, noType.body.errors[0].field]).toEqual([400, 'missing_field', 'type']);
    expect((await sample('shares', { type: 'share.created' }, {})).status).toBe(401);
    expect((await sample('shares', { type: 'share.created' }, { authorization: 'Bearer sk_wrong_key_0000000000' })).status).toBe(401);
    expect(await deliveries()).toEqual([]);
  });

  it('re-enables an endpoint a 410 Gone disabled, as a redelivery does', async () => {
    const [gone] = await start([{ events: ['event'], id: 'events' }]);
    gone!.plan(410);
    await collector.post('/api/v2/webhook_endpoints/events/sample', { site_slug: collector.siteSlug, type: 'event.created' }, bearer());
    await gone!.waitForRequests(1);
    const listed = async () => (await collector.get(`/api/v2/webhook_endpoints?site_slug=${collector.siteSlug}`, bearer())).body.result.endpoints[0];
    for (let tries = 0; tries < 100 && (await listed()).disabled === null; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await listed()).disabled).toEqual({ at: expect.any(String), reason: expect.stringContaining('410 Gone') });

    await collector.post('/api/v2/webhook_endpoints/events/sample', { site_slug: collector.siteSlug, type: 'event.created' }, bearer());
    await gone!.waitForDelivered(1);
    expect((await listed()).disabled).toBeNull();
  });
});
