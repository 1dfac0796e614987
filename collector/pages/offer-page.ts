import type { Site } from '../config/site-config.schema';
import { escapeHtml } from '../html-escape';
import { brandLogo, renderPage, type Page } from './html';

/**
 * The advocate's own page for their offer (the offer's show_url): the widget, served by the
 * collector itself, showing the offer inline with every way to share it.
 */
export function offerPage(site: Site, shortUrlCode: string, publicPath: string, shareKey?: string): Page {
  const shop = escapeHtml(site.name ?? site.site_slug);
  return renderPage({
    title: `Share ${site.name ?? site.site_slug} with your friends`,
    lang: site.locale,
    brand: site.brand,
    body: `<main>${brandLogo(site.brand, site.name ?? site.site_slug)}<h1>Share ${shop} with your friends</h1><p>${escapeHtml(site.friend_reward.incentive_description)} for them, ${escapeHtml(site.advocate_reward.incentive_description)} for you.</p><div id="vouch-offer"></div><noscript><p>Turn on JavaScript to share your link.</p></noscript></main>`,
    scripts: [
      'window.vouch=window.vouch||function(){(vouch.q=vouch.q||[]).push(arguments)}',
      `vouch('offer', ${JSON.stringify(shortUrlCode)}, ${JSON.stringify({ target: '#vouch-offer', ...(shareKey ? { shareKey } : {}) })})`,
    ],
    // Below the collector's path prefix, if any: the loader then finds the API beside it.
    externalScripts: [{ src: `${publicPath}/widget/loader.js`, dataSite: site.site_slug }],
  });
}
