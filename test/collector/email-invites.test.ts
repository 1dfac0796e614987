import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followClaimLink } from '../support/claim-link';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { FAST_OUTBOX } from '../support/referrals';
import { startSmtpInbox, type ReceivedMail, type SmtpInbox } from '../support/smtp-inbox';

let inbox: SmtpInbox;
let collector: TestCollector;
beforeAll(async () => {
  inbox = await startSmtpInbox();
  collector = await startCollector({
    site: { smtp_url: inbox.url, mail_from: 'Test Shop <hello@shop.example>', email_invite: { heading: '{{advocate}} picked {{shop}} for you' } },
    outbox: FAST_OUTBOX,
  });
});
afterAll(async () => {
  await collector.cleanup();
  await inbox.down();
});

/** Each offer's share key, as the merchant-vouched answer handed it to the advocate's browser. */
const shareKeys = new Map<string, string>();

/** An advocate's offer code, from their purchase. */
async function advocate(email: string, firstName = 'Ann'): Promise<string> {
  const answer = await collector.post('/api/v2/origins', purchase(collector, { email, order_number: `ADV-${email}`, subtotal: 30, first_name: firstName }));
  shareKeys.set(answer.body.result.offer.short_url_code, answer.body.result.offer.share_key);
  return answer.body.result.offer.short_url_code;
}

/** An email share from the advocate's browser. */
function share(code: string, body: Record<string, unknown>) {
  return collector.post(`/api/v2/offers/${code}/shares/email`, { site_slug: collector.siteSlug, share_key: shareKeys.get(code), ...body });
}

function claimLinkIn(message: ReceivedMail): string {
  const link = /http:\/\/localhost:\d+\/x\/[A-Za-z0-9]{8}/.exec(message.mail.text ?? '')?.[0];
  expect(link).toBeDefined();
  return link!;
}

function header(message: ReceivedMail, name: string): string | undefined {
  const line = message.mail.headerLines.find((entry) => entry.key === name.toLowerCase())?.line;
  return line?.slice(line.indexOf(':') + 1).trim();
}

describe('email invites', () => {
  it('sends one invite per recipient over SMTP, in HTML and plain text, with the reward, the advocate and an unsubscribe link', async () => {
    const code = await advocate('ann@example.com');
    const sharedAt = Date.now();
    const answer = await share(code, { recipients: 'bob@example.com, Cy@Example.com, bob@example.com', body: 'You will love the ferns' });
    expect(answer.status).toBe(201);
    expect(answer.body.result.stats).toMatchObject({ currently_sent: 2 });

    const messages = await inbox.waitForMessages(2);
    expect(Math.max(...messages.map((message) => message.receivedAt)) - sharedAt).toBeLessThan(2000);
    expect(messages.map((message) => message.to).sort()).toEqual([['bob@example.com'], ['cy@example.com']]);
    const bob = inbox.to('bob@example.com')!;
    expect(bob.from).toBe('hello@shop.example');
    expect(bob.mail.from?.text).toBe('"Test Shop" <hello@shop.example>');
    expect(bob.mail.subject).toBe('Ann sent you $10 off your first order at Test Shop');
    expect(bob.mail.html).toContain('Ann picked Test Shop for you');
    expect(bob.mail.html).toContain('You will love the ferns');
    expect(bob.mail.text).toContain('Ann wrote: "You will love the ferns"');
    expect(bob.mail.text).toContain('Test Shop is giving you $10 off your first order.');
    const unsubscribe = header(bob, 'List-Unsubscribe');
    expect(unsubscribe).toMatch(/^<http:\/\/localhost:\d+\/u\/test-shop\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{32}>$/);
    expect(bob.mail.text).toContain(unsubscribe!.slice(1, -1));
    expect(header(bob, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    // Each friend has a link of their own.
    expect(claimLinkIn(bob)).not.toBe(claimLinkIn(inbox.to('cy@example.com')!));
  });

  it('leads the friend from the link in the mail to the shop with a visitor uuid, and credits their purchase by that uuid', async () => {
    const bob = inbox.to('bob@example.com')!;
    const { uuid } = await followClaimLink(claimLinkIn(bob));
    expect(uuid).toMatch(/^[0-9a-f-]{36}$/);
    const [click] = await collector.running.services.db
      .selectFrom('claims')
      .innerJoin('claim_links', 'claim_links.id', 'claims.claim_link_id')
      .select(['claims.channel', 'claim_links.recipient_email'])
      .where('claims.visitor_uuid', '=', uuid!)
      .execute();
    expect(click).toEqual({ channel: 'email', recipient_email: 'bob@example.com' });

    const bought = await collector.post('/api/v2/origins', purchase(collector, { email: 'robert@example.org', order_number: 'F-BOB', subtotal: 20, uuid }));
    expect(bought.body.result.referral).toMatchObject({ status: 'pending', attributed_by: 'uuid' });
  });

  it('credits a purchase by an invited address on another device (no uuid, no coupon) to the first advocate who invited it', async () => {
    const first = await advocate('ivy@example.com', 'Ivy');
    const second = await advocate('jo@example.com', 'Jo');
    expect((await share(first, { recipients: 'dee@example.com' })).status).toBe(201);
    expect((await share(second, { recipients: 'dee@example.com' })).status).toBe(201);
    const bought = await collector.post('/api/v2/origins', purchase(collector, { email: 'dee@example.com', order_number: 'F-DEE', subtotal: 20 }));
    expect(bought.body.result.referral).toMatchObject({ status: 'pending', attributed_by: 'email', advocate_offer: { short_url_code: first } });

    const uninvited = await collector.post('/api/v2/origins', purchase(collector, { email: 'stranger@example.com', order_number: 'F-NOBODY', subtotal: 20 }));
    expect(uninvited.body.result.referral).toBeUndefined();
  });

  it("escapes everything typed into the HTML part, and keeps the merchant server's subject on one line", async () => {
    const code = await advocate('eve@example.com', 'Eve');
    const answer = await share(code, {
      api_key: collector.apiKey,
      recipients: 'target@example.com',
      advocate_name: '<img src=x onerror=alert(1)>',
      subject: 'Hello\r\nBcc: victim@example.com',
      body: '</td><script>alert("x")</script><a href="javascript:alert(2)">click</a>',
    });
    expect(answer.status).toBe(201);
    const message = await inbox.waitForMessageTo('target@example.com');
    expect(message.to).toEqual(['target@example.com']);
    expect(message.mail.bcc).toBeUndefined();
    expect(message.mail.subject).toBe('Hello Bcc: victim@example.com');
    const html = message.mail.html as string;
    expect(html).not.toMatch(/<script|<img|href="javascript:/i);
    expect(html).toContain('&#60;/td&#62;&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });
});
