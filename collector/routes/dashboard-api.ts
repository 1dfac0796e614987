import * as v from 'valibot';
import { advocateDashboard, findAdvocate } from '../domain/advocate-dashboard';
import { offerAnswerFacts } from '../domain/offer-answer';
import { ApiError } from '../http/api-error';
import type { ApiRoutes } from '../http/api-routes';
import { SiteSlug } from '../schemas/common.schema';
import { checkDashboardToken } from '../signing/dashboard-token';
import { findOffer } from '../store/offer.repository';
import { campaignView } from '../views/campaign.view';
import { offerView } from '../views/offer.view';

const DashboardBody = v.object({
  site_slug: SiteSlug,
  // base64url of "<email>.<expiry>.<64 hex>": a few hundred characters at most.
  token: v.pipe(v.string(), v.minLength(1), v.maxLength(500), v.regex(/^[A-Za-z0-9_-]+=*$/, 'must be a dashboard token (base64url)')),
});

/**
 * POST /api/v2/dashboard — what `vouch('dashboard', {token})` shows: the advocate's offer, their
 * referrals with the reason for each in words, their rewards and totals, for a token the shop's
 * server minted (see README "Server-minted dashboard tokens"). The token is the only credential.
 */
export function registerDashboardApiRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'post',
      path: '/api/v2/dashboard',
      summary:
        "An advocate's dashboard (offer, referrals with reasons, rewards, totals) for a dashboard token the shop's server minted: HMAC-SHA256 with the site's secret key over the email and an expiry at most an hour away.",
      tag: 'Advocates',
      access: 'public',
      body: DashboardBody,
    },
    async (c, { body, site }) => {
      const { services } = c.var;
      const checked = checkDashboardToken(site.api_key, site.site_slug, body.token, services.clock());
      if ('refused' in checked) {
        throw checked.refused === 'expired'
          ? ApiError.refused(401, 'dashboard_token_expired', 'token', 'has expired, or expires more than an hour from now: mint a new one')
          : ApiError.refused(401, 'dashboard_token_invalid', 'token', "is not signed with this site's secret key (see the README's dashboard token format)");
      }
      const person = await findAdvocate(services.db, site, checked.email);
      const dashboard = person ? await advocateDashboard(services.db, site, person) : undefined;
      const found = dashboard?.short_url_code ? await findOffer(services.db, dashboard.short_url_code) : undefined;
      if (!dashboard || !found) throw ApiError.refused(404, 'not_an_advocate', 'token', 'names an address with no referral link on this site yet');
      const facts = await offerAnswerFacts(services.db, site, found.offer);
      return c.json({
        ok: true,
        result: {
          offer: offerView(site, found.offer, found.links, facts, services.publicUrl),
          campaign: campaignView(site, found.offer, facts.campaignTags),
          dashboard: { referrals: dashboard.referrals, rewards: dashboard.rewards, totals: dashboard.totals },
        },
      });
    },
  );
}
