import * as v from 'valibot';
import type { Context } from 'hono';
import { ApiError } from '../http/api-error';
import type { AppEnv } from '../http/app-env';
import type { ApiRoutes } from '../http/api-routes';
import { shareKeyOf } from '../signing/offer-share-key';
import { offerAnswerFacts } from '../domain/offer-answer';
import { sharingLinks } from '../domain/sharing-links';
import { OfferParams, OfferQuery, SharingChannels } from '../schemas/offer.schema';
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
      summary:
        "An offer by its id or short_url_code, with one claim URL per channel, the campaign's rewards (Talkable's incentives) and, for the channels sharing_channels[] names (custom ones a merchant names included), Talkable's claim_links. The advocate's email and the share key (for email invites from the browser) only with the secret key.",
      tag: 'Offers',
      access: 'public or secret',
      params: OfferParams,
      query: OfferQuery,
      subject: offerSubject('id'),
    },
    async (c, { site, secret, subject }) => {
      const { services } = c.var;
      const channels = sharingChannelsOf(c);
      const { found, claimLinks } = channels ? await sharingLinks(services.db, services.publicUrl, subject, channels, services.clock()) : { found: subject, claimLinks: undefined };
      const email = secret ? ((await findPerson(services.db, found.offer.person_id))?.email ?? null) : undefined;
      const facts = await offerAnswerFacts(services.db, site, found.offer);
      return c.json({
        ok: true,
        result: {
          offer: offerView(site, found.offer, found.links, facts, services.publicUrl, email, secret ? shareKeyOf(site.api_key, found.offer.id) : undefined),
          campaign: campaignView(site, facts.campaignTags, found.offer.variant_id),
          ...(claimLinks ? { claim_links: claimLinks } : {}),
        },
      });
    },
  );
}

/** The query's sharing_channels[] (or sharing_channels) as a validated list, or undefined when it names none. */
function sharingChannelsOf(c: Context<AppEnv>): string[] | undefined {
  const given = [...(c.req.queries('sharing_channels[]') ?? []), ...(c.req.queries('sharing_channels') ?? [])];
  if (given.length === 0) return undefined;
  const parsed = v.safeParse(SharingChannels, given, { abortPipeEarly: true });
  if (!parsed.success) throw ApiError.invalid('sharing_channels', parsed.issues[0].message);
  return parsed.output;
}
