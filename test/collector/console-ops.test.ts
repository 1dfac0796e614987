import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVITE_MAIL_EVENT } from '../../collector/mail/invite-mail';
import { insertOutboxMessage } from '../../collector/store/outbox.repository';
import { suppressEmail } from '../../collector/store/suppression.repository';
import { startCollector, type TestCollector } from '../support/collector';
import { consoleBrowser, type ConsoleBrowser } from '../support/console-client';
import { signedInUser } from '../support/console-users';
import { CONSUMER } from '../support/reverb';
import { FAST_OUTBOX, TEST_WEBHOOK_SECRET, webhookSite } from '../support/referrals';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const OWNER = { email: 'owner@shop.example', password: 'correct horse battery' };
const SMTP_PASSWORD = 'smtp-pass-word-9876';
const FORM_SECRET = `whsec_${Buffer.from('form-endpoint-secret-of-32-bytes!!').toString('base64')}`;
const FORM_KEY = 'form-key-constant-abcdef';
const OTHER_SITE = { site_slug: 'other-shop', name: 'Other Shop', api_key: 'sk_other_shop_key_0123456789', allowed_hosts: ['other.example'], destination_url: 'https://other.example/' };

let collector: TestCollector;
let receiver: WebhookReceiver;
let formReceiver: WebhookReceiver;
let owner: ConsoleBrowser;
let reviewer: ConsoleBrowser;
let otherReviewer: ConsoleBrowser;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  formReceiver = await startWebhookReceiver('/form');
  collector = await startCollector({
    site: webhookSite(receiver.url, {
      smtp_url: `smtp://mailer:${SMTP_PASSWORD}@127.0.0.1:2525`,
      mail_from: 'Shop <hello@shop.example>',
      // The friend's coupon comes from the pool; the advocate's reward is a rebate, so its pool is not in use.
      friend_reward: { amount: 10, incentive: 'discount_coupon', incentive_description: '$10 off', coupon_source: 'pool' },
      ...CONSUMER,
      webhooks: [{ id: 'form-hook', url: formReceiver.url, secret: FORM_SECRET, events: ['referral'], format: 'form', key: FORM_KEY }],
    }),
    extraSites: [OTHER_SITE],
    // One failed attempt ends a delivery's retry window, so a test has a failed delivery at once.
    outbox: { ...FAST_OUTBOX, giveUpAfterInMs: 100 },
    admin: OWNER,
  });
  owner = consoleBrowser(collector);
  expect((await owner.signIn(OWNER.email, OWNER.password)).status).toBe(200);
  reviewer = await signedInUser(collector, { email: 'reviewer@shop.example', role: 'reviewer', sites: ['test-shop'] });
  otherReviewer = await signedInUser(collector, { email: 'other.reviewer@shop.example', role: 'reviewer', sites: ['other-shop'] });
});
afterAll(async () => {
  await collector?.cleanup();
  await receiver?.close();
  await formReceiver?.close();
});

const site = '/console/api/sites/test-shop';

async function auditEntries() {
  return (await owner.call('GET', '/console/api/audit')).body.result.entries as any[];
}

