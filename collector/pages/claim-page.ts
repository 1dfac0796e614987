import type { Site } from '../config/site-config.schema';
import { escapeHtml, renderPage, type Page } from './html';

/** The friend's landing page: what they get, the coupon when there is one, and the way on to the shop. */
export function claimPage(site: Site, destination: string, couponCode: string | null): Page {
  const shop = escapeHtml(site.name ?? site.site_slug);
  const reward = escapeHtml(site.friend_reward.incentive_description);
  const coupon =
    site.friend_reward.incentive === 'discount_coupon' && couponCode
      ? `<p>Your code, applied at checkout:</p><div class="coupon" aria-label="Coupon code">${escapeHtml(couponCode)}</div>`
      : '';
  return renderPage({
    title: `A gift from a friend: ${site.friend_reward.incentive_description}`,
    body: `<main><div class="gift" aria-hidden="true">🎁</div><h1>Your friend sent you ${reward}</h1><p>${shop} is giving you ${reward}.</p>${coupon}<a class="button" href="${escapeHtml(destination)}">Continue to ${shop}</a><small>Referral by Vouch</small></main>`,
  });
}

/** A friendly page for a link that does not exist (mistyped, or from a removed site). */
export function linkNotFoundPage(): Page {
  return renderPage({
    title: 'Link not found',
    body: '<main><h1>This link is not valid</h1><p>It may have been mistyped or it has expired. Ask your friend to send it again.</p></main>',
  });
}
