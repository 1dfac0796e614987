import { describe, expect } from 'vitest';
import { SIGN_IN_BACKOFF } from '../../collector/domain/console-sign-in';
import { verifyPassword } from '../../collector/signing/password-hash';
import { collectorTest } from '../support/collector-fixture';
import { consoleBrowser } from '../support/console-client';
import { signedInUser } from '../support/console-users';
import { makeReferral } from '../support/referrals';

const OWNER = { email: 'owner@shop.example', password: 'correct horse battery' };

/** The console's clock: tests move it instead of waiting. */
let now = new Date('2026-03-02T09:00:00.000Z');
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const HOUR = 3_600_000;

const it = collectorTest({
  admin: OWNER,
  console: { now: () => now, lifetimes: { idleInMs: 12 * HOUR, absoluteInMs: 7 * 24 * HOUR } },
  // Reviewers' sites: the test site and a second shop.
  extraSites: [{ site_slug: 'other-shop', name: 'Other Shop', api_key: 'sk_other_shop_key_0123456789', allowed_hosts: ['other.example'], destination_url: 'https://other.example/' }],
  // Sign-ins from one address: its own limit is what one test checks; trust X-Forwarded-For to give each test an address of its own.
  trustProxy: true,
});

/** A browser at an address of its own (X-Forwarded-For, believed here), so tests do not share the address limit. */
let nextAddress = 1;
function browserAtNewAddress(collector: Parameters<typeof consoleBrowser>[0]) {
  const browser = consoleBrowser(collector);
  const address = `198.51.100.${nextAddress++}`;
  const call = browser.call.bind(browser);
  browser.call = (method, path, body, headers = {}) => call(method, path, body, { 'x-forwarded-for': address, ...headers });
  return browser;
}

