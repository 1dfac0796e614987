import { describe, expect, it } from 'vitest';
import { SIGN_IN_LINK_EVENT } from '../../collector/mail/sign-in-link-mail';
import { suppressEmail } from '../../collector/store/suppression.repository';
import { postForm, shopMintedToken, signInLinkIn } from '../support/advocate-pages';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { eventually } from '../support/eventually';
import { ManualClock } from '../support/manual-clock';
import { FAST_OUTBOX, makeReferral, setStatus } from '../support/referrals';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';

const siteOf = (collector: TestCollector) => collector.running.services.sites.bySlug(collector.siteSlug)!;

/** The sign-in mails in the outbox, with what became of each. */
function signInMails(collector: TestCollector) {
  return collector.running.services.db.selectFrom('outbox_messages').select(['payload', 'status']).where('event_type', '=', SIGN_IN_LINK_EVENT).execute();
}

async function withCollector(test: (collector: TestCollector, inbox: SmtpInbox, clock: ManualClock) => Promise<void>, site: Record<string, unknown> = {}) {
  const inbox = await startSmtpInbox();
  const clock = new ManualClock();
  const collector = await startCollector({ site: { name: 'Fern & Field', smtp_url: inbox.url, mail_from: 'hello@fernandfield.example', ...site }, clock: clock.now, outbox: FAST_OUTBOX });
  try {
    await test(collector, inbox, clock);
  } finally {
    await collector.cleanup();
    await inbox.down();
  }
}

/** Asks for a sign-in link and answers it, from the mail that arrives. */
async function signInLink(collector: TestCollector, inbox: SmtpInbox, email: string): Promise<string> {
  expect((await postForm(collector, `/me/${collector.siteSlug}`, { email })).status).toBe(200);
  return signInLinkIn((await inbox.waitForMessageTo(email)).mail.text as string).replace(/^http:\/\/localhost:\d+/, collector.url);
}

