import type { ApiRoutes } from '../http/api-routes';
import { shareKeyOf } from '../signing/offer-share-key';
import { OfferParams, OfferQuery } from '../schemas/offer.schema';
import { findPerson } from '../store/person.repository';
import { campaignView } from '../views/campaign.view';
import { offerView } from '../views/offer.view';
import { offerSubject } from './offer-subject';

/** GET /api/v2/offers/:id — an offer by id or short_url_code, with its claim URLs. */
export function registerOfferRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/v2/offers/:id',
      summary: "An offer by its id or short_url_code, with one claim URL per channel and the campaign's rewards. The advocate's email and the share key (for email invites from the browser) only with the secret key.",
      tag: 'Offers',
      access: 'public or secret',
      params: OfferParams,
      query: OfferQuery,
      subject: offerSubject('id'),
    },
    async (c, { site, secret, subject: found }) => {
      const { services } = c.var;
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
