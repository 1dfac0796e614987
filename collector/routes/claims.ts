import type { Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../http/app-env';
import { sendPage, sendTooManyClicksPage } from '../http/send-page';
import { clientIp } from '../http/client-ip';
import { claimDestination } from '../config/claim-destination';
import { offerCampaignSettings } from '../config/site-campaigns';
import { visitorCookieValue, visitorFromCookie } from '../signing/visitor-cookie';
import { UUID_PATTERN, VISITOR_UUID_NAME } from '../contract/visitor-uuid';
import { DEVICE_ID_NAME } from '../contract/device-id';
import { referrerOrigin } from '../http/referrer-origin';
import { recordClaim } from '../domain/record-claim';
import { friendCouponToShow, requestMissingFriendCoupon } from '../domain/shop-coupons';
import { claimPage, expiredInvitationPage, linkNotFoundPage } from '../pages/claim-page';
import { isOfferExpired } from '../domain/offer-expiry';
import { ApiError } from '../http/api-error';
import { enforcePublicRateLimit, lookUpByCode } from '../http/rate-limit';
import { findClaimLink } from '../store/offer.repository';
import { enqueueFriendCoupon } from '../mail/friend-coupon-mail';

const VISITOR_COOKIE_MAX_AGE_IN_SECONDS = 365 * 24 * 3600;
/** The collector's own tagged cookie when it shares the shop's origin, where vouch_uuid is the shop's. */
const SAME_ORIGIN_VISITOR_COOKIE = 'vouch_visitor';
const CODE_PATTERN = /^[A-Za-z0-9]{4,32}$/;

/**
 * GET /x/:code — the link a friend clicks. Records the click, then shows the claim page or
 * redirects straight to the merchant (per site), always with the visitor uuid and only to the
 * site's allowed hosts; an expired offer's link shows that the invitation has expired.
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
        // The claim page and the friend's coupon are the offer's campaign's.
        return link && site ? { link, site: offerCampaignSettings(site, link) } : undefined;
      });
      if (found) await enforcePublicRateLimit(c);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return sendTooManyClicksPage(c, error);
    }
    if (!found) return sendPage(c, linkNotFoundPage(), 404);
    const { link, site } = found;
    // An expired offer's links say so, in the shop's colours, and record no claim: they refer nobody any more.
    if (isOfferExpired(site, link.offer_created_at, services.clock())) return sendPage(c, expiredInvitationPage(site), 410);

    // Only a uuid this collector issued (its tag checks out) is the same visitor: a copied one is a new visitor.
    const visitorUuid =
      visitorFromCookie(site.api_key, getCookie(c, SAME_ORIGIN_VISITOR_COOKIE)) ?? visitorFromCookie(site.api_key, getCookie(c, VISITOR_UUID_NAME)) ?? crypto.randomUUID();
    // HEAD comes from link previews (chat apps, crawlers), not from a friend: no claim.
    if (c.req.method === 'GET') {
      await recordClaim(services, site, link, {
        uuid: visitorUuid,
        ip: clientIp(c),
        userAgent: c.req.header('user-agent') ?? null,
        referrer: referrerOrigin(c.req.header('referer')),
        // Only there when the link is on the shop's own origin, where the widget keeps it (and only after consent, where asked).
        deviceId: deviceIdOf(getCookie(c, DEVICE_ID_NAME)),
      });
    }

    // A code the shop has not created yet is not shown, nor put on the landing URL: it would not apply at checkout.
    if (site.friend_reward.incentive === 'discount_coupon' && (await requestMissingFriendCoupon(services.db, site, link.offer_id, link.friend_coupon_code, services.clock()))) services.wakeOutbox();
    const shown = site.friend_reward.incentive === 'discount_coupon' ? await friendCouponToShow(services.db, site, link.friend_coupon_code) : { code: null, pending: false };
    const destination = claimDestination(site, visitorUuid, shown.code, c.req.query('to'));
    // A friend who opens the link of the invite sent to their address gets the code by email too (emails.friend_coupon), once.
    if (c.req.method === 'GET' && site.emails.friend_coupon && link.recipient_email && shown.code) {
      const claim = { linkId: link.link_id, email: link.recipient_email, couponCode: shown.code, couponExpiresAt: link.friend_coupon_expires_at ?? null, shopUrl: destination };
      if (await enqueueFriendCoupon(services.db, site, services.publicUrl, claim, services.clock())) services.wakeOutbox();
    }
    // The visitor cookies (the collector's own, so repeat clicks are one visitor, and on the shop's
    // own origin the shop's), unless the site keeps cookies for consent: claim_cookie false.
    if (site.claim_cookie) setVisitorCookies(c, site.api_key, visitorUuid, new URL(destination).origin === services.publicOrigin);
    if (site.show_claim_page) {
      return sendPage(c, claimPage(site, destination, shown.code, { pending: shown.pending, expiresAt: shown.code ? link.friend_coupon_expires_at : null }), 200);
    }
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return c.redirect(destination, 302);
  });
}

/**
 * Remembers the visitor. On its own host the collector keeps the uuid and its tag in an HttpOnly
 * `vouch_uuid`, so repeat clicks are the same visitor. Mounted under the shop's own origin (the
 * friend lands where the claim link is), it also sets the shop's first-party `vouch_uuid` itself:
 * the plain uuid, readable by the widget (and the shop's server) on every page, set by an HTTP
 * header, so Safari keeps it for its whole life instead of the 7 days it gives cookies scripts
 * write. Its tagged cookie then takes another name and goes only to the claim links.
 */
function setVisitorCookies(c: Context<AppEnv>, siteKey: string, visitorUuid: string, sameOrigin: boolean): void {
  const { services } = c.var;
  const options = {
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:' || services.publicUrl.startsWith('https:'),
    maxAge: VISITOR_COOKIE_MAX_AGE_IN_SECONDS,
  } as const;
  const tagged = visitorCookieValue(siteKey, visitorUuid);
  if (!sameOrigin) {
    setCookie(c, VISITOR_UUID_NAME, tagged, { ...options, path: '/', httpOnly: true });
    return;
  }
  setCookie(c, VISITOR_UUID_NAME, visitorUuid, { ...options, path: '/' });
  setCookie(c, SAME_ORIGIN_VISITOR_COOKIE, tagged, { ...options, path: `${services.publicPath}/x`, httpOnly: true });
}

/** The device id cookie's value when it is one the widget could have made (a uuid), else null. */
function deviceIdOf(cookie: string | undefined): string | null {
  return cookie && UUID_PATTERN.test(cookie) ? cookie : null;
}
