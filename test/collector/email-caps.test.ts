import { describe, expect, it } from 'vitest';
import { enqueueOwnEmail, PERSON_CAP_REASON, SITE_CAP_REASON } from '../../collector/mail/own-email-outbox';
import { REWARD_NOTICE_EVENT } from '../../collector/mail/reward-notice-mail';
import { startCollector, type TestCollector } from '../support/collector';
import { consoleBrowser } from '../support/console-client';
import { eventually } from '../support/eventually';
import { ManualClock } from '../support/manual-clock';
import { FAST_OUTBOX, makeReferral, setStatus } from '../support/referrals';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';

const FAST_NOTICES = { intervalInMs: 50 };
const OWNER = { email: 'owner@fernandfield.example', password: 'a long enough password' };

/** A site that mails reward notices, with small daily caps: two a day to one address, three a day in all. */
function cappedSite(inbox: SmtpInbox) {
  return {
    name: 'Fern & Field',
    smtp_url: inbox.url,
    mail_from: 'Fern & Field <hello@fernandfield.example>',
    approval: { mode: 'manual' },
    advocate_reward: { amount: 10, incentive: 'rebate', incentive_description: '$10 back' },
    emails: { reward_notice: true, max_per_person_per_day: 2, max_per_site_per_day: 3 },
  };
}

/** The outbox's reward notices: who each is to, what became of it, and why when it was not sent. */
async function notices(collector: TestCollector) {
  const rows = await collector.running.services.db.selectFrom('outbox_messages').select(['status', 'last_error', 'payload']).where('event_type', '=', REWARD_NOTICE_EVENT).execute();
  // Written within the same (stopped) millisecond: sorted by address, then status, to compare.
  return rows
    .map((row) => ({ to: JSON.parse(row.payload).to as string, status: row.status, reason: row.last_error }))
    .sort((a, b) => a.to.localeCompare(b.to) || a.status.localeCompare(b.status));
}

/** The console's email figures, as its owner sees them. */
async function consoleEmail(collector: TestCollector) {
  const owner = consoleBrowser(collector);
  expect((await owner.signIn(OWNER.email, OWNER.password)).status).toBe(200);
  const answer = await owner.call('GET', '/console/api/sites/test-shop/email');
  expect(answer.status).toBe(200);
  return answer.body.result;
}

async function approvedReferral(collector: TestCollector, advocate: string, friend: string, order: string) {
  const made = await makeReferral(collector, { advocate, friend, order });
  expect((await setStatus(collector, made.originSlug, 'approved')).status).toBe(200);
}

describe("the daily caps on Vouch's own emails", () => {
  it('sends one address at most max_per_person_per_day and the site at most max_per_site_per_day a UTC day, and records the rest as skipped with the cap', async () => {
    const inbox = await startSmtpInbox();
    const clock = new ManualClock('2026-06-01T09:00:00.000Z');
    const collector = await startCollector({ site: cappedSite(inbox), clock: clock.now, outbox: FAST_OUTBOX, emailNotices: FAST_NOTICES, admin: OWNER, console: { now: clock.now } });
    try {
      await approvedReferral(collector, 'ann@example.com', 'bob@example.com', 'F-1');
      await approvedReferral(collector, 'ann@example.com', 'cy@example.com', 'F-2');
      await approvedReferral(collector, 'ann@example.com', 'dan@example.com', 'F-3');
      await eventually(() => notices(collector), (rows) => rows.length === 3 && rows.every((row) => row.status !== 'pending'));
      expect((await notices(collector)).map((row) => [row.status, row.reason])).toEqual([
        ['delivered', null],
        ['delivered', null],
        ['failed', PERSON_CAP_REASON],
      ]);
      const byAddress = async (to: string) => (await notices(collector)).filter((row) => row.to === to);

      // Liv's is the site's third today; Max's would be its fourth.
      await approvedReferral(collector, 'liv@example.com', 'eve@example.com', 'F-4');
      await eventually(() => byAddress('liv@example.com'), (rows) => rows[0]?.status === 'delivered');
      await approvedReferral(collector, 'max@example.com', 'fay@example.com', 'F-5');
      await eventually(() => byAddress('max@example.com'), (rows) => rows.length === 1 && rows[0]!.status !== 'pending');
      expect(await byAddress('max@example.com')).toEqual([{ to: 'max@example.com', status: 'failed', reason: SITE_CAP_REASON }]);

      // The next UTC day Max's next notice goes; the skipped ones stay skipped.
      clock.advanceHours(16);
      await approvedReferral(collector, 'max@example.com', 'gus@example.com', 'F-6');
      await inbox.waitForMessageTo('max@example.com');
      await eventually(() => byAddress('max@example.com'), (rows) => rows.length === 2 && rows.every((row) => row.status !== 'pending'));
      expect((await notices(collector)).map((row) => [row.to, row.status])).toEqual([
        ['ann@example.com', 'delivered'],
        ['ann@example.com', 'delivered'],
        ['ann@example.com', 'failed'],
        ['liv@example.com', 'delivered'],
        ['max@example.com', 'delivered'],
        ['max@example.com', 'failed'],
      ]);
      expect(inbox.received.filter((message) => message.to.includes('ann@example.com'))).toHaveLength(2);
      expect(inbox.received.filter((message) => message.to.includes('max@example.com'))).toHaveLength(1);

      // The site's console shows them per day, the skipped ones apart.
      const email = await consoleEmail(collector);
      expect(email.own_emails_per_day.slice(-2)).toEqual([
        { day: '2026-06-01', written: 5, delivered: 3, skipped: 2 },
        { day: '2026-06-02', written: 1, delivered: 1, skipped: 0 },
      ]);
    } finally {
      await collector.cleanup();
      await inbox.down();
    }
  }, 90_000);
});

describe('the daily caps under concurrency', () => {
  it('hold exactly when many emails to one address are written at once', async () => {
    const inbox = await startSmtpInbox();
    const clock = new ManualClock();
    const collector = await startCollector({ site: { ...cappedSite(inbox), emails: { max_per_person_per_day: 3 } }, clock: clock.now });
    try {
      const { db, sites } = collector.running.services;
      const site = sites.bySlug(collector.siteSlug)!;
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          enqueueOwnEmail(db, site, { event_type: 'email.reward_notice', subject_id: `reward-${index}`, to: 'Ann@Example.com', payload: JSON.stringify({ to: 'ann@example.com' }) }, clock.now()),
        ),
      );
      expect(outcomes.filter((outcome) => outcome === 'written')).toHaveLength(3);
      expect(outcomes.filter((outcome) => outcome === 'capped')).toHaveLength(9);
      // Written again (a retried round): nothing new, nothing counted.
      expect(await enqueueOwnEmail(db, site, { event_type: 'email.reward_notice', subject_id: 'reward-0', to: 'ann@example.com', payload: '{}' }, clock.now())).toBe('exists');
    } finally {
      await collector.cleanup();
      await inbox.down();
    }
  }, 60_000);
});