describe('the standalone referral page', () => {
  it('makes an unverified AffiliateMember origin and sends the person to their offer, the same one when they come back', async () => {
    await withCollector(async (collector) => {
      const page = await fetch(`${collector.url}/r/${collector.siteSlug}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Refer friends to Fern &#38; Field');

      const joined = await postForm(collector, `/r/${collector.siteSlug}`, { email: 'Ann@Example.com', first_name: 'Ann' });
      expect(joined.status).toBe(303);
      const offerPath = joined.headers.get('location')!;
      expect(offerPath).toMatch(/^\/o\/[A-Za-z0-9]+$/);
      const { db } = collector.running.services;
      const origins = await db.selectFrom('origins').select(['type', 'verified']).execute();
      // A browser's word: it shows an offer, and earns nothing by itself.
      expect(origins).toEqual([{ type: 'AffiliateMember', verified: 0 }]);

      const again = await postForm(collector, `/r/${collector.siteSlug}`, { email: 'ann@example.com' });
      expect(again.headers.get('location')).toBe(offerPath);
      expect(await db.selectFrom('offers').select('id').execute()).toHaveLength(1);
    });
  });

  it('gives an advocate who bought before the offer they already have', async () => {
    await withCollector(async (collector) => {
      const bought = await collector.post('/api/v2/origins', purchase(collector, { email: 'cy@example.com', order_number: 'R-1', subtotal: 30 }));
      const joined = await postForm(collector, `/r/${collector.siteSlug}`, { email: 'cy@example.com' });
      expect(joined.headers.get('location')).toBe(`/o/${bought.body.result.offer.short_url_code}`);
    });
  });

  it('asks for the consent the site words, and refuses a bad address or a post from another site with a page', async () => {
    await withCollector(
      async (collector) => {
        const page = await (await fetch(`${collector.url}/r/${collector.siteSlug}`)).text();
        expect(page).toContain('I agree to hear from Fern &#38; Field about my referrals.');
        const unticked = await postForm(collector, `/r/${collector.siteSlug}`, { email: 'dee@example.com' });
        expect(unticked.status).toBe(422);
        expect(unticked.text).toContain('Tick the box to continue.');
        const badEmail = await postForm(collector, `/r/${collector.siteSlug}`, { email: 'not an address', consent: 'yes' });
        expect(badEmail.status).toBe(422);
        expect(badEmail.text).toContain('Enter an email address');
        const forged = await postForm(collector, `/r/${collector.siteSlug}`, { email: 'dee@example.com', consent: 'yes' }, { origin: 'https://evil.example' });
        expect(forged.status).toBe(403);
        expect(forged.text).toContain('sent from another page');
        expect((await postForm(collector, `/r/${collector.siteSlug}`, { email: 'dee@example.com', consent: 'yes' })).status).toBe(303);
      },
      { advocate_consent_text: 'I agree to hear from Fern & Field about my referrals.' },
    );
  });

  it('limits how often one address can be named, from anywhere', async () => {
    await withCollector(async (collector) => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) statuses.push((await postForm(collector, `/r/${collector.siteSlug}`, { email: 'eve@example.com' })).status);
      expect(statuses).toEqual([303, 303, 303, 303, 303, 429]);
    });
  });
});

describe('the advocate dashboard', () => {
  it('answers a known and an unknown address alike, and mails only the known one a link', async () => {
    await withCollector(async (collector, inbox) => {
      await makeReferral(collector, { advocate: 'ann@example.com' });
      const known = await postForm(collector, `/me/${collector.siteSlug}`, { email: 'ann@example.com' });
      const unknown = await postForm(collector, `/me/${collector.siteSlug}`, { email: 'nobody@example.com' });
      expect(known.status).toBe(200);
      expect(unknown.status).toBe(200);
      expect(known.text.replace(/nonce-[^']+'|nonce="[^"]+"/g, '')).toBe(unknown.text.replace(/nonce-[^']+'|nonce="[^"]+"/g, ''));
      await inbox.waitForMessageTo('ann@example.com');
      expect(await signInMails(collector)).toHaveLength(1);
      expect(inbox.to('nobody@example.com')).toBeUndefined();
    });
  });

  it('opens the dashboard once from the mailed link, in a short HttpOnly cookie for the dashboard only, showing referrals and their reasons', async () => {
    await withCollector(async (collector, inbox) => {
      const { originSlug } = await makeReferral(collector, { advocate: 'ann@example.com', friend: 'bob@example.com' });
      await makeReferral(collector, { advocate: 'ann@example.com', friend: 'cat@example.com', order: 'F-2' });
      expect((await setStatus(collector, originSlug, 'approved')).status).toBe(200);
      const link = await signInLink(collector, inbox, 'ann@example.com');

      // Opening the link (a mail scanner does) uses nothing up.
      const opened = await fetch(link);
      expect(opened.status).toBe(200);
      expect(await opened.text()).toContain('Open my referrals');
      const signedIn = await postForm(collector, new URL(link).pathname, {});
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.get('location')).toBe(`/me/${collector.siteSlug}`);
      const cookie = signedIn.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^vouch_advocate=[A-Za-z0-9_-]+; Max-Age=1800; Path=\/me\/test-shop; HttpOnly; SameSite=Lax$/);

      const dashboard = await fetch(`${collector.url}/me/${collector.siteSlug}`, { headers: { cookie: cookie.split(';')[0]! } });
      const html = await dashboard.text();
      expect(html).toContain('b•••@example.com');
      expect(html).toContain('c•••@example.com');
      expect(html).not.toContain('bob@example.com');
      expect(html).toContain('You earned $10 back');
      expect(html).toMatch(/Return window: it counts on [^<]+ if your friend keeps the order/);

      // Used once: the same link again is a clear page, not an error body.
      const reused = await postForm(collector, new URL(link).pathname, {});
      expect(reused.status).toBe(404);
      expect(reused.headers.get('content-type')).toMatch(/text\/html/);
      expect(reused.text).toContain('This sign-in link does not work any more');
      expect((await fetch(link)).status).toBe(404);
    });
  });

  it('lets only one of two requests with the same link at once sign in', async () => {
    await withCollector(async (collector, inbox) => {
      await makeReferral(collector, { advocate: 'ann@example.com' });
      const path = new URL(await signInLink(collector, inbox, 'ann@example.com')).pathname;
      const answers = await Promise.all(Array.from({ length: 6 }, () => postForm(collector, path, {})));
      expect(answers.map((answer) => answer.status).sort()).toEqual([303, 404, 404, 404, 404, 404]);
    });
  });

  it('refuses a link after 30 minutes, and forgets the session after its own 30', async () => {
    await withCollector(async (collector, inbox, clock) => {
      await makeReferral(collector, { advocate: 'ann@example.com' });
      const stale = new URL(await signInLink(collector, inbox, 'ann@example.com')).pathname;
      clock.advance(30 * 60_000);
      expect((await postForm(collector, stale, {})).status).toBe(404);

      // A fresh link (the hourly limit allows a few) signs in; half an hour later the session is over.
      const beforeSecond = (await inbox.waitForMessages(1)).length;
      expect((await postForm(collector, `/me/${collector.siteSlug}`, { email: 'ann@example.com' })).status).toBe(200);
      const second = (await inbox.waitForMessages(beforeSecond + 1)).at(-1)!;
      const fresh = new URL(signInLinkIn(second.mail.text as string)).pathname;
      clock.advance(29 * 60_000);
      const signedIn = await postForm(collector, fresh, {});
      expect(signedIn.status).toBe(303);
      const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
      expect(await (await fetch(`${collector.url}/me/${collector.siteSlug}`, { headers: { cookie } })).text()).toContain('Your referrals');
      clock.advance(30 * 60_000);
      expect(await (await fetch(`${collector.url}/me/${collector.siteSlug}`, { headers: { cookie } })).text()).toContain('Email me a sign-in link');
    });
  });

  it('does not mail a suppressed address', async () => {
    await withCollector(async (collector) => {
      await makeReferral(collector, { advocate: 'ann@example.com' });
      const { db } = collector.running.services;
      await suppressEmail(db, siteOf(collector).id, 'ann@example.com', 'unsubscribe_link', new Date());
      expect((await postForm(collector, `/me/${collector.siteSlug}`, { email: 'ann@example.com' })).status).toBe(200);
      await eventually(() => signInMails(collector), (rows) => rows[0]?.status === 'suppressed');
    });
  });
});

describe('server-minted dashboard tokens', () => {
  it('pins the documented format to one known token', () => {
    expect(shopMintedToken('sk_test_0123456789abcdef', 'test-shop', 'ann@example.com', 1780315200)).toBe(
      'YW5uQGV4YW1wbGUuY29tLjE3ODAzMTUyMDAuYzM3MzUyZjU4YTkzMWIzZTUwYjYwZDQyNTVhMDAxYjc0ZmMxZmFiZjJkOTIzYTdjZTEwZDgxZTk2ZTAzYzAyNA',
    );
  });

  it('answers the dashboard for a token the shop minted, and refuses a wrong, an expired or a too long-lived one', async () => {
    await withCollector(async (collector, _inbox, clock) => {
      await makeReferral(collector, { advocate: 'ann@example.com', friend: 'bob@example.com' });
      const now = Math.floor(clock.now().getTime() / 1000);
      const ask = (token: string) => collector.post('/api/v2/dashboard', { site_slug: collector.siteSlug, token });

      const answer = await ask(shopMintedToken(collector.apiKey, collector.siteSlug, 'ann@example.com', now + 600));
      expect(answer.status).toBe(200);
      expect(answer.body.result.offer.short_url_code).toMatch(/^[A-Za-z0-9]+$/);
      expect(answer.body.result.dashboard.referrals).toEqual([
        { friend: 'b•••@example.com', created_at: expect.any(String), status: 'pending', reason: expect.stringMatching(/^Return window: it counts on/) },
      ]);
      expect(answer.body.result.dashboard.totals).toMatchObject({ referrals: 1, pending: 1, approved: 0 });
      expect(JSON.stringify(answer.body)).not.toContain('bob@example.com');

      const wrong = await ask(shopMintedToken('sk_someone_elses_key_123', collector.siteSlug, 'ann@example.com', now + 600));
      expect(wrong.status).toBe(401);
      expect(wrong.body.code).toBe('dashboard_token_invalid');
      const otherSite = await ask(shopMintedToken(collector.apiKey, 'other-shop', 'ann@example.com', now + 600));
      expect(otherSite.body.code).toBe('dashboard_token_invalid');
      const forever = await ask(shopMintedToken(collector.apiKey, collector.siteSlug, 'ann@example.com', now + 24 * 3600));
      expect(forever.body.code).toBe('dashboard_token_expired');
      const soon = shopMintedToken(collector.apiKey, collector.siteSlug, 'ann@example.com', now + 60);
      clock.advance(61_000);
      const expired = await ask(soon);
      expect(expired.status).toBe(401);
      expect(expired.body.code).toBe('dashboard_token_expired');
      const stranger = await ask(shopMintedToken(collector.apiKey, collector.siteSlug, 'nobody@example.com', now + 600));
      expect(stranger.status).toBe(404);
      expect(stranger.body.code).toBe('not_an_advocate');
    });
  });
});
