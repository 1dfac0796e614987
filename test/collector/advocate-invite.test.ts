import { describe, expect, it } from 'vitest';
import { ADVOCATE_INVITE_EVENT, enqueueAdvocateInvite } from '../../collector/mail/advocate-invite-mail';
import { findAdvocatesAwaitingInvite } from '../../collector/store/email-notice.repository';
import { suppressEmail } from '../../collector/store/suppression.repository';
import { followClaimLink } from '../support/claim-link';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { eventually } from '../support/eventually';
import { ManualClock } from '../support/manual-clock';
import { FAST_OUTBOX } from '../support/referrals';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';

const FAST_NOTICES = { intervalInMs: 50 };

/** A site that invites its advocates to share two days after their purchase. */
function inviteSite(inbox: SmtpInbox, extra: Record<string, unknown> = {}) {
  return {
    name: 'Fern & Field',
    smtp_url: inbox.url,
    mail_from: 'Fern & Field <hello@fernandfield.example>',
    friend_reward: { amount: 10, incentive: 'discount_coupon', incentive_description: '$10 off' },
    advocate_reward: { amount: 10, incentive: 'rebate', incentive_description: '$10 back' },
    emails: { advocate_invite: true },
    ...extra,
  };
}

/** The outbox's advocate invites: who each is to, and what became of it. */
async function invites(collector: TestCollector) {
  const rows = await collector.running.services.db.selectFrom('outbox_messages').select(['subject_id', 'status', 'payload']).where('event_type', '=', ADVOCATE_INVITE_EVENT).execute();
  return rows.map((row) => ({ to: JSON.parse(row.payload).to as string, status: row.status })).sort((a, b) => a.to.localeCompare(b.to));
}

