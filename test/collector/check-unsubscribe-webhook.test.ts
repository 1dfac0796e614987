import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxAttemptRow, OutboxMessageRow } from '../../collector/store/tables';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { FAST_OUTBOX, TEST_WEBHOOK_SECRET } from '../support/referrals';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';
import { missingKeys } from '../support/talkable-reward-samples';
import { startWebhookReceiver, type PlannedAnswer, type WebhookReceiver } from '../support/webhook-receiver';

/** Talkable's Check Unsubscribe sample payload (web_hooks/check_unsubscribe). */
const TALKABLE_CHECK_UNSUBSCRIBE = {
  campaign: {
    id: 509365458,
    type: 'StandaloneCampaign',
    cached_slug: 509365458,
    tag_names: ['default'],
    origin_min_age: null,
    origin_max_age: null,
    new_customer: null,
  },
  recipient: {
    first_name: 'Bob',
    last_name: 'Smith',
    email: 'referrer@example.com',
    username: 'username',
    unsubscribed_at: null,
    subscribed_at: '2018-09-27T22:55:40.610+03:00',
    opted_in_at: '2018-09-27T22:55:40.610+03:00',
    sub_choice: true,
    referral_counts: { total: 0, approved: 0, pending: 0 },
    is_loyalty_member: false,
    loyalty_member: null,
  },
  email_type: 'notifier_offers_email',
};

const json = { 'content-type': 'application/json' };
const answer = (unsubscribed: boolean): PlannedAnswer => ({ status: 200, headers: json, body: JSON.stringify({ result: { unsubscribed } }) });

let inbox: SmtpInbox | undefined;
let receiver: WebhookReceiver | undefined;
let collector: TestCollector;
afterEach(async () => {
  await collector?.cleanup();
  await inbox?.down();
  await receiver?.close();
  inbox = undefined;
  receiver = undefined;
});

async function start(outbox: Record<string, number> = {}) {
  inbox = await startSmtpInbox();
  receiver = await startWebhookReceiver();
  collector = await startCollector({
    site: {
      smtp_url: inbox.url,
      mail_from: 'shop@shop.example',
      webhooks: [{ url: receiver.url, secret: TEST_WEBHOOK_SECRET, events: ['check_unsubscribe'] }],
      allow_private_webhook_hosts: true,
    },
    outbox: { ...FAST_OUTBOX, ...outbox },
  });
  return { inbox, receiver };
}

let orders = 0;
/** A new advocate shares by email with `recipients`; answers the share's per-recipient flags. */
async function invite(recipients: string) {
  const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: `adv${++orders}@example.com`, order_number: `ADV-${orders}`, subtotal: 30 }));
  const { short_url_code: code, share_key } = advocate.body.result.offer;
  const shared = await collector.post(`/api/v2/offers/${code}/shares/email`, { site_slug: collector.siteSlug, recipients, share_key });
  expect(shared.status).toBe(201);
  return shared.body.result.recipients;
}

type MailMessage = OutboxMessageRow & { tries: OutboxAttemptRow[] };

