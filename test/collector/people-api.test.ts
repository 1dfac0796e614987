import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followClaimLink } from '../support/claim-link';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { FAST_OUTBOX, setStatus, TEST_WEBHOOK_SECRET } from '../support/referrals';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';
import {
  TALKABLE_ADVOCATE_REFERRAL,
  TALKABLE_PERSON,
  TALKABLE_PERSON_REWARD,
  TALKABLE_PERSON_REWARD_WITH_COUPON,
  TALKABLE_SHARE,
  TALKABLE_VISITOR,
  TALKABLE_VISITOR_REWARD,
} from '../support/talkable-people-samples';
import { missingKeys } from '../support/talkable-reward-samples';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

let inbox: SmtpInbox;
let receiver: WebhookReceiver;
let collector: TestCollector;
beforeAll(async () => {
  inbox = await startSmtpInbox();
  receiver = await startWebhookReceiver();
  collector = await startCollector({
    outbox: FAST_OUTBOX,
    site: {
      smtp_url: inbox.url,
      mail_from: 'shop@shop.example',
      approval: { mode: 'manual' },
      webhooks: [{ url: receiver.url, secret: TEST_WEBHOOK_SECRET, events: ['unsubscribe'] }],
      allow_private_webhook_hosts: true,
    },
  });
});
afterAll(async () => {
  await collector.cleanup();
  await receiver.close();
  await inbox.down();
});

const key = () => `site_slug=${collector.siteSlug}&api_key=${encodeURIComponent(collector.apiKey)}`;
const secretBody = () => ({ site_slug: collector.siteSlug, api_key: collector.apiKey });
const getPerson = (slug: string, path = '') => collector.get(`/api/v2/people/${encodeURIComponent(slug)}${path}?${key()}`);

/** The keys of Talkable's person that ours lacks; custom_properties are the merchant's own keys, not the shape's. */
const missingPersonKeys = (person: unknown) => missingKeys({ ...TALKABLE_PERSON, custom_properties: {} }, person);

let annCode = '';
let annShareKey = '';
let bobUuid = '';

