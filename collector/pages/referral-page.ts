import type { Site } from '../config/site-config.schema';
import { escapeHtml } from '../html-escape';
import { advocatePageWords } from './advocate-page-words';
import { brandLogo, renderPage, type Page } from './html';

/** What the join form holds when it is shown again, and what was wrong with it. */
export interface JoinForm {
  email?: string;
  firstName?: string;
  errors?: Partial<Record<'email' | 'first_name' | 'consent' | 'form', string>>;
}

/**
 * The standalone referral page (GET /r/<site_slug>): anyone leaves their email (and first name),
 * ticks the shop's consent when the site asks for one, and is sent on to their offer's page.
 */
export function referralJoinPage(site: Site, paths: { action: string; dashboard: string }, form: JoinForm = {}): Page {
  const words = advocatePageWords(site.locale);
  const shopName = site.name ?? site.site_slug;
  const errors = form.errors ?? {};
  const field = (name: 'email' | 'first_name') => (errors[name] ? ` aria-invalid="true" aria-describedby="${name}-error"` : '');
  const message = (name: 'email' | 'first_name' | 'consent') => (errors[name] ? `<p class="error" id="${name}-error">${escapeHtml(errors[name])}</p>` : '');
  const consent = site.advocate_consent_text
    ? `<label class="check"><input type="checkbox" name="consent" value="yes" required${errors.consent ? ' aria-invalid="true" aria-describedby="consent-error"' : ''}><span>${escapeHtml(site.advocate_consent_text)}</span></label>${message('consent')}`
    : '';
  const alert = Object.keys(errors).length > 0 ? `<p class="alert" role="alert">${escapeHtml(errors.form ?? words.fixBelow)}</p>` : '';
  return renderPage({
    title: words.joinTitle(shopName),
    lang: site.locale,
    brand: site.brand,
    formsPostToSelf: true,
    body: `<main>${brandLogo(site.brand, shopName)}<h1>${escapeHtml(words.joinTitle(shopName))}</h1><p>${escapeHtml(words.joinIntro(site.friend_reward.incentive_description, site.advocate_reward.incentive_description))}</p>${alert}<form method="post" action="${escapeHtml(paths.action)}" novalidate><label for="email">${words.email}</label><input id="email" name="email" type="email" autocomplete="email" required maxlength="254" value="${escapeHtml(form.email ?? '')}"${field('email')}>${message('email')}<label for="first_name">${words.firstName}</label><input id="first_name" name="first_name" type="text" autocomplete="given-name" maxlength="100" value="${escapeHtml(form.firstName ?? '')}"${field('first_name')}>${message('first_name')}${consent}<button class="button" type="submit">${words.join}</button></form><p>${words.haveLink} <a href="${escapeHtml(paths.dashboard)}">${words.seeReferrals}</a></p></main>`,
  });
}

/** A referral or dashboard page of a site that is not configured (a mistyped address). */
export function unknownSitePage(): Page {
  return renderPage({
    title: 'Page not found',
    body: '<main><h1>This page does not exist</h1><p>The address may have been mistyped. Open it again from the shop’s website.</p></main>',
  });
}