describe('console sign-in', () => {
  it('signs the bootstrap owner in, answers the session and the sites, with the cookie the contract names', async ({ collector }) => {
    const browser = browserAtNewAddress(collector);
    const signedIn = await browser.signIn(OWNER.email.toUpperCase(), OWNER.password);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.result.user).toMatchObject({ email: OWNER.email, role: 'owner', sites: 'all' });
    const cookie = browser.setCookie!;
    expect(cookie).toMatch(/^vouch_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\/console(;|$)/);
    expect(cookie).toMatch(/; Max-Age=604800/);
    // The test collector is served over http: a Secure cookie would never come back.
    expect(cookie).not.toMatch(/Secure/);
    const session = await browser.call('GET', '/console/api/session');
    expect(session.status).toBe(200);
    expect(session.headers.get('cache-control')).toBe('no-store');
    expect(session.body.result.sites).toEqual([
      { slug: 'test-shop', name: 'Test Shop' },
      { slug: 'other-shop', name: 'Other Shop' },
    ]);
  });

  it('answers a wrong password and an unknown email with the same 401', async ({ collector }) => {
    const browser = browserAtNewAddress(collector);
    const wrongPassword = await browser.signIn(OWNER.email, 'not the password at all');
    const unknownEmail = await browser.signIn('nobody@shop.example', OWNER.password);
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body).toEqual({ ok: false, code: 'invalid_credentials', error: 'the email or password is wrong', field: 'email' });
    expect(unknownEmail.body).toEqual(wrongPassword.body);
    expect(browser.cookie).toBeUndefined();
  });

  it('answers bad sign-in input 4xx JSON naming the field', async ({ collector }) => {
    const browser = browserAtNewAddress(collector);
    const raw = await fetch(`${collector.url}/console/api/session`, { method: 'POST', headers: { origin: collector.running.services.publicOrigin, 'content-type': 'application/json' }, body: '{"email":' });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ ok: false, code: 'invalid_body', field: 'body' });
    const numberEmail = await browser.call('POST', '/console/api/session', { email: 42, password: 'x' });
    expect(numberEmail.status).toBe(422);
    expect(numberEmail.body).toMatchObject({ code: 'invalid_field', field: 'email' });
    const nul = await browser.call('POST', '/console/api/session', { email: OWNER.email, password: 'pass\u0000word' });
    expect(nul.status).toBe(422);
    expect(nul.body).toMatchObject({ code: 'invalid_field', field: 'password' });
    const missing = await browser.call('POST', '/console/api/session', { email: OWNER.email });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'missing_field', field: 'password' });
  });

  it('slows an account down after repeated failures, with a growing, capped wait, and lets its owner in after the wait', async ({ collector }) => {
    const email = 'victim@shop.example';
    await signedInUser(collector, { email, role: 'owner', password: 'the victim password' });
    const attacker = () => browserAtNewAddress(collector);
    for (let failure = 1; failure <= SIGN_IN_BACKOFF.freeFailuresPerAccount; failure++) {
      expect((await attacker().signIn(email, `guess ${failure}`)).status).toBe(401);
    }
    // One failure past the free ones earns the first wait; while it lasts, even the right password is not tried.
    expect((await attacker().signIn(email, 'one guess too many')).status).toBe(401);
    const owner = browserAtNewAddress(collector);
    const refused = await owner.signIn(email, 'the victim password');
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('too_many_attempts');
    expect(Number(refused.headers.get('retry-after'))).toBe(SIGN_IN_BACKOFF.firstWaitInMs / 1000);
    // Each failure after a wait doubles the next wait...
    advance(SIGN_IN_BACKOFF.firstWaitInMs);
    expect((await attacker().signIn(email, 'another guess')).status).toBe(401);
    expect(Number((await owner.signIn(email, 'the victim password')).headers.get('retry-after'))).toBe((2 * SIGN_IN_BACKOFF.firstWaitInMs) / 1000);
    // ...up to the cap, however long the attacker keeps going.
    for (let round = 0; round < 12; round++) {
      advance(SIGN_IN_BACKOFF.maxWaitInMs);
      expect((await attacker().signIn(email, `guess round ${round}`)).status).toBe(401);
    }
    expect(Number((await owner.signIn(email, 'the victim password')).headers.get('retry-after'))).toBe(SIGN_IN_BACKOFF.maxWaitInMs / 1000);
    // Once the wait is over, the owner is in, and the count starts again.
    advance(SIGN_IN_BACKOFF.maxWaitInMs);
    expect((await owner.signIn(email, 'the victim password')).status).toBe(200);
    expect((await attacker().signIn(email, 'fresh guess')).status).toBe(401);
    expect((await browserAtNewAddress(collector).signIn(email, 'the victim password')).status).toBe(200);
  });

  it('slows an address down after repeated failures across many accounts', async ({ collector }) => {
    const sprayer = browserAtNewAddress(collector);
    for (let failure = 1; failure <= SIGN_IN_BACKOFF.freeFailuresPerAddress; failure++) {
      expect((await sprayer.signIn(`user${failure}@shop.example`, 'Winter2026!Winter')).status).toBe(401);
    }
    expect((await sprayer.signIn('one.more@shop.example', 'Winter2026!Winter')).status).toBe(401);
    const refused = await sprayer.signIn(OWNER.email, OWNER.password);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    // Another address is not affected.
    expect((await browserAtNewAddress(collector).signIn(OWNER.email, OWNER.password)).status).toBe(200);
    advance(SIGN_IN_BACKOFF.firstWaitInMs);
  });

  it('gives a burst of parallel guesses no more tries than guesses one after the other', async ({ collector }) => {
    const email = 'burst.victim@shop.example';
    await signedInUser(collector, { email, role: 'reviewer', sites: ['test-shop'], password: 'burst victim password' });
    const answers = await Promise.all(Array.from({ length: 30 }, (_, index) => browserAtNewAddress(collector).signIn(email, `parallel guess ${index}`)));
    const statuses = answers.map((answer) => answer.status);
    // The free failures, plus the one that earns the first wait; every other guess was refused unchecked.
    expect(statuses.filter((status) => status === 401)).toHaveLength(SIGN_IN_BACKOFF.freeFailuresPerAccount + 1);
    expect(statuses.filter((status) => status === 429)).toHaveLength(30 - SIGN_IN_BACKOFF.freeFailuresPerAccount - 1);
    advance(SIGN_IN_BACKOFF.firstWaitInMs);
    expect((await browserAtNewAddress(collector).signIn(email, 'burst victim password')).status).toBe(200);
  });

  it('stores the password as a salted scrypt hash that verifies, never as the password', async ({ collector }) => {
    const row = await collector.running.services.db.selectFrom('console_users').selectAll().where('email', '=', OWNER.email).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(row.password_hash).not.toContain(OWNER.password);
    expect(await verifyPassword(OWNER.password, row.password_hash!)).toBe(true);
    expect(await verifyPassword(`${OWNER.password} `, row.password_hash!)).toBe(false);
    // The session cookie's token is not in the store either, only its hash.
    const browser = browserAtNewAddress(collector);
    await browser.signIn(OWNER.email, OWNER.password);
    const sessions = await collector.running.services.db.selectFrom('console_sessions').select('token_hash').execute();
    expect(sessions.map((session) => session.token_hash)).not.toContain(browser.cookie);
  });
});