/** The mail messages with their attempts, once `done` holds (or 5 s have passed). */
async function mailMessages(done: (messages: MailMessage[]) => boolean): Promise<MailMessage[]> {
  const db = collector.running.services.db;
  for (let tries = 0; ; tries++) {
    const messages = await db.selectFrom('outbox_messages').selectAll().where('kind', '=', 'mail').orderBy('id').execute();
    const withAttempts: MailMessage[] = [];
    for (const message of messages) {
      withAttempts.push({ ...message, tries: await db.selectFrom('outbox_attempts').selectAll().where('message_id', '=', message.id).orderBy('attempt_number').execute() });
    }
    if (done(withAttempts) || tries === 100) return withAttempts;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const settled = (count: number) => (messages: MailMessage[]) => messages.length === count && messages.every((message) => message.status !== 'pending');
const suppressions = () => collector.running.services.db.selectFrom('email_suppressions').select(['email', 'reason']).orderBy('email').execute();
const verify = (request: { body: string; headers: Record<string, unknown> }) => new Webhook(TEST_WEBHOOK_SECRET).verify(request.body, request.headers as Record<string, string>) as any;

describe('Check Unsubscribe web hook', () => {
  it("asks the shop before an invite goes, with the keys of Talkable's sample, signed; unsubscribed: true sends nothing and suppresses the address", async () => {
    const { inbox, receiver } = await start();
    receiver.plan(answer(true));
    await invite('bob@example.com');

    const [message] = await mailMessages(settled(1));
    expect(message!.status).toBe('suppressed');
    expect(message!.tries.map((attempt) => [attempt.outcome, attempt.target, attempt.response_status])).toEqual([['suppressed', receiver.url, 200]]);
    expect(inbox.received).toHaveLength(0);
    expect(inbox.attempts).toHaveLength(0);
    expect(await suppressions()).toEqual([{ email: 'bob@example.com', reason: 'check_unsubscribe' }]);

    expect(receiver.received).toHaveLength(1);
    const body = verify(receiver.received[0]!);
    expect(missingKeys(TALKABLE_CHECK_UNSUBSCRIBE, body)).toEqual([]);
    expect(Object.keys(body)).toEqual([...Object.keys(TALKABLE_CHECK_UNSUBSCRIBE), 'type']);
    expect(Object.keys(body.recipient)).toEqual(Object.keys(TALKABLE_CHECK_UNSUBSCRIBE.recipient));
    expect(Object.keys(body.campaign)).toEqual(Object.keys(TALKABLE_CHECK_UNSUBSCRIBE.campaign));
    expect(body).toMatchObject({
      campaign: { id: expect.any(String), cached_slug: 'test-shop', tag_names: ['default'] },
      recipient: { email: 'bob@example.com', first_name: null, referral_counts: { total: 0, approved: 0, pending: 0 } },
      email_type: 'notifier_offers_share_via_email',
      type: 'check_unsubscribe',
    });

    // The address is not asked about again: the next share flags it unsubscribed and writes no mail.
    const flags = await invite('bob@example.com');
    expect(flags['bob@example.com']).toMatchObject({ currently_sent: false, unsubscribed: true });
    expect(await mailMessages(settled(1))).toHaveLength(1);
    expect(receiver.received).toHaveLength(1);
  });

  it('sends the invite when the shop answers unsubscribed: false, naming a recipient the site knows', async () => {
    const { inbox, receiver } = await start();
    receiver.plan(answer(false));
    await collector.post('/api/v2/origins', purchase(collector, { email: 'cy@example.com', order_number: 'CY-1', subtotal: 20, first_name: 'Cy', last_name: 'Known' }));
    await invite('cy@example.com');

    const mail = await inbox.waitForMessageTo('cy@example.com');
    expect(mail.mail.subject).toBeTruthy();
    const [message] = await mailMessages(settled(1));
    expect(message!.status).toBe('delivered');
    expect(receiver.received).toHaveLength(1);
    expect(verify(receiver.received[0]!).recipient).toMatchObject({ email: 'cy@example.com', first_name: 'Cy', last_name: 'Known' });
    expect(await suppressions()).toEqual([]);
  });

  it('retries the invite while the shop gives no usable answer, and sends it once when it answers', async () => {
    const { inbox, receiver } = await start();
    receiver.plan(503, { status: 200, body: 'ok' }, { status: 200, headers: json, body: '{"result":{}}' }, answer(false));
    await invite('dee@example.com');

    await inbox.waitForMessageTo('dee@example.com');
    const [message] = await mailMessages(settled(1));
    expect(message!.status).toBe('delivered');
    expect(message!.tries.map((attempt) => attempt.outcome)).toEqual(['retry', 'retry', 'retry', 'delivered']);
    expect(message!.tries[0]!.error).toMatch(/^Check Unsubscribe: HTTP 503/);
    expect(message!.tries[1]!.error).toMatch(/^Check Unsubscribe: the answer is not/);
    expect(receiver.received).toHaveLength(4);
    // Each question has a webhook-id of its own.
    expect(new Set(receiver.received.map((request) => request.headers['webhook-id'])).size).toBe(4);
    expect(inbox.received).toHaveLength(1);
  });

  it('fails the invite, unsent, once the retry window is over without an answer', async () => {
    const { inbox, receiver } = await start({ giveUpAfterInMs: 600 });
    receiver.plan(...Array.from({ length: 50 }, () => 500));
    await invite('eve@example.com');

    const [message] = await mailMessages(settled(1));
    expect(message!.status).toBe('failed');
    expect(message!.last_error).toMatch(/^gave up after \d+ attempts: Check Unsubscribe: HTTP 500/);
    expect(inbox.attempts).toHaveLength(0);
    expect(await suppressions()).toEqual([]);
  });

  it('holds the invite while the shop does not answer at all (the web hook timeout), and never sends it unchecked', async () => {
    const { inbox, receiver } = await start({ requestTimeoutInMs: 200, giveUpAfterInMs: 600 });
    receiver.neverAnswer();
    await invite('gus@example.com');

    const [message] = await mailMessages(settled(1));
    expect(message!.status).toBe('failed');
    expect(message!.tries[0]!.error).toMatch(/^Check Unsubscribe: no complete answer within 200 ms/);
    expect(inbox.attempts).toHaveLength(0);
  });
});

describe('the suppression list at send time', () => {
  it('does not mail an address that unsubscribed after the share, while its invite waited, and asks the shop nothing', async () => {
    const { inbox, receiver } = await start();
    // The shop does not answer usably yet (503, then 204 without a body): the invite waits.
    receiver.plan(503);
    await invite('fay@example.com');
    const [waiting] = await mailMessages(([message]) => (message?.tries.length ?? 0) >= 1);
    // Another invite's unsubscribe link, followed meanwhile (a mail client's one-click POST).
    const link = (JSON.parse(waiting!.payload) as { unsubscribe_url: string }).unsubscribe_url;
    expect((await fetch(link, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBeLessThan(400);

    const [message] = await mailMessages(settled(1));
    expect(message!.status).toBe('suppressed');
    expect(message!.last_error).toMatch(/suppression list/);
    expect(inbox.received).toHaveLength(0);
    // Every attempt before the unsubscribe asked the shop; the one after it did not.
    expect(receiver.received.length).toBe(message!.tries.length - 1);
  });
});