describe('the console coupons page', () => {
  it('uploads codes (owners): added and skipped counted, levels answered, an audit entry under the owner', async () => {
    const uploaded = await owner.call('POST', `${site}/coupons`, { kind: 'friend', codes: ['SAVE-ONE', 'save-two', 'SAVE-ONE'] });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.result).toMatchObject({ added: 2, skipped: 1, pools: { friend: { available: 2, used: 0, total: 2, threshold: 20, in_use: true, low: true }, advocate: { in_use: false, low: false } } });
    const again = await owner.call('POST', `${site}/coupons`, { kind: 'friend', codes: ['SAVE-TWO', 'SAVE-THREE'] });
    expect(again.body.result).toMatchObject({ added: 1, skipped: 1 });
    const [entry] = await auditEntries();
    expect(entry).toMatchObject({ actor: { email: OWNER.email }, action: 'coupon.upload', site: 'test-shop', subject: 'friend pool', note: '1 added, 1 skipped' });

    const listed = await reviewer.call('GET', `${site}/coupons?kind=friend`);
    expect(listed.status).toBe(200);
    expect(listed.body.result.codes.map((code: any) => code.code).sort()).toEqual(['SAVE-ONE', 'SAVE-THREE', 'SAVE-TWO']);
    expect((await reviewer.call('GET', `${site}/coupons?kind=friend&used=true`)).body.result.codes).toEqual([]);
  });

  it('pages the codes with next_cursor', async () => {
    await owner.call('POST', `${site}/coupons`, { kind: 'advocate', codes: ['PAGE-A1', 'PAGE-A2', 'PAGE-A3'] });
    const first = await owner.call('GET', `${site}/coupons?kind=advocate&limit=2`);
    expect(first.body.result.codes).toHaveLength(2);
    const second = await owner.call('GET', `${site}/coupons?kind=advocate&limit=2&cursor=${first.body.result.next_cursor}`);
    expect([...first.body.result.codes, ...second.body.result.codes].map((code: any) => code.code).sort()).toEqual(['PAGE-A1', 'PAGE-A2', 'PAGE-A3']);
  });

  it('refuses a reviewer an upload (403) and a bad code names the field', async () => {
    const refused = await reviewer.call('POST', `${site}/coupons`, { kind: 'friend', codes: ['REVIEWER-CODE'] });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ ok: false, code: 'forbidden' });
    const bad = await owner.call('POST', `${site}/coupons`, { kind: 'friend', codes: ['OK-CODE', 'no spaces allowed'] });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    expect(bad.body).toMatchObject({ ok: false, code: expect.any(String), field: expect.stringContaining('codes') });
    const badKind = await owner.call('POST', `${site}/coupons`, { kind: 'both', codes: ['OK-CODE'] });
    expect(badKind.body).toMatchObject({ ok: false, field: expect.stringContaining('kind') });
    // Nothing of a refused upload was added.
    const listed = await owner.call('GET', `${site}/coupons?kind=friend&limit=100`);
    expect(listed.body.result.codes.map((code: any) => code.code)).not.toContain('OK-CODE');
  });

  it("answers a reviewer of another site 404 for this site's pools", async () => {
    const hidden = await otherReviewer.call('GET', `${site}/coupons`);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toMatchObject({ ok: false, code: 'not_found', field: 'site' });
  });
});

