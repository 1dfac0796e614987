import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as v from 'valibot';
import type { Site } from '../config/site-config.schema';
import { findAdvocate } from '../domain/advocate-dashboard';
import { BROWSER_AUTHORITY } from '../domain/record-person';
import { recordOrigin } from '../domain/record-origin';
import type { AppEnv } from '../http/app-env';
import { clientIp } from '../http/client-ip';
import { MAX_PAGE_FORM_BODY_IN_BYTES, pageSite, readOwnPageForm } from '../http/page-form';
import { limitPagePost, sendPage } from '../http/send-page';
import { advocatePageWords } from '../pages/advocate-page-words';
import { crossOriginFormPage } from '../pages/dashboard-page';
import { referralJoinPage, unknownSitePage, type JoinForm } from '../pages/referral-page';
import { Email } from '../schemas/common.schema';
import { latestOfferOf } from '../store/person-profile.repository';

/** Longest first name the page takes: a name, not a paragraph. */
const MAX_FIRST_NAME_IN_CHARS = 100;

/**
 * GET /r/:site_slug — "Refer friends to <shop>": anyone leaves their email (and first name) and
 * is sent on to their offer's page. POST makes them an AffiliateMember origin through the same
 * path the widget's `vouch('affiliate', …)` takes, with a browser's standing: the offer can be
 * shared, but nothing it leads to earns without the merchant's server (see README "Advocate pages").
 * Someone who has an offer already is sent to it, not given a second.
 */
export function registerReferralPageRoutes(app: Hono<AppEnv>): void {
  app.get('/r/:site_slug', (c) => {
    const site = pageSite(c);
    if (!site) return sendPage(c, unknownSitePage(), 404);
    return sendPage(c, referralJoinPage(site, pathsOf(c, site)), 200);
  });

  app.post('/r/:site_slug', bodyLimit({ maxSize: MAX_PAGE_FORM_BODY_IN_BYTES, onError: (c) => c.text('the form is too large', 413) }), async (c) => {
    const site = pageSite(c);
    if (!site) return sendPage(c, unknownSitePage(), 404);
    const fields = await readOwnPageForm(c);
    if (!fields) return sendPage(c, crossOriginFormPage(site), 403);
    const words = advocatePageWords(site.locale);
    const email = v.safeParse(Email, fields.email ?? '');
    const firstName = (fields.first_name ?? '').trim();
    const errors: JoinForm['errors'] = {
      ...(!email.success && { email: words.emailInvalid }),
      ...(firstName.length > MAX_FIRST_NAME_IN_CHARS && { first_name: words.nameTooLong }),
      ...(site.advocate_consent_text && fields.consent !== 'yes' && { consent: words.consentMissing }),
    };
    if (!email.success || Object.keys(errors).length > 0) {
      return sendPage(c, referralJoinPage(site, pathsOf(c, site), { email: fields.email ?? '', firstName, errors }), 422);
    }
    const limited = await limitPagePost(c, site.id, email.output);
    if (limited) return limited;
    const { services } = c.var;
    const code = (await existingOfferCode(c, site, email.output)) ?? (await joinAsAffiliate(c, site, email.output, firstName || null));
    return c.redirect(`${services.publicPath}/o/${code}`, 303);
  });
}

/** The offer an advocate already has (from a purchase, or an earlier join), if any. */
async function existingOfferCode(c: Context<AppEnv>, site: Site, email: string): Promise<string | undefined> {
  const person = await findAdvocate(c.var.services.db, site, email);
  return person ? (await latestOfferOf(c.var.services.db, person.id))?.short_url_code : undefined;
}

/** Records the AffiliateMember origin a browser's word makes: unverified, names not vouched for. */
async function joinAsAffiliate(c: Context<AppEnv>, site: Site, email: string, firstName: string | null): Promise<string> {
  const { services } = c.var;
  const recorded = await recordOrigin(
    services.db,
    site,
    {
      type: 'AffiliateMember',
      person: { email, customer_id: null, first_name: firstName, last_name: null, custom_properties: null },
      order_number: null,
      order_number_is_numeric: false,
      event_category: null,
      event_number: null,
      subtotal: null,
      order_date: null,
      coupon_code: null,
      items: null,
      campaign_tags: null,
      traffic_source: 'referral-page',
      ip_address: clientIp(c),
      visitor_uuid: null,
      device_id: null,
      shipping_address: null,
      shipping_zip: null,
      verified: false,
      authority: BROWSER_AUTHORITY,
    },
    services.clock(),
  );
  for (const problem of recorded.problems) services.logger.warn(problem, { site: site.site_slug });
  return recorded.offer.offer.short_url_code;
}

function pathsOf(c: Context<AppEnv>, site: Site) {
  const { publicPath } = c.var.services;
  return { action: `${publicPath}/r/${site.site_slug}`, dashboard: `${publicPath}/me/${site.site_slug}` };
}
