import type { Site } from '../config/site-config.schema';
import { escapeHtml } from '../html-escape';
import { renderPage, type Page } from './html';

/**
 * The page an invite's unsubscribe link opens: a question and a button. Visiting it changes
 * nothing, because mail scanners and link previews open links by GET; only the button's POST
 * (or a mail client's RFC 8058 one-click POST) suppresses the address.
 */
export function unsubscribeConfirmPage(site: Site, email: string, actionPath: string): Page {
  const shop = escapeHtml(site.name ?? site.site_slug);
  return renderPage({
    title: `Stop invites from ${site.name ?? site.site_slug}`,
    formsPostToSelf: true,
    brand: site.brand,
    body: `<main><h1>Stop invites from ${shop}?</h1><p>Friends who shop at ${shop} will no longer be able to send invites to <strong>${escapeHtml(email)}</strong>.</p><form method="post" action="${escapeHtml(actionPath)}"><input type="hidden" name="confirm" value="yes"><button class="button" type="submit">Unsubscribe</button></form></main>`,
  });
}

/** After the POST: the address is on the site's suppression list. */
export function unsubscribedPage(site: Site, email: string): Page {
  const shop = escapeHtml(site.name ?? site.site_slug);
  return renderPage({
    title: 'Unsubscribed',
    brand: site.brand,
    body: `<main><h1>You are unsubscribed</h1><p>${shop} will send no more invites to <strong>${escapeHtml(email)}</strong>.</p></main>`,
  });
}

/** An unsubscribe link that was altered, or belongs to a site that is no longer configured. */
export function unsubscribeLinkInvalidPage(): Page {
  return renderPage({
    title: 'Link not valid',
    body: '<main><h1>This unsubscribe link is not valid</h1><p>It may have been cut or mistyped. Open it again from the invite, or reply to the sender.</p></main>',
  });
}
