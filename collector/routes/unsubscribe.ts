import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as v from 'valibot';
import type { Site } from '../config/site-config.schema';
import type { AppEnv } from '../http/app-env';
import { sendPage } from '../http/send-page';
import { emailFromUnsubscribeToken } from '../signing/unsubscribe-token';
import { unsubscribeConfirmPage, unsubscribedPage, unsubscribeLinkInvalidPage } from '../pages/unsubscribe-page';
import { recordUnsubscribe } from '../domain/record-unsubscribe';

/** The form's field or the RFC 8058 body "List-Unsubscribe=One-Click": a few bytes. */
const MAX_UNSUBSCRIBE_BODY_IN_BYTES = 1024;

const UnsubscribeParams = v.object({
  site_slug: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/)),
  // base64url of the address, a dot, 32 characters of base64url MAC (see unsubscribe-token.ts).
  token: v.pipe(v.string(), v.maxLength(400), v.regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{32}$/)),
});

/**
 * GET /u/:site_slug/:token shows a confirmation page; POST (its button, or a mail client's
 * one-click unsubscribe) puts the address on the site's suppression list, so no advocate can
 * invite it again (and the Unsubscribe web hook goes out). The token is an HMAC of the address: nobody can unsubscribe someone else.
 */
export function registerUnsubscribeRoutes(app: Hono<AppEnv>): void {
  app.get('/u/:site_slug/:token', (c) => {
    const found = recipientOf(c);
    if (!found) return sendPage(c, unsubscribeLinkInvalidPage(), 404);
    // The form posts back here, below the collector's path prefix when it has one.
    return sendPage(c, unsubscribeConfirmPage(found.site, found.email, `${c.var.services.publicPath}${c.req.path}`), 200);
  });

  app.post(
    '/u/:site_slug/:token',
    bodyLimit({ maxSize: MAX_UNSUBSCRIBE_BODY_IN_BYTES, onError: (c) => c.text('the body is too large', 413) }),
    async (c) => {
      const found = recipientOf(c);
      if (!found) return sendPage(c, unsubscribeLinkInvalidPage(), 404);
      const oneClick = /(^|&)List-Unsubscribe=One-Click(&|$)/.test(await c.req.text());
      const { services } = c.var;
      const webhookIds = await recordUnsubscribe(services.db, found.site, found.email, oneClick ? 'list_unsubscribe' : 'unsubscribe_link');
      if (webhookIds.length > 0) services.wakeOutbox();
      services.logger.info('email unsubscribed from invites', { site: found.site.site_slug, via: oneClick ? 'one-click' : 'page' });
      return sendPage(c, unsubscribedPage(found.site, found.email), 200);
    },
  );
}

/** The site and address a well-formed token with a valid MAC names, or undefined. */
function recipientOf(c: Context<AppEnv>): { site: Site; email: string } | undefined {
  const params = v.safeParse(UnsubscribeParams, c.req.param());
  if (!params.success) return undefined;
  const site = c.var.services.sites.bySlug(params.output.site_slug);
  const email = site && emailFromUnsubscribeToken(site.api_key, site.site_slug, params.output.token);
  return site && email ? { site, email } : undefined;
}