describe('console sessions', () => {
  it('answers 401 unauthenticated without a session, on known and unknown console paths alike', async ({ collector }) => {
    const browser = browserAtNewAddress(collector);
    for (const path of ['/console/api/session', '/console/api/sites/test-shop/review-queue', '/console/api/no-such-thing']) {
      const answer = await browser.call('GET', path);
      expect(answer.status, path).toBe(401);
      expect(answer.body, path).toMatchObject({ ok: false, code: 'unauthenticated' });
    }
    browser.cookie = 'made-up-token';
    expect((await browser.call('GET', '/console/api/session')).status).toBe(401);
  });

  it('ends a session left idle longer than the idle time', async ({ collector }) => {
    const browser = browserAtNewAddress(collector);
    await browser.signIn(OWNER.email, OWNER.password);
    advance(11 * HOUR);
    expect((await browser.call('GET', '/console/api/session')).status).toBe(200);
    // Used 11 hours in: the idle time counts from then.
    advance(11 * HOUR);
    expect((await browser.call('GET', '/console/api/session')).status).toBe(200);
    advance(12 * HOUR);
    const expired = await browser.call('GET', '/console/api/session');
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('unauthenticated');
  });

  it('ends a session at its absolute end, however busy', async ({ collector }) => {
    const browser = browserAtNewAddress(collector);
    await browser.signIn(OWNER.email, OWNER.password);
    for (let hours = 0; hours < 7 * 24 - 6; hours += 6) {
      advance(6 * HOUR);
      expect((await browser.call('GET', '/console/api/session')).status).toBe(200);
    }
    advance(6 * HOUR);
    expect((await browser.call('GET', '/console/api/session')).status).toBe(401);
  });

  it('signs out this session, and every session with sign-out-everywhere', async ({ collector }) => {
    const laptop = browserAtNewAddress(collector);
    const phone = browserAtNewAddress(collector);
    const tablet = browserAtNewAddress(collector);
    for (const browser of [laptop, phone, tablet]) expect((await browser.signIn(OWNER.email, OWNER.password)).status).toBe(200);
    const tabletCookie = tablet.cookie;
    expect((await tablet.call('DELETE', '/console/api/session')).status).toBe(200);
    expect(tablet.setCookie).toMatch(/Max-Age=0/);
    tablet.cookie = tabletCookie;
    expect((await tablet.call('GET', '/console/api/session')).status).toBe(401);
    expect((await laptop.call('GET', '/console/api/session')).status).toBe(200);

    const phoneCookie = phone.cookie;
    const everywhere = await phone.call('POST', '/console/api/session/sign-out-everywhere');
    expect(everywhere.status).toBe(200);
    phone.cookie = phoneCookie;
    expect((await laptop.call('GET', '/console/api/session')).status).toBe(401);
    expect((await phone.call('GET', '/console/api/session')).status).toBe(401);

    // The next sign-in clears the ended sessions out of the store.
    expect((await laptop.signIn(OWNER.email, OWNER.password)).status).toBe(200);
    const { db } = collector.running.services;
    const owner = await db.selectFrom('console_users').select('id').where('email', '=', OWNER.email).executeTakeFirstOrThrow();
    const left = await db.selectFrom('console_sessions').select(['revoked_at']).where('user_id', '=', owner.id).execute();
    expect(left).toEqual([{ revoked_at: null }]);
  });
});

