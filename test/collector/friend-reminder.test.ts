import { describe, expect, it } from 'vitest';
import { FRIEND_REMINDER_EVENT } from '../../collector/mail/friend-reminder-mail';
import { suppressEmail } from '../../collector/store/suppression.repository';
import { followClaimLink } from '../support/claim-link';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { eventually } from '../support/eventually';
import { ManualClock } from '../support/manual-clock';
import { FAST_OUTBOX } from '../support/referrals';
import { startSmtpInbox, type ReceivedMail, type SmtpInbox } from '../support/smtp-inbox';

/** The outbox's reminders: the recipient row each is for, and what became of it. */
function reminders(collector: TestCollector) {
  return collector.running.services.db.selectFrom('outbox_messages').select(['subject_id', 'status', 'payload']).where('event_type', '=', FRIEND_REMINDER_EVENT).execute();
}

function claimLinkIn(message: ReceivedMail): string {
  return /http:\/\/localhost:\d+\/x\/[A-Za-z0-9]{8}/.exec(message.mail.text ?? '')![0];
}

describe("the invited friend's reminder", () => {
  it('reminds once, after 72 hours, a friend who has not clicked, when the share asked for it; never after a click or to a suppressed address', async () => {
    const inbox = await startSmtpInbox();
    const clock = new ManualClock();
    const collector = await startCollector({
      site: { name: 'Fern & Field', smtp_url: inbox.url, mail_from: 'hello@fernandfield.example' },
      clock: clock.now,
      outbox: FAST_OUTBOX,
      emailNotices: { intervalInMs: 50 },
    });
    try {
      const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 30, first_name: 'Ann' }));
      const { short_url_code: code, share_key: shareKey } = advocate.body.result.offer;
      const share = (body: Record<string, unknown>) => collector.post(`/api/v2/offers/${code}/shares/email`, { site_slug: collector.siteSlug, share_key: shareKey, ...body });
      // A friend invited 90 minutes before the others: their reminder, once written, shows a round has looked at the others too.
      expect((await share({ recipients: 'zed@example.com', reminder: true })).status).toBe(201);
      clock.advanceHours(1.5);
      expect((await share({ recipients: 'bob@example.com, cy@example.com, sue@example.com, pat@example.com', reminder: true, body: 'Look at these ferns' })).status).toBe(201);
      expect((await share({ recipients: 'dan@example.com' })).status).toBe(201);
      await inbox.waitForMessages(6);
      await eventually(
        () => collector.running.services.db.selectFrom('outbox_messages').select('status').where('event_type', '=', 'email_share.invite').execute(),
        (rows) => rows.length === 6 && rows.every((row) => row.status === 'delivered'),
      );

      // Bob clicks his link; Pat buys without clicking (credited by her address); Sue unsubscribes before the reminder is due.
      await followClaimLink(claimLinkIn(inbox.to('bob@example.com')!));
      expect((await collector.post('/api/v2/origins', purchase(collector, { email: 'pat@example.com', order_number: 'P-1', subtotal: 25 }))).status).toBe(201);
      const site = collector.running.services.sites.bySlug(collector.siteSlug)!;
      await suppressEmail(collector.running.services.db, site.id, 'sue@example.com', 'unsubscribe_link', clock.now());

      // 71 hours after the others' invites: only Zed's 72 are up.
      clock.advanceHours(71);
      await eventually(() => reminders(collector), (rows) => rows.length > 0);
      expect((await reminders(collector)).map((row) => JSON.parse(row.payload).to)).toEqual(['zed@example.com']);

      clock.advanceHours(1.5);
      await eventually(() => reminders(collector), (rows) => rows.length === 3 && rows.every((row) => row.status !== 'pending'));
      const cyMails = inbox.received.filter((message) => message.to.includes('cy@example.com'));
      expect(cyMails).toHaveLength(2);
      const [invite, reminded] = cyMails;
      expect(reminded!.mail.subject).toBe(`Reminder: ${invite!.mail.subject}`);
      expect(reminded!.mail.text).toContain('Look at these ferns');
      expect(claimLinkIn(reminded!)).toBe(claimLinkIn(invite!));
      // Sue's is suppressed; Bob clicked, Pat bought, and Dan's share asked for none.
      expect((await reminders(collector)).map((row) => [JSON.parse(row.payload).to, row.status]).sort()).toEqual([
        ['cy@example.com', 'delivered'],
        ['sue@example.com', 'suppressed'],
        ['zed@example.com', 'delivered'],
      ]);

      // Days later, when a newer friend's reminder goes, still one each for the others.
      expect((await share({ recipients: 'kim@example.com', reminder: true })).status).toBe(201);
      await inbox.waitForMessageTo('kim@example.com');
      clock.advanceHours(73);
      await eventually(() => reminders(collector), (rows) => rows.length === 4);
      expect((await reminders(collector)).map((row) => JSON.parse(row.payload).to).sort()).toEqual(['cy@example.com', 'kim@example.com', 'sue@example.com', 'zed@example.com']);
      expect(inbox.received.filter((message) => message.to.includes('bob@example.com') || message.to.includes('dan@example.com') || message.to.includes('pat@example.com'))).toHaveLength(3);
    } finally {
      await collector.cleanup();
      await inbox.down();
    }
  });
});
