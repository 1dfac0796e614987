import { describe, expect, it } from 'vitest';
import { enqueueRewardNotice, REWARD_NOTICE_EVENT } from '../../collector/mail/reward-notice-mail';
import { findRewardsAwaitingNotice } from '../../collector/store/email-notice.repository';
import { suppressEmail } from '../../collector/store/suppression.repository';
import { followClaimLink } from '../support/claim-link';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { eventually } from '../support/eventually';
import { ManualClock } from '../support/manual-clock';
import { FAST_OUTBOX, makeReferral, setStatus } from '../support/referrals';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';

const FAST_NOTICES = { intervalInMs: 50 };

/** A site that mails advocates their approved rewards: a code of their own, for 30 days. */
function noticeSite(inbox: SmtpInbox, extra: Record<string, unknown> = {}) {
  return {
    name: 'Fern & Field',
    smtp_url: inbox.url,
    mail_from: 'Fern & Field <hello@fernandfield.example>',
    approval: { mode: 'manual' },
    advocate_reward: { amount: 10, incentive: 'discount_coupon', incentive_description: '$10 off your next order', expires_in_days: 30 },
    emails: { reward_notice: true },
    ...extra,
  };
}

/** The outbox's reward notices, with what became of each. */
function notices(collector: TestCollector) {
  return collector.running.services.db.selectFrom('outbox_messages').select(['subject_id', 'status']).where('event_type', '=', REWARD_NOTICE_EVENT).execute();
}

/** The advocate's reward of a referral, as the store holds it. */
function advocateReward(collector: TestCollector, referralId: string) {
  return collector.running.services.db.selectFrom('rewards').selectAll().where('referral_id', '=', referralId).where('side', '=', 'advocate').executeTakeFirstOrThrow();
}

