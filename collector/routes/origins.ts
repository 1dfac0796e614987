import { ApiError } from '../http/api-error';
import type { ApiRoutes } from '../http/api-routes';
import { clientIp } from '../http/client-ip';
import { shareKeyOf } from '../signing/offer-share-key';
import { checkPurchaseSignature } from '../signing/purchase-signature';
import { offerAnswerFacts } from '../domain/offer-answer';
import { recordOrigin, type OriginInput } from '../domain/record-origin';
import { sharingLinks } from '../domain/sharing-links';
import { CreateOriginBody } from '../schemas/origin.schema';
import { BROWSER_AUTHORITY, MERCHANT_AUTHORITY, type PersonAuthority } from '../domain/record-person';
import { campaignView } from '../views/campaign.view';
import { offerView } from '../views/offer.view';
import { originView } from '../views/origin.view';
import { referralView } from '../views/referral.view';

/** POST /api/v2/origins: a Purchase, AffiliateMember or Event; answers the advocate's offer. */
export function registerOriginRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'post',
      path: '/api/v2/origins',
      summary:
        "Record a Purchase, AffiliateMember or Event. Answers the person's offer to share and, when the origin is a referred friend's, the referral. With the secret key (merchant's server) or from the widget with only site_slug (Purchase and AffiliateMember; unverified unless signed).",
      tag: 'Origins',
      access: 'public or secret',
      body: CreateOriginBody,
      successStatus: 201,
    },
    async (c, { body, site, secret }) => {
      const { services } = c.var;
      if (!secret && body.type === 'Event') throw ApiError.unauthorized();
      // "category:number" is how an Event's origin_slug reads: a browser's order number must not look like one.
      if (!secret && body.type === 'Purchase' && String(body.data.order_number).includes(':')) {
        throw ApiError.refused(422, 'order_number_reserved', 'data.order_number', 'must not contain ":" when sent from a browser (it would read as an Event origin_slug)');
      }

      let verified = secret;
      let authority: PersonAuthority = secret ? MERCHANT_AUTHORITY : BROWSER_AUTHORITY;
      if (!secret && body.type === 'Purchase' && body.data.signature) {
        const data = body.data;
        const verdict = checkPurchaseSignature(site.api_key, data.signature!, {
          siteSlug: site.site_slug,
          orderNumber: String(data.order_number),
          email: data.email,
          subtotal: data.subtotal,
          customerId: data.customer_id === undefined ? null : String(data.customer_id),
          couponCode: data.coupon_code || null,
          visitorUuid: data.uuid ?? null,
          firstName: data.first_name || null,
          lastName: data.last_name || null,
        });
        if (verdict === 'invalid') {
          throw ApiError.refused(422, 'signature_mismatch', 'data.signature', 'does not match the purchase (see "Signed purchases" in the README)');
        }
        // A version 1 signature leaves the customer id, coupon and uuid unsigned: then the purchase is a browser's claim.
        verified = verdict === 'trusted_v1' || verdict === 'trusted_v2';
        if (verified) authority = { identity: true, names: verdict === 'trusted_v2', properties: false };
      }

      const data = body.data;
      // Only the merchant's server may say where the customer was: a browser's address is the one it called from.
      const ip = !secret || data.ip_address === 'current' ? clientIp(c) : (data.ip_address ?? null);
      const input: OriginInput = {
        type: body.type,
        person: {
          email: data.email ?? null,
          customer_id: data.customer_id === undefined ? null : String(data.customer_id),
          first_name: data.first_name || null,
          last_name: data.last_name || null,
          custom_properties: data.person_custom_properties ?? null,
        },
        order_number: 'order_number' in data ? String(data.order_number) : null,
        order_number_is_numeric: 'order_number' in data && typeof data.order_number === 'number',
        event_category: 'event_category' in data ? data.event_category : null,
        event_number: 'event_number' in data ? String(data.event_number) : null,
        subtotal: 'subtotal' in data ? (data.subtotal ?? null) : null,
        order_date: 'order_date' in data ? (data.order_date ?? null) : body.type === 'Purchase' ? new Date().toISOString() : null,
        coupon_code: ('coupon_code' in data && data.coupon_code) || null,
        items: ('items' in data && data.items) || null,
        campaign_tags: typeof data.campaign_tags === 'string' ? splitTags(data.campaign_tags) : (data.campaign_tags ?? null),
        traffic_source: data.traffic_source ?? null,
        ip_address: ip,
        visitor_uuid: data.uuid?.toLowerCase() ?? null,
        device_id: data.device_id ?? null,
        shipping_address: ('shipping_address' in data && data.shipping_address) || null,
        shipping_zip: ('shipping_zip' in data && data.shipping_zip) || null,
        verified,
        authority,
      };

      const recorded = await recordOrigin(services.db, site, input, services.clock());
      // A browser repeating an order number someone else's purchase already holds learns nothing about it.
      if (!secret && !recorded.created && recorded.origin.person_id !== recorded.person.id) {
        throw new ApiError(409, 'order_taken', 'this order_number is already recorded for another customer', [
          { field: 'data.order_number', message: 'is already recorded for another customer' },
        ]);
      }
      for (const problem of recorded.problems) services.logger.warn(problem, { site: site.site_slug });
      const { found, claimLinks } = data.sharing_channels
        ? await sharingLinks(services.db, services.publicUrl, recorded.offer, data.sharing_channels, services.clock(), 'data.sharing_channels')
        : { found: recorded.offer, claimLinks: undefined };
      const facts = await offerAnswerFacts(services.db, site, found.offer);
      return c.json(
        {
          ok: true,
          result: {
            origin: originView(recorded.origin, recorded.person, secret),
            offer: offerView(
              site,
              found.offer,
              found.links,
              facts,
              services.publicUrl,
              secret ? recorded.person.email : undefined,
              verified ? shareKeyOf(site.api_key, found.offer.id) : undefined,
            ),
            campaign: campaignView(site, found.offer, facts.campaignTags),
            ...(recorded.referral ? { referral: referralView(recorded.referral, recorded.advocateShortUrlCode ?? '', secret) } : {}),
            // Not Talkable's: a purchase that named an advocate whose offer had expired closes no referral, and says so.
            ...(recorded.noReferralReason ? { no_referral_reason: recorded.noReferralReason } : {}),
            ...(claimLinks ? { claim_links: claimLinks } : {}),
          },
        },
        recorded.created ? 201 : 200,
      );
    },
  );
}

function splitTags(tags: string): string[] {
  return tags
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
}