describe('console guards', () => {
  it('refuses a state-changing call from another origin, or with no origin at all, 403 cross_origin', async ({ collector }) => {
    const browser = browserAtNewAddress(collector);
    await browser.signIn(OWNER.email, OWNER.password);
    const foreign = await browser.call('POST', '/console/api/session/sign-out-everywhere', undefined, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ ok: false, code: 'cross_origin', field: 'origin' });
    const signIn = await browser.call('POST', '/console/api/session', { email: OWNER.email, password: OWNER.password }, { origin: 'https://evil.example' });
    expect(signIn.status).toBe(403);
    // Without Origin, only a browser saying same-origin gets through.
    const bare = await fetch(`${collector.url}/console/api/session/sign-out-everywhere`, { method: 'POST', headers: { cookie: `vouch_session=${browser.cookie}` } });
    expect(bare.status).toBe(403);
    const crossSite = await fetch(`${collector.url}/console/api/session/sign-out-everywhere`, { method: 'POST', headers: { cookie: `vouch_session=${browser.cookie}`, 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    // The session survived every refused call.
    expect((await browser.call('GET', '/console/api/session')).status).toBe(200);
  });

  it('answers a reviewer 403 on an owner route and 404 on a site not theirs', async ({ collector }) => {
    const reviewer = await signedInUser(collector, { email: 'reviewer@shop.example', role: 'reviewer', sites: ['test-shop'] });
    const session = await reviewer.call('GET', '/console/api/session');
    expect(session.body.result).toEqual({
      user: expect.objectContaining({ email: 'reviewer@shop.example', role: 'reviewer', sites: ['test-shop'] }),
      sites: [{ slug: 'test-shop', name: 'Test Shop' }],
    });
    const audit = await reviewer.call('GET', '/console/api/audit');
    expect(audit.status).toBe(403);
    expect(audit.body.code).toBe('forbidden');
    const users = await reviewer.call('GET', '/console/api/users');
    expect(users.status).toBe(403);
    expect((await reviewer.call('GET', '/console/api/sites/test-shop/review-queue')).status).toBe(200);
    for (const site of ['other-shop', 'no-such-shop']) {
      const other = await reviewer.call('GET', `/console/api/sites/${site}/review-queue`);
      expect(other.status, site).toBe(404);
      expect(other.body, site).toMatchObject({ code: 'not_found', field: 'site' });
    }
    // Deciding on another site's referral is refused the same way, before anything is read.
    const { referral } = await makeReferral(collector, { advocate: 'guard.ann@example.com', friend: 'guard.bob@example.com', order: 'GUARD-1' });
    const elsewhere = await reviewer.call('POST', `/console/api/sites/other-shop/referrals/${referral.id}/approve`, { note: 'not mine' });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body).toMatchObject({ code: 'not_found', field: 'site' });
    // And a referral of the reviewer's site named under the wrong site is no referral of that site.
    const owner = browserAtNewAddress(collector);
    await owner.signIn(OWNER.email, OWNER.password);
    const wrongSite = await owner.call('POST', `/console/api/sites/other-shop/referrals/${referral.id}/approve`, {});
    expect(wrongSite.status).toBe(404);
    expect(wrongSite.body).toMatchObject({ code: 'referral_not_found', field: 'id' });
    const queue = await reviewer.call('GET', '/console/api/sites/test-shop/review-queue');
    expect(queue.body.result.referrals.find((item: any) => item.id === referral.id)?.status).toBe('pending');
  });

  it('never answers a site key in any console answer', async ({ collector }) => {
    await makeReferral(collector, { advocate: 'keys.ann@example.com', friend: 'keys.bob@example.com', order: 'KEYS-1' });
    const browser = browserAtNewAddress(collector);
    await browser.signIn(OWNER.email, OWNER.password);
    const answers = await Promise.all([
      browser.call('GET', '/console/api/session'),
      browser.call('GET', '/console/api/sites/test-shop/review-queue'),
      browser.call('GET', '/console/api/sites/test-shop/review-queue?status=blocked'),
      browser.call('GET', '/console/api/audit'),
      browser.call('GET', '/console/api/users'),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      const text = JSON.stringify(answer.body);
      expect(text).not.toContain(collector.apiKey);
      expect(text).not.toContain('sk_other_shop_key_0123456789');
      expect(text).not.toMatch(/password_hash|token_hash|scrypt\$/);
    }
  });
});
