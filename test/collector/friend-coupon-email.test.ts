import { describe, expect, it } from 'vitest';
import { FRIEND_COUPON_EVENT } from '../../collector/mail/friend-coupon-mail';
import { suppressEmail } from '../../collector/store/suppression.repository';
import { followClaimLink } from '../support/claim-link';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { eventually } from '../support/eventually';
import { ManualClock } from '../support/manual-clock';
import { FAST_OUTBOX } from '../support/referrals';
import { startSmtpInbox, type ReceivedMail, type SmtpInbox } from '../support/smtp-inbox';

/** A site whose friends get a coupon, and (when `emails` says so) get it by email when they open their invite. */
function couponSite(inbox: SmtpInbox, emails: Record<string, unknown>) {
  return {
    name: 'Fern & Field',
    smtp_url: inbox.url,
    mail_from: 'Fern & Field <hello@fernandfield.example>',
    friend_reward: { amount: 10, incentive: 'discount_coupon', incentive_description: '$10 off your first order', expires_in_days: 30 },
    emails,
  };
}

async function couponMails(collector: TestCollector) {
  const rows = await collector.running.services.db.selectFrom('outbox_messages').select(['status', 'payload']).where('event_type', '=', FRIEND_COUPON_EVENT).execute();
  return rows.map((row) => ({ to: JSON.parse(row.payload).to as string, status: row.status })).sort((a, b) => a.to.localeCompare(b.to));
}

function claimLinkIn(message: ReceivedMail): string {
  return /http:\/\/localhost:\d+\/x\/[A-Za-z0-9]{8}/.exec(message.mail.text ?? '')![0];
}

/** An advocate the shop's server reported, who invites `friends` by email; answers the collector's invites once delivered. */
async function invite(collector: TestCollector, inbox: SmtpInbox, friends: string[]) {
  const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 30, first_name: 'Ann' }));
  const { short_url_code: code, share_key: shareKey } = advocate.body.result.offer;
  const share = await collector.post(`/api/v2/offers/${code}/shares/email`, { site_slug: collector.siteSlug, share_key: shareKey, recipients: friends.join(', '), body: 'Try the ferns' });
  expect(share.status).toBe(201);
  for (const friend of friends) await inbox.waitForMessageTo(friend);
}

describe("the friend's coupon by email", () => {
  it("mails an invited friend who opens their link the code, once, in the shop's words; not to a suppressed address", async () => {
    const inbox = await startSmtpInbox();
    const clock = new ManualClock();
    const collector = await startCollector({ site: couponSite(inbox, { friend_coupon: true }), clock: clock.now, outbox: FAST_OUTBOX });
    try {
      await invite(collector, inbox, ['bob@example.com', 'cy@example.com']);
      const site = collector.running.services.sites.bySlug(collector.siteSlug)!;
      await suppressEmail(collector.running.services.db, site.id, 'cy@example.com', 'unsubscribe_link', clock.now());
      const bobLink = claimLinkIn(inbox.to('bob@example.com')!);
      await followClaimLink(bobLink);
      await followClaimLink(bobLink);
      await followClaimLink(claimLinkIn(inbox.to('cy@example.com')!));

      await eventually(() => couponMails(collector), (rows) => rows.length === 2 && rows.every((row) => row.status !== 'pending'));
      expect(await couponMails(collector)).toEqual([
        { to: 'bob@example.com', status: 'delivered' },
        { to: 'cy@example.com', status: 'suppressed' },
      ]);
      const bobMails = inbox.received.filter((message) => message.to.includes('bob@example.com'));
      expect(bobMails).toHaveLength(2);
      const coupon = bobMails[1]!;
      const { friend_coupon_code: code } = await collector.running.services.db.selectFrom('offers').select('friend_coupon_code').executeTakeFirstOrThrow();
      expect(coupon.mail.subject).toBe('Your $10 off your first order at Fern & Field');
      expect(coupon.mail.text).toContain(`Keep this code for your order:\n${code}\nUse it by July 1, 2026.`);
      // The advocate's note is theirs to the friend's invite, not repeated in the shop's email.
      expect(coupon.mail.text).not.toContain('Try the ferns');
      expect(coupon.mail.text).toMatch(/Stop emails to this address: http:\/\/localhost:\d+\/u\/test-shop\//);
    } finally {
      await collector.cleanup();
      await inbox.down();
    }
  });

  it('is off unless the site turns it on', async () => {
    const inbox = await startSmtpInbox();
    const collector = await startCollector({ site: couponSite(inbox, {}), outbox: FAST_OUTBOX });
    try {
      await invite(collector, inbox, ['bob@example.com']);
      // The email would be written by the click itself, before its answer.
      await followClaimLink(claimLinkIn(inbox.to('bob@example.com')!));
      expect(await couponMails(collector)).toEqual([]);
    } finally {
      await collector.cleanup();
      await inbox.down();
    }
  });
});
