import type { Site } from '../config/site-config.schema';
import { escapeHtml } from '../html-escape';
import { brandLogo, renderPage, type Page } from './html';

/** What the claim page says while the shop is still creating the friend's code, in the site's language. */
const COUPON_ON_ITS_WAY = {
  en: 'Your code is on its way: the shop is still setting it up. Open this link again in a few minutes to see it.',
  fr: 'Votre code arrive : la boutique est en train de le préparer. Rouvrez ce lien dans quelques minutes pour le voir.',
} as const;

/** The day a code ends, as the page says it ("January 31, 2027"); UTC, the day the collector stores. */
const EXPIRY_DAY = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });

/**
 * The friend's landing page: what they get, the coupon when there is one (with the day it ends,
 * when it does; or, while the shop is still creating it, that it is on its way), and the way on
 * to the shop.
 */
export function claimPage(site: Site, destination: string, couponCode: string | null, state: { pending?: boolean; expiresAt?: string | null } = {}): Page {
  const shop = escapeHtml(site.name ?? site.site_slug);
  const reward = escapeHtml(site.friend_reward.incentive_description);
  const isCoupon = site.friend_reward.incentive === 'discount_coupon';
  const coupon =
    isCoupon && couponCode
      ? `<p>Your code, applied at checkout:</p><div class="coupon" aria-label="Coupon code">${escapeHtml(couponCode)}</div>${state.expiresAt ? `<p class="expiry">Use it by ${escapeHtml(EXPIRY_DAY.format(new Date(state.expiresAt)))}.</p>` : ''}`
      : isCoupon && state.pending
        ? `<p class="coupon-pending" role="status" lang="${site.locale}">${COUPON_ON_ITS_WAY[site.locale]}</p>`
        : '';
  return renderPage({
    title: `A gift from a friend: ${site.friend_reward.incentive_description}`,
    brand: site.brand,
    body: `<main>${brandLogo(site.brand, site.name ?? site.site_slug)}<svg class="gift" viewBox="0 0 48 48" width="56" height="56" aria-hidden="true"><rect class="box" x="6" y="18" width="36" height="24" rx="3"/><rect class="lid" x="4" y="12" width="40" height="9" rx="2"/><rect x="21" y="12" width="6" height="30" fill="#fbbf24"/><path d="M24 12c-4-8-12-8-12-3s8 3 12 3c4 0 12 2 12-3s-8-5-12 3z" fill="none" stroke="#fbbf24" stroke-width="3"/></svg><h1>Your friend sent you ${reward}</h1><p>${shop} is giving you ${reward}.</p>${coupon}<a class="button" href="${escapeHtml(destination)}">Continue to ${shop}</a><small>Referral by Vouch</small></main>`,
  });
}

/** What an expired offer's link says, in the site's language. */
const EXPIRED_INVITATION = {
  en: { title: 'This invitation has expired', body: (shop: string) => `Your friend's invitation to ${shop} is no longer valid. Ask them for a new link, or visit ${shop} directly.`, button: (shop: string) => `Visit ${shop}` },
  fr: { title: 'Cette invitation a expiré', body: (shop: string) => `L'invitation de votre ami·e chez ${shop} n'est plus valable. Demandez-lui un nouveau lien, ou rendez-vous directement chez ${shop}.`, button: (shop: string) => `Aller chez ${shop}` },
} as const;

/**
 * The page an expired offer's link shows: branded like the claim page, saying the invitation has
 * expired, with a plain way on to the shop (no visitor uuid: it refers nobody).
 */
export function expiredInvitationPage(site: Site): Page {
  const words = EXPIRED_INVITATION[site.locale];
  const shop = escapeHtml(site.name ?? site.site_slug);
  return renderPage({
    title: words.title,
    brand: site.brand,
    lang: site.locale,
    body: `<main>${brandLogo(site.brand, site.name ?? site.site_slug)}<h1>${words.title}</h1><p>${words.body(shop)}</p><a class="button" href="${escapeHtml(site.destination_url)}">${words.button(shop)}</a><small>Referral by Vouch</small></main>`,
  });
}

/** The page for a visitor over the click rate limit. */
export function tooManyClicksPage(): Page {
  return renderPage({
    title: 'Too many clicks',
    body: '<main><h1>Slow down a little</h1><p>This link was opened too many times in a minute from your network. Try again in a moment.</p></main>',
  });
}

/** A friendly page for a link that does not exist (mistyped, or from a removed site). */
export function linkNotFoundPage(): Page {
  return renderPage({
    title: 'Link not found',
    body: '<main><h1>This link is not valid</h1><p>It may have been mistyped or it has expired. Ask your friend to send it again.</p></main>',
  });
}
