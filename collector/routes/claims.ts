import type { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../http/app-env';
import { sendPage, sendTooManyClicksPage } from '../http/send-page';
import { clientIp } from '../http/client-ip';
import { claimDestination } from '../config/claim-destination';
import { visitorCookieValue, visitorFromCookie } from '../signing/visitor-cookie';
import { VISITOR_UUID_NAME } from '../contract/visitor-uuid';
import { recordClaim } from '../domain/record-claim';
import { claimPage, linkNotFoundPage } from '../pages/claim-page';
import { ApiError } from '../http/api-error';
import { enforcePublicRateLimit, lookUpByCode } from '../http/rate-limit';
import { findClaimLink } from '../store/offer.repository';

const VISITOR_COOKIE_MAX_AGE_IN_SECONDS = 365 * 24 * 3600;
const CODE_PATTERN = /^[A-Za-z0-9]{4,32}$/;

/**
 * GET /x/:code — the link a friend clicks. Records the click, then shows the claim page or
 * redirects straight to the merchant (per site), always with the visitor uuid and only to the
 * site's allowed hosts.
 */
export function registerClaimRoutes(app: Hono<AppEnv>): void {
  app.get('/x/:code', async (c) => {
    const { services } = c.var;
    const code = c.req.param('code');
    let found;
    try {
      found = await lookUpByCode(c, async () => {
        const link = CODE_PATTERN.test(code) ? await findClaimLink(services.db, code) : undefined;
        const site = link && services.sites.byId(link.site_id);
        return link && site ? { link, site } : undefined;
      });
      if (found) await enforcePublicRateLimit(c);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return sendTooManyClicksPage(c, error);
    }
    if (!found) return sendPage(c, linkNotFoundPage(), 404);
    const { link, site } = found;

    // Only a uuid this collector issued (its tag checks out) is the same visitor: a copied one is a new visitor.
    const visitorUuid = visitorFromCookie(site.api_key, getCookie(c, VISITOR_UUID_NAME)) ?? crypto.randomUUID();
    // HEAD comes from link previews (chat apps, crawlers), not from a friend: no claim.
    if (c.req.method === 'GET') {
      await recordClaim(services, site, link, { uuid: visitorUuid, ip: clientIp(c), userAgent: c.req.header('user-agent') ?? null });
    }
    // The collector's own cookie: the uuid and its tag, so repeat clicks are the same visitor.
    setCookie(c, VISITOR_UUID_NAME, visitorCookieValue(site.api_key, visitorUuid), {
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
      secure: new URL(c.req.url).protocol === 'https:' || services.publicUrl.startsWith('https:'),
      maxAge: VISITOR_COOKIE_MAX_AGE_IN_SECONDS,
    });

    const coupon = site.friend_reward.incentive === 'discount_coupon' ? link.friend_coupon_code : null;
    const destination = claimDestination(site, visitorUuid, coupon, c.req.query('to'));
    if (site.show_claim_page) return sendPage(c, claimPage(site, destination, coupon), 200);
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return c.redirect(destination, 302);
  });
}
