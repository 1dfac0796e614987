import type { Site } from '../config/site-config.schema';
import type { AdvocateDashboard } from '../domain/advocate-dashboard';
import { readableDay } from '../domain/advocate-referral-words';
import { escapeHtml } from '../html-escape';
import { advocatePageWords } from './advocate-page-words';
import { brandLogo, renderPage, type Page } from './html';

const shopOf = (site: Site) => site.name ?? site.site_slug;

/** GET /me/<site_slug> without a session: the advocate asks for a sign-in link. */
export function signInRequestPage(site: Site, action: string, form: { email?: string; error?: string } = {}): Page {
  const words = advocatePageWords(site.locale);
  const invalid = form.error ? ' aria-invalid="true" aria-describedby="email-error"' : '';
  return renderPage({
    title: words.signInTitle(shopOf(site)),
    lang: site.locale,
    brand: site.brand,
    formsPostToSelf: true,
    body: `<main>${brandLogo(site.brand, shopOf(site))}<h1>${escapeHtml(words.signInTitle(shopOf(site)))}</h1><p>${words.signInIntro}</p><form method="post" action="${escapeHtml(action)}" novalidate><label for="email">${words.email}</label><input id="email" name="email" type="email" autocomplete="email" required maxlength="254" value="${escapeHtml(form.email ?? '')}"${invalid}>${form.error ? `<p class="error" id="email-error">${escapeHtml(form.error)}</p>` : ''}<button class="button" type="submit">${words.sendLink}</button></form></main>`,
  });
}

/** After the request: the same words whether or not the address is known. */
export function signInSentPage(site: Site, requestPath: string, lifetimeInMinutes: number): Page {
  const words = advocatePageWords(site.locale);
  return renderPage({
    title: words.sentTitle,
    lang: site.locale,
    brand: site.brand,
    body: `<main>${brandLogo(site.brand, shopOf(site))}<h1>${words.sentTitle}</h1><p role="status">${escapeHtml(words.sentBody(lifetimeInMinutes))}</p><p><a href="${escapeHtml(requestPath)}">${words.tryAgain}</a></p></main>`,
  });
}

/**
 * What a mailed link opens: a button. Opening the link uses nothing up, because mail scanners
 * and link previews open links by GET; only the button's POST signs in.
 */
export function signInOpenPage(site: Site, action: string): Page {
  const words = advocatePageWords(site.locale);
  return renderPage({
    title: words.openTitle(shopOf(site)),
    lang: site.locale,
    brand: site.brand,
    formsPostToSelf: true,
    body: `<main>${brandLogo(site.brand, shopOf(site))}<h1>${escapeHtml(words.openTitle(shopOf(site)))}</h1><p>${words.openBody}</p><form method="post" action="${escapeHtml(action)}"><button class="button" type="submit">${words.open}</button></form></main>`,
  });
}

/** A wrong, expired or used link or token: said plainly, with the way to a new one. */
export function signInInvalidPage(site: Site, requestPath: string): Page {
  const words = advocatePageWords(site.locale);
  return renderPage({
    title: words.invalidTitle,
    lang: site.locale,
    brand: site.brand,
    body: `<main>${brandLogo(site.brand, shopOf(site))}<h1>${words.invalidTitle}</h1><p>${words.invalidBody}</p><a class="button" href="${escapeHtml(requestPath)}">${words.askNew}</a></main>`,
  });
}

/** A form post from another origin (or with no origin a browser would send): nothing was done. */
export function crossOriginFormPage(site: Site): Page {
  const words = advocatePageWords(site.locale);
  return renderPage({ title: words.fixBelow, lang: site.locale, brand: site.brand, body: `<main><h1>${words.fixBelow}</h1><p>${words.crossOrigin}</p></main>` });
}

/**
 * The advocate's dashboard: their link and share buttons (the widget, inline), their totals,
 * each referral (the friend masked, the date, the status and why) and each reward.
 */
export function dashboardPage(site: Site, dashboard: AdvocateDashboard, paths: { publicPath: string; signOut: string }): Page {
  const words = advocatePageWords(site.locale);
  const day = (iso: string) => `<time datetime="${escapeHtml(iso)}">${escapeHtml(readableDay(site.locale, iso))}</time>`;
  const referrals = dashboard.referrals.length
    ? `<ul class="list">${dashboard.referrals
        .map((referral) => `<li><div class="line"><span class="who">${escapeHtml(referral.friend)}</span>${day(referral.created_at)}</div><p><strong class="badge ${referral.status}">${words.statusWords[referral.status]}</strong> ${escapeHtml(referral.reason)}</p></li>`)
        .join('')}</ul>`
    : `<p>${words.noReferrals}</p>`;
  const rewards = dashboard.rewards.length
    ? `<ul class="list">${dashboard.rewards
        .map(
          (reward) =>
            `<li><div class="line"><span>${escapeHtml(reward.description)}${reward.amount !== null && reward.description.includes('%') ? ` · ${escapeHtml(amountText(site, reward.amount))}` : ''}</span>${day(reward.created_at)}</div><p><strong class="badge ${reward.status}">${words.rewardStatusWords[reward.status]}</strong>${reward.coupon_code ? ` ${words.code}: <span class="coupon-code">${escapeHtml(reward.coupon_code)}</span>` : ''}</p></li>`,
        )
        .join('')}</ul>`
    : `<p>${words.noRewards}</p>`;
  const { totals } = dashboard;
  const share = dashboard.short_url_code
    ? `<h2>${words.yourLink}</h2><div id="vouch-offer"></div><noscript><p>${words.noScript}</p></noscript>`
    : '';
  return renderPage({
    title: words.signInTitle(shopOf(site)),
    lang: site.locale,
    brand: site.brand,
    formsPostToSelf: true,
    body: `<main class="wide">${brandLogo(site.brand, shopOf(site))}<h1>${escapeHtml(words.signInTitle(shopOf(site)))}</h1>${share}<h2>${words.totals}</h2><dl class="totals"><div><dt>${words.totalReferrals}</dt><dd>${totals.referrals}</dd></div><div><dt>${words.totalApproved}</dt><dd>${totals.approved}</dd></div><div><dt>${words.totalPending}</dt><dd>${totals.pending}</dd></div><div><dt>${words.totalRewards}</dt><dd>${totals.rewards_approved}</dd></div></dl><h2>${words.referrals}</h2>${referrals}<h2>${words.rewards}</h2>${rewards}<div class="signed-in"><span>${escapeHtml(words.signedInAs(dashboard.email))}</span><form method="post" action="${escapeHtml(paths.signOut)}"><button class="link-button" type="submit">${words.signOut}</button></form></div></main>`,
    ...(dashboard.short_url_code
      ? {
          scripts: [
            'window.vouch=window.vouch||function(){(vouch.q=vouch.q||[]).push(arguments)}',
            `vouch('offer', ${JSON.stringify(dashboard.short_url_code)}, ${JSON.stringify({ target: '#vouch-offer', dashboardLink: false })})`,
          ],
          externalScripts: [{ src: `${paths.publicPath}/widget/loader.js`, dataSite: site.site_slug }],
        }
      : {}),
  });
}

function amountText(site: Site, amount: number): string {
  return new Intl.NumberFormat(site.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
}