describe('the people API', () => {
  it('seeds an advocate with a referral, an approved reward, a social share and an email invite', async () => {
    const ann = await collector.post(
      '/api/v2/origins',
      purchase(collector, { email: 'ann@example.com', customer_id: 'C-ANN', first_name: 'Ann', last_name: 'Advocate', order_number: 'ANN-1', subtotal: 40, person_custom_properties: { plan: 'gold' } }),
    );
    expect(ann.status).toBe(201);
    annCode = ann.body.result.offer.short_url_code;
    annShareKey = ann.body.result.offer.share_key;
    bobUuid = (await followClaimLink(ann.body.result.offer.claim_url)).uuid;
    const bob = await collector.post('/api/v2/origins', purchase(collector, { email: 'bob@example.com', first_name: 'Bob', order_number: 'BOB-1', subtotal: 25, uuid: bobUuid }));
    expect(bob.body.result.referral.status).toBe('pending');
    expect((await setStatus(collector, 'BOB-1', 'approved')).status).toBe(200);
    expect((await collector.post(`/api/v2/offers/${annCode}/shares/social`, { ...secretBody(), channel: 'facebook' })).status).toBe(201);
    const invite = await collector.post(`/api/v2/offers/${annCode}/shares/email`, { site_slug: collector.siteSlug, share_key: annShareKey, recipients: 'carol@example.com' });
    expect(invite.status).toBe(201);
  });

  it("answers a person by email or customer id with every key of Talkable's sample, and their counts", async () => {
    const byEmail = await getPerson('ann@example.com');
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.ok).toBe(true);
    const person = byEmail.body.result.person;
    expect(missingPersonKeys(person)).toEqual([]);
    expect(person).toMatchObject({
      email: 'ann@example.com',
      first_name: 'Ann',
      customer_id: 'C-ANN',
      custom_properties: { plan: 'gold' },
      referral_counts: { total: 1, approved: 1, pending: 0 },
      reward_counts: { total: 1, paid: 1, unpaid: 0 },
      share_counts: { total: 2, facebook: 1, other: 0, email: 1 },
      referred_by: null,
      unsubscribed_at: null,
      sub_choice: false,
    });
    expect(person.personal_claim_url).toContain(`/o/${annCode}`);
    const byCustomerId = await getPerson('C-ANN');
    expect(byCustomerId.body.result.person.email).toBe('ann@example.com');
    const bob = (await getPerson('bob@example.com')).body.result.person;
    expect(bob.referred_by).toBe('ann@example.com');
  });

  it("answers the advocate's referrals, rewards and shares in Talkable's shapes", async () => {
    const referrals = (await getPerson('ann@example.com', '/referrals_as_advocate')).body.result.referrals;
    expect(referrals).toHaveLength(1);
    expect(missingKeys(TALKABLE_ADVOCATE_REFERRAL, referrals[0])).toEqual([]);
    expect(referrals[0]).toMatchObject({ status: 'approved', track_method: 'cookie', ad_rewarded: true, referred_subtotal: 25, friend_person: { email: 'bob@example.com', first_name: 'Bob' } });

    const annRewards = (await getPerson('ann@example.com', '/rewards')).body.result.rewards;
    expect(annRewards).toHaveLength(1);
    expect(missingKeys(TALKABLE_PERSON_REWARD, annRewards[0])).toEqual([]);
    expect(annRewards[0]).toMatchObject({ reason: 'referrer', status: 'Paid', incentive_type: 'rebate', amount: 10, coupon: null });
    const bobRewards = (await getPerson('bob@example.com', '/rewards')).body.result.rewards;
    expect(missingKeys(TALKABLE_PERSON_REWARD_WITH_COUPON, bobRewards[0])).toEqual([]);
    expect(bobRewards[0]).toMatchObject({ reason: 'referred', status: 'Paid', incentive_type: 'discount_coupon' });
    expect(bobRewards[0].coupon.code).toBe(bobRewards[0].coupon_code);

    const shares = (await getPerson('ann@example.com', '/shares_by')).body.result.shares;
    expect(shares.map((share: { channel_identifier: string }) => share.channel_identifier).sort()).toEqual(['email', 'facebook']);
    for (const share of shares) expect(missingKeys(TALKABLE_SHARE, share)).toEqual([]);
    const email = shares.find((share: { type: string }) => share.type === 'EmailOfferShare');
    expect(email.friends_count).toBe(1);
    expect(email.offer).toMatchObject({ short_url_code: annCode, email: 'ann@example.com' });
  });

  it("answers a visitor's rewards by visitor_uuid or email, Paid by default, in Talkable's shape", async () => {
    const byUuid = await collector.get(`/api/v2/rewards?${key()}&visitor_uuid=${bobUuid}`);
    expect(byUuid.status).toBe(200);
    expect(byUuid.body.result.rewards).toHaveLength(1);
    expect(missingKeys(TALKABLE_VISITOR_REWARD, byUuid.body.result.rewards[0])).toEqual([]);
    expect(byUuid.body.result.rewards[0].reason).toBe('referred');
    const byEmail = await collector.get(`/api/v2/rewards?${key()}&email=ann@example.com&status=All`);
    expect(byEmail.body.result.rewards.map((reward: { reason: string }) => reward.reason)).toEqual(['referrer']);
    const voided = await collector.get(`/api/v2/rewards?${key()}&email=ann@example.com&status=Voided`);
    expect(voided.body.result.rewards).toEqual([]);
    const nobody = await collector.get(`/api/v2/rewards?${key()}&visitor_uuid=${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`);
    expect(nobody.body.result.rewards).toEqual([]);
  });

  it('refuses bad input with 422 naming the field', async () => {
    const status = await collector.get(`/api/v2/rewards?${key()}&visitor_uuid=${bobUuid}&status=Pending`);
    expect(status.status).toBe(422);
    expect(status.body.errors[0].field).toBe('status');
    const neither = await collector.get(`/api/v2/rewards?${key()}`);
    expect(neither.status).toBe(422);
    expect(neither.body.errors[0].field).toBe('visitor_uuid');
    const uuid = await collector.get(`/api/v2/rewards?${key()}&visitor_uuid=not-a-uuid`);
    expect(uuid.body.errors[0].field).toBe('visitor_uuid');
    const name = await collector.put('/api/v2/people/ann@example.com', { ...secretBody(), data: { first_name: 5 } });
    expect(name.status).toBe(422);
    expect(name.body.errors[0].field).toBe('data.first_name');
    const unknownKey = await collector.put('/api/v2/people/ann@example.com', { ...secretBody(), data: { email: 'other@example.com' } });
    expect(unknownKey.status).toBe(422);
    expect(unknownKey.body.errors[0].field).toMatch(/^data/);
    const subChoice = await collector.put('/api/v2/people/ann@example.com', { ...secretBody(), data: { sub_choice: 'yes' } });
    expect(subChoice.body.errors[0].field).toBe('data.sub_choice');
    const visitor = await collector.post('/api/v2/visitors', { ...secretBody(), data: { uuid: 'nope' } });
    expect(visitor.status).toBe(422);
    expect(visitor.body.errors[0].field).toBe('data.uuid');
  });

  it('answers an unknown person 404 with a stable code, and a wrong or missing key 401', async () => {
    for (const path of ['', '/referrals_as_advocate', '/rewards', '/shares_by']) {
      const unknown = await getPerson('nobody@example.com', path);
      expect(unknown.status, path).toBe(404);
      expect(unknown.body).toMatchObject({ ok: false, code: 'not_found', errors: [{ field: 'person_slug' }] });
    }
    expect((await collector.post('/api/v2/people/C-NOBODY/unsubscribe', secretBody())).status).toBe(404);
    expect((await collector.put('/api/v2/people/C-NOBODY', { ...secretBody(), data: { first_name: 'X' } })).status).toBe(404);
    const wrong = await collector.get(`/api/v2/people/ann@example.com?site_slug=${collector.siteSlug}&api_key=wrong-key`);
    expect(wrong.status).toBe(401);
    expect((await collector.get(`/api/v2/people/ann@example.com?site_slug=${collector.siteSlug}`)).status).toBe(401);
    expect((await collector.get(`/api/v2/rewards?site_slug=${collector.siteSlug}&email=ann@example.com`)).status).toBe(401);
    expect((await collector.post('/api/v2/visitors', { site_slug: collector.siteSlug, data: {} })).status).toBe(401);
    expect((await collector.put('/api/v2/people/ann@example.com', { site_slug: collector.siteSlug, data: { first_name: 'Mallory' } })).status).toBe(401);
  });

  it('PUT overrides what was known, and GET shows it; a username then names the person; an unknown address is created', async () => {
    const put = await collector.put('/api/v2/people/ann@example.com', {
      ...secretBody(),
      data: { first_name: 'Annie', last_name: null, username: 'annie_k', person_custom_properties: { plan: 'platinum' }, sub_choice: true },
    });
    expect(put.status).toBe(200);
    expect(missingPersonKeys(put.body.result.person)).toEqual([]);
    const got = (await getPerson('ann@example.com')).body.result.person;
    expect(got).toMatchObject({ first_name: 'Annie', last_name: null, username: 'annie_k', custom_properties: { plan: 'platinum' }, sub_choice: true, customer_id: 'C-ANN' });
    expect(got.subscribed_at).toEqual(expect.any(String));
    expect((await getPerson('annie_k')).body.result.person.email).toBe('ann@example.com');

    const created = await collector.put('/api/v2/people/new.customer@example.com', { ...secretBody(), data: { first_name: 'Nell', customer_id: 77 } });
    expect(created.status).toBe(200);
    expect(created.body.result).toMatchObject({ created: true, person: { email: 'new.customer@example.com', first_name: 'Nell', customer_id: '77', referral_counts: { total: 0 } } });
    expect((await getPerson('77')).body.result.person.email).toBe('new.customer@example.com');
  });

  it("PUT replaces what a browser claimed, and a browser's later claim does not change what the server set", async () => {
    const claimed = await collector.post('/api/v2/origins', { site_slug: collector.siteSlug, type: 'AffiliateMember', data: { email: 'gil@example.com', first_name: 'Mallory' } });
    expect(claimed.status).toBe(201);
    expect((await getPerson('gil@example.com')).body.result.person.first_name).toBe('Mallory');
    const put = await collector.put('/api/v2/people/gil@example.com', { ...secretBody(), data: { first_name: 'Gil' } });
    expect(put.body.result).toMatchObject({ created: false, person: { first_name: 'Gil' } });
    await collector.post('/api/v2/origins', { site_slug: collector.siteSlug, type: 'AffiliateMember', data: { email: 'gil@example.com', first_name: 'Mallory' } });
    expect((await getPerson('gil@example.com')).body.result.person.first_name).toBe('Gil');
  });

  it('unsubscribe suppresses the next invite, with the Unsubscribe web hook and event; PUT unsubscribed false lifts it', async () => {
    await collector.post('/api/v2/origins', purchase(collector, { email: 'dave@example.com', order_number: 'DAVE-1', subtotal: 10 }));
    const unsubscribed = await collector.post('/api/v2/people/dave@example.com/unsubscribe', secretBody());
    expect(unsubscribed.status).toBe(200);
    expect(missingPersonKeys(unsubscribed.body.result.person)).toEqual([]);
    expect(unsubscribed.body.result.person).toMatchObject({ email: 'dave@example.com', sub_choice: false, unsubscribed_at: expect.any(String) });

    const [hook] = await receiver.waitForDelivered(1);
    expect(JSON.parse(hook!.body)).toMatchObject({ type: 'unsubscribe', via: 'api', person: { email: 'dave@example.com' } });
    const events = await collector.running.services.db.selectFrom('events').select('type').where('type', '=', 'unsubscribe').execute();
    expect(events).toHaveLength(1);

    const refused = await collector.post(`/api/v2/offers/${annCode}/shares/email`, { site_slug: collector.siteSlug, share_key: annShareKey, recipients: 'dave@example.com' });
    expect(refused.body.result.recipients['dave@example.com']).toMatchObject({ unsubscribed: true, currently_sent: false });
    // Calling again changes nothing: no second web hook, no second event.
    expect((await collector.post('/api/v2/people/dave@example.com/unsubscribe', secretBody())).status).toBe(200);

    // An address that is no customer, only ever invited, is suppressed too.
    const invitedOnly = await collector.post('/api/v2/people/erin@example.com/unsubscribe', secretBody());
    expect(invitedOnly.body.result.person).toBeNull();
    await receiver.waitForDelivered(2);
    expect(await collector.running.services.db.selectFrom('events').select('type').where('type', '=', 'unsubscribe').execute()).toHaveLength(2);

    // The merchant's server is the authority: it may subscribe the address again.
    const lifted = await collector.put('/api/v2/people/dave@example.com', { ...secretBody(), data: { unsubscribed: false } });
    expect(lifted.body.result.person.unsubscribed_at).toBeNull();
    const sent = await collector.post(`/api/v2/offers/${annCode}/shares/email`, { site_slug: collector.siteSlug, share_key: annShareKey, recipients: 'dave@example.com' });
    expect(sent.body.result.recipients['dave@example.com']).toMatchObject({ unsubscribed: false, currently_sent: true });
    await inbox.waitForMessageTo('dave@example.com');
  });

  it('creates a visitor: answers the uuid the server sent, or a new one', async () => {
    const given = TALKABLE_VISITOR.result.uuid;
    const created = await collector.post('/api/v2/visitors', { ...secretBody(), data: { uuid: given } });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ ok: true, result: { uuid: given } });
    const minted = await collector.post('/api/v2/visitors', secretBody());
    expect(minted.body.result.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
