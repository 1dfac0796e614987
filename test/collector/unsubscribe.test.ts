import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { FAST_OUTBOX } from '../support/referrals';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';

let inbox: SmtpInbox;
let collector: TestCollector;
beforeAll(async () => {
  inbox = await startSmtpInbox();
  collector = await startCollector({ site: { smtp_url: inbox.url, mail_from: 'shop@shop.example' }, outbox: FAST_OUTBOX });
});
afterAll(async () => {
  await collector.cleanup();
  await inbox.down();
});

let orders = 0;
/** A new advocate offer shares with `recipients`; answers the share's result. */
async function shareFromNewAdvocate(recipients: string) {
  const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: `adv${++orders}@example.com`, order_number: `ADV-${orders}`, subtotal: 30 }));
  const { short_url_code: code, share_key } = advocate.body.result.offer;
  const answer = await collector.post(`/api/v2/offers/${code}/shares/email`, { site_slug: collector.siteSlug, recipients, share_key });
  expect(answer.status).toBe(201);
  return answer.body.result;
}

/** The unsubscribe URL of the invite to an address (from its List-Unsubscribe header). */
async function unsubscribeUrlFor(email: string): Promise<string> {
  const message = await inbox.waitForMessageTo(email);
  const line = message.mail.headerLines.find((entry) => entry.key === 'list-unsubscribe')!.line;
  return /<([^>]+)>/.exec(line)![1]!;
}

const suppressions = () => collector.running.services.db.selectFrom('email_suppressions').select(['email', 'reason']).orderBy('email').execute();

describe('unsubscribe', () => {
  it('shows a confirmation page on GET, which changes nothing (link scanners open links)', async () => {
    await shareFromNewAdvocate('bob@example.com');
    const url = await unsubscribeUrlFor('bob@example.com');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Stop invites from Test Shop?');
    expect(html).toContain('bob@example.com');
    expect(html).toMatch(/<form method="post" action="\/u\/test-shop\/[^"]+">/);
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(await suppressions()).toEqual([]);
  });

  it("records the suppression on the page's POST; later shares flag the address unsubscribed and send it nothing", async () => {
    const url = await unsubscribeUrlFor('bob@example.com');
    const confirmed = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'confirm=yes' });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('You are unsubscribed');
    expect(await suppressions()).toEqual([{ email: 'bob@example.com', reason: 'unsubscribe_link' }]);

    const before = inbox.received.length;
    const result = await shareFromNewAdvocate('Bob@Example.com, cy@example.com');
    expect(result.recipients['bob@example.com']).toMatchObject({ unsubscribed: true, currently_sent: false, sharable: false });
    expect(result.stats.currently_sent).toBe(1);
    await inbox.waitForMessageTo('cy@example.com');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(inbox.received.slice(before).map((message) => message.to)).toEqual([['cy@example.com']]);
  });

  it("unsubscribes on a mail client's one-click POST (RFC 8058), once however often it comes", async () => {
    const url = await unsubscribeUrlFor('cy@example.com');
    for (let i = 0; i < 2; i++) {
      const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      expect(answer.status).toBe(200);
    }
    expect(await suppressions()).toEqual([
      { email: 'bob@example.com', reason: 'unsubscribe_link' },
      { email: 'cy@example.com', reason: 'list_unsubscribe' },
    ]);
  });

  it('refuses a tampered token, or one for another site, and suppresses nothing', async () => {
    const url = new URL(await unsubscribeUrlFor('bob@example.com'));
    const [, , slug, token] = url.pathname.split('/');
    const forged = `${Buffer.from('dee@example.com').toString('base64url')}.${token!.split('.')[1]}`;
    for (const path of [`/u/${slug}/${forged}`, `/u/other-shop/${token}`, `/u/${slug}/not-a-token`]) {
      expect((await fetch(`${collector.url}${path}`, { method: 'POST', body: 'List-Unsubscribe=One-Click' })).status, path).toBe(404);
      expect((await fetch(`${collector.url}${path}`)).status, path).toBe(404);
    }
    expect((await suppressions()).map((row) => row.email)).toEqual(['bob@example.com', 'cy@example.com']);
  });
});