describe('the console web hooks page', () => {
  it('lists the endpoints without a secret, the form key masked', async () => {
    const answer = await reviewer.call('GET', `${site}/webhooks`);
    expect(answer.status).toBe(200);
    const text = JSON.stringify(answer.body);
    expect(text).not.toContain(TEST_WEBHOOK_SECRET);
    expect(text).not.toContain(FORM_SECRET);
    expect(text).not.toContain(FORM_KEY);
    const form = answer.body.result.endpoints.find((endpoint: any) => endpoint.id === 'form-hook');
    expect(form).toMatchObject({ url: formReceiver.url, format: 'form', key: `••••${FORM_KEY.slice(-4)}`, disabled: null });
  });

  it('delivers a sample (owners), shows the failed delivery with its attempt, redelivers it (audited) and it is delivered', async () => {
    expect((await reviewer.call('POST', `${site}/webhook-endpoints/form-hook/sample`, { type: 'referral.approved' })).status).toBe(403);
    // Both attempts of its (short) retry window fail.
    formReceiver.plan(500, 500);
    const sample = await owner.call('POST', `${site}/webhook-endpoints/form-hook/sample`, { type: 'referral.approved' });
    expect(sample.status).toBe(202);
    const id = sample.body.result.delivery.id;
    await formReceiver.waitForRequests(2);

    let failed: any;
    await expect.poll(async () => {
      const listing = await owner.call('GET', `${site}/webhooks?status=failed`);
      failed = listing.body.result.deliveries.find((delivery: any) => delivery.id === id);
      return failed?.status;
    }).toBe('failed');
    expect(failed.attempts).toEqual([
      expect.objectContaining({ number: 1, response_status: 500, url: formReceiver.url, error: 'HTTP 500', outcome: 'retry' }),
      expect.objectContaining({ number: 2, response_status: 500, outcome: 'failed' }),
    ]);
    expect(failed).not.toHaveProperty('payload');

    expect((await reviewer.call('POST', `${site}/webhook-deliveries/${id}/redeliver`)).status).toBe(403);
    const redelivered = await owner.call('POST', `${site}/webhook-deliveries/${id}/redeliver`);
    expect(redelivered.status).toBe(202);
    expect(redelivered.body.result.delivery).toMatchObject({ id, status: 'pending' });
    await formReceiver.waitForDelivered(1);
    await expect.poll(async () => {
      const listing = await owner.call('GET', `${site}/webhooks?status=delivered`);
      return listing.body.result.deliveries.find((delivery: any) => delivery.id === id)?.attempts.map((attempt: any) => attempt.response_status);
    }).toEqual([500, 500, 204]);
    const entries = await auditEntries();
    expect(entries[0]).toMatchObject({ actor: { email: OWNER.email }, action: 'webhook.redeliver', site: 'test-shop', subject: `referral.approved ${id}` });
    expect(entries[1]).toMatchObject({ action: 'webhook.sample', subject: `referral.approved to ${formReceiver.url}` });
  });

  it('answers a bad status filter, an unknown delivery and an unsubscribed sample type 4xx with the field', async () => {
    const badStatus = await owner.call('GET', `${site}/webhooks?status=lost`);
    expect(badStatus.status).toBe(422);
    expect(badStatus.body).toMatchObject({ ok: false, field: 'status' });
    const unknown = await owner.call('POST', `${site}/webhook-deliveries/0190a0a0-0000-7000-8000-000000000000/redeliver`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ ok: false, code: 'not_found', field: 'id' });
    const notSubscribed = await owner.call('POST', `${site}/webhook-endpoints/form-hook/sample`, { type: 'unsubscribe' });
    expect(notSubscribed.status).toBe(422);
    expect(notSubscribed.body).toMatchObject({ ok: false, code: 'type_not_subscribed', field: 'type' });
    expect((await otherReviewer.call('GET', `${site}/webhooks`)).status).toBe(404);
  });
});

