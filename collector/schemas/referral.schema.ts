import * as v from 'valibot';

/** Statuses the merchant may ask for through PUT /origins/:origin_slug/referral. */
export const REQUESTABLE_STATUSES = ['approved', 'voided', 'unblocked'] as const;
import { ApiKey, Cursor, NoControlCharacters, PageLimit, SiteSlug, Uuid } from './common.schema';

/** PUT /api/v2/origins/:origin_slug/referral: an order_number, or event_category:event_number. */
export const OriginSlugParams = v.object({ origin_slug: v.pipe(v.string(), v.minLength(1), v.maxLength(201), NoControlCharacters) });

/** PUT /api/v2/referrals/:referral_id */
export const ReferralIdParams = v.object({ referral_id: Uuid });

/** PUT /api/v2/origins/:origin_slug/referral (Talkable's body). */
export const UpdateReferralBody = v.object({
  site_slug: SiteSlug,
  api_key: v.optional(ApiKey),
  data: v.object({
    status: v.picklist(REQUESTABLE_STATUSES, `must be one of ${REQUESTABLE_STATUSES.join(', ')}`),
  }),
});

/** GET /api/v2/referrals */
export const ListReferralsQuery = v.object({
  site_slug: SiteSlug,
  api_key: v.optional(ApiKey),
  status: v.optional(v.picklist(['pending', 'flagged', 'approved', 'voided', 'blocked', 'unblocked'], 'must be pending, flagged, approved, voided, blocked or unblocked')),
  limit: v.optional(PageLimit),
  cursor: v.optional(Cursor),
});
