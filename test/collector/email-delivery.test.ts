import { afterEach, describe, expect, it } from 'vitest';
import { NO_SMTP_ERROR } from '../../collector/mail/mail-delivery';
import type { OutboxAttemptRow, OutboxMessageRow } from '../../collector/store/tables';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { FAST_OUTBOX } from '../support/referrals';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';

let inbox: SmtpInbox | undefined;
let collector: TestCollector;
afterEach(async () => {
  await collector?.cleanup();
  await inbox?.down();
  inbox = undefined;
});

async function start(site: Record<string, unknown>) {
  collector = await startCollector({ site, outbox: FAST_OUTBOX });
}

/** Shares the advocate's offer with these friends; answers when it was acknowledged. */
async function invite(recipients: string): Promise<string> {
  const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'ADV-1', subtotal: 30 }));
  // The browser sends with the share key the merchant-vouched answer handed it.
  const { short_url_code: code, share_key } = advocate.body.result.offer;
  const answer = await collector.post(`/api/v2/offers/${code}/shares/email`, { site_slug: collector.siteSlug, recipients, share_key });
  expect(answer.status).toBe(201);
  return code;
}

type MailMessage = Omit<OutboxMessageRow, 'attempts'> & { attempts: OutboxAttemptRow[] };

/** Every mail message in the outbox with its attempts, once `done` holds (or 5 s have passed). */
async function mailMessages(done: (messages: MailMessage[]) => boolean = () => true): Promise<MailMessage[]> {
  const db = collector.running.services.db;
  for (let tries = 0; ; tries++) {
    const messages = await db.selectFrom('outbox_messages').selectAll().where('kind', '=', 'mail').orderBy('id').execute();
    const withAttempts: MailMessage[] = [];
    for (const message of messages) {
      const attempts = await db.selectFrom('outbox_attempts').selectAll().where('message_id', '=', message.id).orderBy('attempt_number').execute();
      withAttempts.push({ ...message, attempts });
    }
    if (done(withAttempts) || tries === 100) return withAttempts;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const settled = (messages: MailMessage[]) => messages.length > 0 && messages.every((message) => message.status !== 'pending');

describe('invite delivery through the outbox', () => {
  it('keeps retrying while the SMTP server is down and delivers once when it is back, recording every attempt', async () => {
    inbox = await startSmtpInbox();
    await start({ smtp_url: inbox.url, mail_from: 'shop@shop.example' });
    await inbox.down();
    await invite('bob@example.com');
    await mailMessages(([message]) => (message?.attempts.length ?? 0) >= 2);
    await inbox.up();
    await inbox.waitForMessages(1);
    const message = (await mailMessages(settled))[0]!;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(inbox.received).toHaveLength(1);
    expect(message.status).toBe('delivered');
    const outcomes = message.attempts.map((attempt) => attempt.outcome);
    expect(outcomes.at(-1)).toBe('delivered');
    expect(outcomes.slice(0, -1).every((outcome) => outcome === 'retry')).toBe(true);
    expect(message.attempts[0]!.error).toMatch(/^SMTP: .*ECONNREFUSED/);
    expect(message.attempts.at(-1)).toMatchObject({ target: inbox.url, response_status: 250 });
  });

  it('retries a temporary 4xx refusal', async () => {
    inbox = await startSmtpInbox();
    await start({ smtp_url: inbox.url, mail_from: 'shop@shop.example' });
    inbox.refuse({ code: 451, message: 'Greylisted, try again later' });
    await invite('bob@example.com');
    await inbox.waitForMessages(1);
    const message = (await mailMessages(settled))[0]!;
    expect(message.attempts.map((attempt) => [attempt.response_status, attempt.outcome])).toEqual([
      [451, 'retry'],
      [250, 'delivered'],
    ]);
  });

  it('stops retrying a recipient the server refuses for good (5xx), and still delivers the others', async () => {
    inbox = await startSmtpInbox();
    await start({ smtp_url: inbox.url, mail_from: 'shop@shop.example' });
    inbox.refuse({ code: 550, message: 'No such user here' });
    await invite('bob@example.com, cy@example.com');
    await inbox.waitForMessages(1);
    const messages = await mailMessages(settled);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(messages.map((message) => message.status).sort()).toEqual(['delivered', 'failed']);
    const failed = messages.find((message) => message.status === 'failed')!;
    expect(failed.attempts).toHaveLength(1);
    expect(failed.attempts[0]).toMatchObject({ response_status: 550, outcome: 'failed' });
    expect(failed.last_error).toMatch(/^permanent SMTP failure: .*No such user here/);
    expect(inbox.attempts).toHaveLength(2);
  });

  it('retries an authentication failure (the configuration, not the recipient) and never shows the password', async () => {
    inbox = await startSmtpInbox();
    const password = 'pa55-w0rd-never-shown';
    await start({ smtp_url: inbox.url.replace('smtp://', `smtp://shop:${password}@`), mail_from: 'shop@shop.example' });
    const code = await invite('bob@example.com');
    const message = (await mailMessages(([first]) => (first?.attempts.length ?? 0) >= 2))[0]!;
    expect(message.status).toBe('pending');
    expect(message.attempts[0]).toMatchObject({ outcome: 'retry', target: inbox.url });
    expect(JSON.stringify(message)).not.toContain(password);
    const offer = await collector.get(`/api/v2/offers/${code}?site_slug=${collector.siteSlug}`, { authorization: `Bearer ${collector.apiKey}` });
    expect(offer.status).toBe(200);
    expect(JSON.stringify(offer.body)).not.toMatch(/smtp|pa55/i);
  });

  it('with no SMTP configured, records the invite as skipped instead of retrying it', async () => {
    await start({});
    await invite('bob@example.com');
    const message = (await mailMessages(settled))[0]!;
    expect(message).toMatchObject({ status: 'failed', last_error: NO_SMTP_ERROR, attempts: [expect.objectContaining({ outcome: 'failed' })] });
  });
});