describe('the console email page', () => {
  it('lists 30 days of invites and the suppression list with search; owners remove an address with an audit entry', async () => {
    const { services } = collector.running;
    const testSite = services.sites.bySlug('test-shop')!;
    const now = new Date();
    await suppressEmail(services.db, testSite.id, 'a.very.long.address.that.asked.for.no.more.invites@subdomain.example.com', 'unsubscribe_link', now);
    await suppressEmail(services.db, testSite.id, 'percent_50%@example.com', 'list_unsubscribe', now);
    await suppressEmail(services.db, services.sites.bySlug('other-shop')!.id, 'other.site@example.com', 'unsubscribe_link', now);

    const answer = await reviewer.call('GET', `${site}/email`);
    expect(answer.status).toBe(200);
    expect(answer.body.result.invites_per_day).toHaveLength(30);
    expect(answer.body.result.invites_per_day.at(-1)).toEqual({ day: now.toISOString().slice(0, 10), sent: 0, delivered: 0 });
    expect(answer.body.result.suppressions.map((row: any) => row.email).sort()).toEqual([
      'a.very.long.address.that.asked.for.no.more.invites@subdomain.example.com',
      'percent_50%@example.com',
    ]);
    // The search's % and _ are letters, not wildcards.
    const searched = await reviewer.call('GET', `${site}/email?search=${encodeURIComponent('_50%')}`);
    expect(searched.body.result.suppressions.map((row: any) => row.email)).toEqual(['percent_50%@example.com']);
    expect((await reviewer.call('GET', `${site}/email?search=NO.MORE`)).body.result.suppressions).toHaveLength(1);

    const target = searched.body.result.suppressions[0];
    expect((await reviewer.call('DELETE', `${site}/suppressions/${target.id}`, {})).status).toBe(403);
    expect((await otherReviewer.call('DELETE', `${site}/suppressions/${target.id}`, {})).status).toBe(403);
    const removed = await owner.call('DELETE', `${site}/suppressions/${target.id}`, { note: 'asked by email on 1 Dec' });
    expect(removed.status).toBe(200);
    expect(removed.body.result).toEqual({ removed: 'percent_50%@example.com' });
    expect((await owner.call('GET', `${site}/email?search=percent`)).body.result.suppressions).toEqual([]);
    expect((await auditEntries())[0]).toMatchObject({ actor: { email: OWNER.email }, action: 'suppression.remove', site: 'test-shop', subject: 'percent_50%@example.com', note: 'asked by email on 1 Dec' });
    const again = await owner.call('DELETE', `${site}/suppressions/${target.id}`, {});
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ code: 'not_found', field: 'id' });
    const badId = await owner.call('DELETE', `${site}/suppressions/not-a-uuid`, {});
    expect(badId.status).toBe(422);
    expect(badId.body).toMatchObject({ ok: false, field: 'id' });
  });
});

describe('the console email figures', () => {
  it('counts the invites written per UTC day, 30 days back, other sites and older days left out', async () => {
    const { services } = collector.running;
    const testSite = services.sites.bySlug('test-shop')!;
    const day = 24 * 60 * 60 * 1000;
    // Invites as the share flow writes them: mail messages of the invite type in the outbox.
    const invite = (siteId: string, at: Date) =>
      insertOutboxMessage(services.db, { site_id: siteId, kind: 'mail', event_type: INVITE_MAIL_EVENT, subject_id: null, payload: '{}' }, at);
    const now = new Date();
    await invite(testSite.id, now);
    await invite(testSite.id, now);
    await invite(testSite.id, new Date(now.getTime() - 3 * day));
    await invite(testSite.id, new Date(now.getTime() - 45 * day));
    await invite(services.sites.bySlug('other-shop')!.id, now);
    const days = (await owner.call('GET', `${site}/email`)).body.result.invites_per_day;
    expect(days).toHaveLength(30);
    expect(days.at(-1)).toMatchObject({ day: now.toISOString().slice(0, 10), sent: 2 });
    expect(days.find((entry: any) => entry.day === new Date(now.getTime() - 3 * day).toISOString().slice(0, 10))).toMatchObject({ sent: 1 });
    expect(days.reduce((sum: number, entry: any) => sum + entry.sent, 0)).toBe(3);
  });
});

describe('the console settings page', () => {
  it('shows owners the effective configuration with every secret masked', async () => {
    const answer = await owner.call('GET', `${site}/settings`);
    expect(answer.status).toBe(200);
    const text = JSON.stringify(answer.body);
    for (const secret of [collector.apiKey, TEST_WEBHOOK_SECRET, FORM_SECRET, FORM_KEY, CONSUMER.consumer_secret, SMTP_PASSWORD]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(0, -4));
    }
    const { settings } = answer.body.result;
    expect(settings.api_key).toBe(`••••${collector.apiKey.slice(-4)}`);
    expect(settings.smtp_url).toBe('smtp://••••:••••@127.0.0.1:2525');
    expect(settings.webhook_url).toBe(receiver.url);
    expect(settings.approval).toMatchObject({ mode: 'manual' });
    expect(settings.friend_reward).toMatchObject({ incentive: 'discount_coupon' });
  });

  it('is for owners only', async () => {
    const refused = await reviewer.call('GET', `${site}/settings`);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ ok: false, code: 'forbidden', field: 'role' });
  });
});
