import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as v from 'valibot';
import type { Site } from '../config/site-config.schema';
import { advocateDashboard, findAdvocate } from '../domain/advocate-dashboard';
import { isSignInLinkLive, redeemSignInLink, requestSignInLink, SIGN_IN_LINK_LIFETIME_IN_MINUTES } from '../domain/advocate-sign-in';
import { ApiError } from '../http/api-error';
import type { AppEnv } from '../http/app-env';
import { advocateSessionEmail, endAdvocateSession, startAdvocateSession } from '../http/advocate-session';
import { MAX_PAGE_FORM_BODY_IN_BYTES, pageSite, readOwnPageForm } from '../http/page-form';
import { lookUpByCode } from '../http/rate-limit';
import { limitPagePost, sendPage, sendTooManyClicksPage } from '../http/send-page';
import { advocatePageWords } from '../pages/advocate-page-words';
import { crossOriginFormPage, dashboardPage, signInInvalidPage, signInOpenPage, signInRequestPage, signInSentPage } from '../pages/dashboard-page';
import { unknownSitePage } from '../pages/referral-page';
import { Email } from '../schemas/common.schema';

/** A sign-in token: 32 random bytes, base64url. */
const SIGN_IN_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/**
 * The least time a sign-in request takes to answer: a known address writes a link and a mail,
 * an unknown one writes nothing, and the difference must not tell them apart.
 */
const MIN_SIGN_IN_ANSWER_IN_MS = 250;

const formLimit = bodyLimit({ maxSize: MAX_PAGE_FORM_BODY_IN_BYTES, onError: (c) => c.text('the form is too large', 413) });

/**
 * The advocate dashboard, /me/:site_slug: without a session it asks for an email and mails a
 * one-time sign-in link (answering the same for any address); the link's button signs in with
 * a short session cookie; with one, it shows the advocate's link, referrals and rewards.
 */
export function registerDashboardPageRoutes(app: Hono<AppEnv>): void {
  app.get('/me/:site_slug', async (c) => {
    const site = pageSite(c);
    if (!site) return sendPage(c, unknownSitePage(), 404);
    const email = advocateSessionEmail(c, site);
    const person = email ? await findAdvocate(c.var.services.db, site, email) : undefined;
    if (!person) return sendPage(c, signInRequestPage(site, paths(c, site).dashboard), 200);
    const dashboard = await advocateDashboard(c.var.services.db, site, person);
    return sendPage(c, dashboardPage(site, dashboard, { publicPath: c.var.services.publicPath, signOut: paths(c, site).signOut }), 200);
  });

  app.post('/me/:site_slug', formLimit, async (c) => {
    const site = pageSite(c);
    if (!site) return sendPage(c, unknownSitePage(), 404);
    const startedAt = Date.now();
    const fields = await readOwnPageForm(c);
    if (!fields) return sendPage(c, crossOriginFormPage(site), 403);
    const email = v.safeParse(Email, fields.email ?? '');
    if (!email.success) return sendPage(c, signInRequestPage(site, paths(c, site).dashboard, { email: fields.email ?? '', error: advocatePageWords(site.locale).emailInvalid }), 422);
    const limited = await limitPagePost(c, site.id, email.output);
    if (limited) return limited;
    const { services } = c.var;
    if (await requestSignInLink(services.db, site, services.publicUrl, email.output, services.clock())) services.wakeOutbox();
    const rest = MIN_SIGN_IN_ANSWER_IN_MS - (Date.now() - startedAt);
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
    return sendPage(c, signInSentPage(site, paths(c, site).dashboard, SIGN_IN_LINK_LIFETIME_IN_MINUTES), 200);
  });

  app.get('/me/:site_slug/link/:token', async (c) => {
    const site = pageSite(c);
    if (!site) return sendPage(c, unknownSitePage(), 404);
    const token = c.req.param('token');
    const { services } = c.var;
    try {
      // Misses are limited per address like unknown claim codes: guessing tokens goes no faster.
      const live = await lookUpByCode(c, async () => (SIGN_IN_TOKEN_PATTERN.test(token) && (await isSignInLinkLive(services.db, site, token, services.clock())) ? true : undefined));
      if (!live) return sendPage(c, signInInvalidPage(site, paths(c, site).dashboard), 404);
    } catch (error) {
      if (error instanceof ApiError) return sendTooManyClicksPage(c, error);
      throw error;
    }
    return sendPage(c, signInOpenPage(site, `${services.publicPath}${c.req.path}`), 200);
  });

  app.post('/me/:site_slug/link/:token', formLimit, async (c) => {
    const site = pageSite(c);
    if (!site) return sendPage(c, unknownSitePage(), 404);
    if (!(await readOwnPageForm(c))) return sendPage(c, crossOriginFormPage(site), 403);
    const token = c.req.param('token');
    const { services } = c.var;
    const person = SIGN_IN_TOKEN_PATTERN.test(token) ? await redeemSignInLink(services.db, site, token, services.clock()) : undefined;
    if (!person?.email) return sendPage(c, signInInvalidPage(site, paths(c, site).dashboard), 404);
    startAdvocateSession(c, site, person.email);
    return c.redirect(paths(c, site).dashboard, 303);
  });

  app.post('/me/:site_slug/sign-out', formLimit, async (c) => {
    const site = pageSite(c);
    if (!site) return sendPage(c, unknownSitePage(), 404);
    if (!(await readOwnPageForm(c))) return sendPage(c, crossOriginFormPage(site), 403);
    endAdvocateSession(c, site);
    return c.redirect(paths(c, site).dashboard, 303);
  });
}

function paths(c: Context<AppEnv>, site: Site) {
  const base = `${c.var.services.publicPath}/me/${site.site_slug}`;
  return { dashboard: base, signOut: `${base}/sign-out` };
}