describe("the advocate's invite", () => {
  it('mails an advocate who has not shared once, 48 hours after their purchase, with their link and offer; not after a share or a click, not to a suppressed address, not twice', async () => {
    const inbox = await startSmtpInbox();
    const clock = new ManualClock();
    const first = await startCollector({ site: inviteSite(inbox), clock: clock.now, outbox: FAST_OUTBOX, emailNotices: FAST_NOTICES });
    try {
      const buy = (collector: TestCollector, email: string, order: string, extra: Record<string, unknown> = {}) =>
        collector.post('/api/v2/origins', purchase(collector, { email, order_number: order, subtotal: 30, ...extra }));
      // Zed buys 90 minutes before the others: his invite, once written, shows a round has looked at them too.
      expect((await buy(first, 'zed@example.com', 'Z-1')).status).toBe(201);
      clock.advanceHours(1.5);
      const ann = await buy(first, 'ann@example.com', 'A-1', { first_name: 'Ann' });
      const bob = await buy(first, 'bob@example.com', 'B-1');
      const cy = await buy(first, 'cy@example.com', 'C-1');
      expect((await buy(first, 'sue@example.com', 'S-1')).status).toBe(201);
      // Only a browser says Bo bought: no mail in the shop's name for a claim.
      const browser = await first.post('/api/v2/origins', { site_slug: first.siteSlug, type: 'Purchase', data: { email: 'bo@example.com', order_number: 'BR-1', subtotal: 20 } }, { origin: 'http://localhost' });
      expect(browser.status).toBe(201);

      // Bob shares on Facebook the next day; a friend opens Cy's link; Sue unsubscribes.
      clock.advanceHours(24);
      const bobShare = await first.post(`/api/v2/offers/${bob.body.result.offer.short_url_code}/shares/social`, { site_slug: first.siteSlug, channel: 'facebook' }, { origin: 'http://localhost' });
      expect(bobShare.status).toBe(201);
      await followClaimLink(cy.body.result.offer.claim_url);
      const site = first.running.services.sites.bySlug(first.siteSlug)!;
      await suppressEmail(first.running.services.db, site.id, 'sue@example.com', 'unsubscribe_link', clock.now());

      // 47 hours after the others' purchases only Zed's 48 are up.
      clock.advanceHours(23);
      await eventually(() => invites(first), (rows) => rows.length > 0);
      expect(await invites(first)).toEqual([{ to: 'zed@example.com', status: expect.any(String) }]);

      clock.advanceHours(1.5);
      await eventually(() => invites(first), (rows) => rows.length === 3 && rows.every((row) => row.status !== 'pending'));
      expect(await invites(first)).toEqual([
        { to: 'ann@example.com', status: 'delivered' },
        { to: 'sue@example.com', status: 'suppressed' },
        { to: 'zed@example.com', status: 'delivered' },
      ]);
      const mail = inbox.to('ann@example.com')!;
      const offer = ann.body.result.offer;
      expect(mail.mail.subject).toBe('Give your friends $10 off at Fern & Field');
      expect(mail.mail.text).toContain('Hi Ann,');
      expect(mail.mail.text).toContain('Give $10 off, get $10 back');
      expect(mail.mail.text).toContain(`Your link:\n${offer.claim_url}\n`);
      expect(mail.mail.text).toContain(`Share with friends: ${offer.show_url}`);
      expect(mail.mail.text).toContain(`See your referrals: ${first.running.services.publicUrl}/me/test-shop`);
      expect(mail.mail.text).toMatch(/Stop emails to this address: http:\/\/localhost:\d+\/u\/test-shop\//);
      expect(mail.mail.html).toContain(offer.claim_url);
      expect(mail.mail.headerLines.find((entry) => entry.key === 'list-unsubscribe')?.line).toMatch(/\/u\/test-shop\//);

      // Another instance that read Ann before her invite was written writes nothing.
      const { db, publicUrl } = first.running.services;
      const [stale] = await findAdvocatesAwaitingInvite(db, { siteId: site.id, since: '2000-01-01T00:00:00.000Z', purchasedBefore: clock.now().toISOString(), eventType: 'email.other', limit: 10 });
      expect(stale).toBeDefined();
      expect(await enqueueAdvocateInvite(db, site, publicUrl, stale!, clock.now())).toBe(false);

      // After a restart, and days later, still one each; Ann's second purchase brings no second invite.
      expect((await buy(first, 'ann@example.com', 'A-2')).status).toBe(201);
      await first.stop();
      const second = await startCollector({ reuse: first, apiKey: first.apiKey, site: inviteSite(inbox), clock: clock.now, outbox: FAST_OUTBOX, emailNotices: FAST_NOTICES });
      try {
        expect((await buy(second, 'kim@example.com', 'K-1')).status).toBe(201);
        clock.advanceHours(49);
        await eventually(() => invites(second), (rows) => rows.some((row) => row.to === 'kim@example.com' && row.status === 'delivered'));
        expect((await invites(second)).map((row) => row.to)).toEqual(['ann@example.com', 'kim@example.com', 'sue@example.com', 'zed@example.com']);
        expect(inbox.received.filter((message) => message.to.includes('ann@example.com'))).toHaveLength(1);
        expect(inbox.received.filter((message) => ['bob@example.com', 'cy@example.com', 'bo@example.com', 'sue@example.com'].some((to) => message.to.includes(to)))).toEqual([]);
      } finally {
        await second.stop();
      }
    } finally {
      await first.cleanup();
      await inbox.down();
    }
  });

  it('is off unless the site turns it on, and speaks French on a French site', async () => {
    const inbox = await startSmtpInbox();
    const clock = new ManualClock();
    const off = await startCollector({ site: inviteSite(inbox, { emails: {} }), clock: clock.now, outbox: FAST_OUTBOX, emailNotices: FAST_NOTICES });
    const french = await startCollector({ site: inviteSite(inbox, { locale: 'fr', emails: { advocate_invite: true, advocate_invite_after_hours: 24 } }), clock: clock.now, outbox: FAST_OUTBOX, emailNotices: FAST_NOTICES });
    try {
      expect((await off.post('/api/v2/origins', purchase(off, { email: 'ann@example.com', order_number: 'A-1', subtotal: 30 }))).status).toBe(201);
      expect((await french.post('/api/v2/origins', purchase(french, { email: 'lea@example.com', order_number: 'L-1', subtotal: 30 }))).status).toBe(201);
      clock.advanceHours(25);
      const mail = await inbox.waitForMessageTo('lea@example.com');
      expect(mail.mail.subject).toBe('Offrez $10 off à vos amis chez Fern & Field');
      expect(mail.mail.text).toContain('Voir vos parrainages');
      expect(mail.mail.text).toContain('Ne plus recevoir d’e-mails à cette adresse');
      // The French site's round has run past the day; the other site's has had as long.
      clock.advanceHours(48);
      await eventually(() => invites(french), (rows) => rows[0]?.status === 'delivered');
      expect(await invites(off)).toEqual([]);
      expect(inbox.to('ann@example.com')).toBeUndefined();
    } finally {
      await off.cleanup();
      await french.cleanup();
      await inbox.down();
    }
  });
});