describe('the reward notice', () => {
  it('mails the advocate once when their reward is approved, with the amount and the code, and not again after a restart', async () => {
    const inbox = await startSmtpInbox();
    const clock = new ManualClock();
    const first = await startCollector({ site: noticeSite(inbox), clock: clock.now, outbox: FAST_OUTBOX, emailNotices: FAST_NOTICES });
    try {
      const { referral, originSlug } = await makeReferral(first, { advocate: 'ann@example.com' });
      // Pending: nothing yet.
      expect(await notices(first)).toEqual([]);
      expect((await setStatus(first, originSlug, 'approved')).status).toBe(200);

      const mail = await inbox.waitForMessageTo('ann@example.com');
      const reward = await advocateReward(first, referral.id);
      expect(reward.coupon_code).toMatch(/^REWARD-/);
      expect(mail.mail.subject).toBe('Your reward from Fern & Field: $10 off your next order');
      expect(mail.mail.text).toContain('Hi Ann,');
      expect(mail.mail.text).toContain('Thank you! Your referral earned you $10 off your next order');
      expect(mail.mail.text).toContain(`Your code, applied at checkout:\n${reward.coupon_code}\nUse it by July 1, 2026.`);
      expect(mail.mail.html).toContain(reward.coupon_code);
      expect(mail.mail.text).toMatch(/Stop emails to this address: http:\/\/localhost:\d+\/u\/test-shop\//);
      await eventually(() => notices(first), (rows) => rows[0]?.status === 'delivered');
      // Another instance that read the reward before this notice was written writes nothing: the outbox keeps one per reward.
      const { db, sites, publicUrl } = first.running.services;
      const [stale] = await findRewardsAwaitingNotice(db, { siteIds: [sites.bySlug(first.siteSlug)!.id], since: '2000-01-01T00:00:00.000Z', eventType: 'email.other', limit: 1 });
      expect(stale?.reward_id).toBe(reward.id);
      expect(await enqueueRewardNotice(db, sites.bySlug(first.siteSlug)!, publicUrl, stale!, clock.now())).toBe(false);
      expect(await notices(first)).toHaveLength(1);

      await first.stop();
      const second = await startCollector({ reuse: first, apiKey: first.apiKey, site: noticeSite(inbox), clock: clock.now, outbox: FAST_OUTBOX, emailNotices: FAST_NOTICES });
      try {
        // A second referral's notice goes out: every round after the restart has run past the first reward.
        const next = await makeReferral(second, { advocate: 'ann@example.com', friend: 'cy@example.com', order: 'F-2' });
        expect((await setStatus(second, next.originSlug, 'approved')).status).toBe(200);
        await eventually(() => notices(second), (rows) => rows.length === 2 && rows.every((row) => row.status === 'delivered'));
        expect(inbox.received.filter((message) => message.to.includes('ann@example.com'))).toHaveLength(2);
      } finally {
        await second.stop();
      }
    } finally {
      await first.cleanup();
      await inbox.down();
    }
  });

  it("sends nothing to a suppressed address, to an advocate only a browser reported, or while the site's switch is off", async () => {
    const inbox = await startSmtpInbox();
    const clock = new ManualClock();
    const collector = await startCollector({ site: noticeSite(inbox), clock: clock.now, outbox: FAST_OUTBOX, emailNotices: FAST_NOTICES });
    const off = await startCollector({ site: noticeSite(inbox, { emails: { reward_notice: false } }), clock: clock.now, outbox: FAST_OUTBOX, emailNotices: FAST_NOTICES });
    try {
      const site = collector.running.services.sites.bySlug(collector.siteSlug)!;
      await suppressEmail(collector.running.services.db, site.id, 'sue@example.com', 'unsubscribe_link', clock.now());
      const suppressed = await makeReferral(collector, { advocate: 'sue@example.com', friend: 'dan@example.com', order: 'S-1' });
      expect((await setStatus(collector, suppressed.originSlug, 'approved')).status).toBe(200);

      // An advocate whose purchase only a browser reported (no secret key): their offer shows, their reward earns no mail.
      const browser = await collector.post('/api/v2/origins', { site_slug: collector.siteSlug, type: 'Purchase', data: { email: 'bo@example.com', order_number: 'BR-1', subtotal: 20 } }, { origin: 'http://localhost' });
      expect(browser.status).toBe(201);
      const { uuid } = await followClaimLink(browser.body.result.offer.claim_url);
      const friend = await collector.post('/api/v2/origins', purchase(collector, { email: 'eve@example.com', order_number: 'BR-F1', subtotal: 25, uuid }));
      expect(friend.body.result.referral).toBeTruthy();
      expect((await setStatus(collector, 'BR-F1', 'approved')).status).toBe(200);

      const switchedOff = await makeReferral(off, { advocate: 'ann@example.com' });
      expect((await setStatus(off, switchedOff.originSlug, 'approved')).status).toBe(200);

      const suppressedReward = await advocateReward(collector, suppressed.referral.id);
      await eventually(() => notices(collector), (rows) => rows.some((row) => row.subject_id === suppressedReward.id && row.status === 'suppressed'));
      // A later reward's notice shows every round has gone past the others.
      const later = await makeReferral(collector, { advocate: 'liv@example.com', friend: 'max@example.com', order: 'L-1' });
      expect((await setStatus(collector, later.originSlug, 'approved')).status).toBe(200);
      await inbox.waitForMessageTo('liv@example.com');
      await eventually(() => notices(collector), (rows) => rows.map((row) => row.status).sort().join() === 'delivered,suppressed');
      expect(await notices(off)).toEqual([]);
      expect(inbox.received.map((message) => message.to).flat()).toEqual(['liv@example.com']);
    } finally {
      await collector.cleanup();
      await off.cleanup();
      await inbox.down();
    }
  });

  it('mails nothing about rewards approved more than a week before the notice was switched on', async () => {
    const inbox = await startSmtpInbox();
    const clock = new ManualClock();
    const before = await startCollector({ site: noticeSite(inbox, { emails: { reward_notice: false } }), clock: clock.now, outbox: FAST_OUTBOX, emailNotices: FAST_NOTICES });
    try {
      const old = await makeReferral(before, { advocate: 'ann@example.com' });
      expect((await setStatus(before, old.originSlug, 'approved')).status).toBe(200);
      await before.stop();
      clock.advanceHours(8 * 24);
      const after = await startCollector({ reuse: before, apiKey: before.apiKey, site: noticeSite(inbox), clock: clock.now, outbox: FAST_OUTBOX, emailNotices: FAST_NOTICES });
      try {
        const recent = await makeReferral(after, { advocate: 'bea@example.com', friend: 'cy@example.com', order: 'F-2' });
        expect((await setStatus(after, recent.originSlug, 'approved')).status).toBe(200);
        await inbox.waitForMessageTo('bea@example.com');
        const recentReward = await advocateReward(after, recent.referral.id);
        expect((await notices(after)).map((row) => row.subject_id)).toEqual([recentReward.id]);
        expect(inbox.to('ann@example.com')).toBeUndefined();
      } finally {
        await after.stop();
      }
    } finally {
      await before.cleanup();
      await inbox.down();
    }
  });
});
