import * as v from 'valibot';
import { ApiError } from '../http/api-error';
import type { ApiRoutes } from '../http/api-routes';
import { lookUpByCode } from '../http/rate-limit';
import { admitPublicCall, hasApiKey, requireSecretSite } from '../http/site-access';
import { shareKeyOf } from '../signing/offer-share-key';
import { ApiKey, SiteSlug } from '../schemas/common.schema';
import { findOffer } from '../store/offer.repository';
import { findPerson } from '../store/person.repository';
import { campaignView } from '../views/campaign.view';
import { offerView } from '../views/offer.view';

const OfferQuery = v.object({ site_slug: v.optional(SiteSlug), api_key: v.optional(ApiKey) });

/** GET /api/v2/offers/:id — an offer by id or short_url_code, with its claim URLs. */
export function registerOfferRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/v2/offers/:id',
      summary: "An offer by its id or short_url_code, with one claim URL per channel and the campaign's rewards. The advocate's email and the share key (for email invites from the browser) only with the secret key.",
      tag: 'Offers',
      access: 'public or secret',
      query: OfferQuery,
    },
    async (c, { query }) => {
      const { services } = c.var;
      const secret = hasApiKey(c, query.api_key);
      const secretSite = secret ? requireSecretSite(c, query.site_slug, query.api_key) : undefined;
      const lookUp = async () => {
        const found = await findOffer(services.db, c.req.param('id') ?? '');
        const site = found && services.sites.byId(found.offer.site_id);
        const matches = found && site && (query.site_slug === undefined || site.site_slug === query.site_slug) && (!secretSite || secretSite === site);
        return matches ? { ...found, site } : undefined;
      };
      // The secret key's holder is the merchant's own server: its misses are not limited.
      const found = secret ? await lookUp() : await lookUpByCode(c, lookUp);
      if (!found) throw ApiError.notFound('id', 'offer');
      const { site } = found;
      if (!secret) admitPublicCall(c, site);
      const email = secret ? ((await findPerson(services.db, found.offer.person_id))?.email ?? null) : undefined;
      return c.json({
        ok: true,
        result: {
          offer: offerView(found.offer, found.links, services.publicUrl, email, secret ? shareKeyOf(site.api_key, found.offer.id) : undefined),
          campaign: campaignView(site),
        },
      });
    },
  );
}
