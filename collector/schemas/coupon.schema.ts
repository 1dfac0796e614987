import * as v from 'valibot';
import { CouponCodeSchema } from '../config/site-config.schema';
import { ApiKey, Email, Money, NoControlCharacters, SiteSlug } from './common.schema';

/** Most codes one API call loads; the 64 KB body limit would refuse a few thousand more anyway. */
export const MAX_COUPON_CODES_PER_REQUEST = 2000;

/** POST /api/v2/coupons */
export const AddCouponsBody = v.object({
  site_slug: SiteSlug,
  api_key: v.optional(ApiKey),
  data: v.object({
    kind: v.picklist(['advocate', 'friend'], 'must be "advocate" or "friend"'),
    codes: v.pipe(v.array(CouponCodeSchema), v.minLength(1, 'must list at least one code'), v.maxLength(MAX_COUPON_CODES_PER_REQUEST)),
  }),
});

/** GET /api/v2/coupons */
export const CouponsQuery = v.object({ site_slug: SiteSlug, api_key: v.optional(ApiKey) });

/**
 * A code a checkout asks about: any code a shop might have (its own ones too, which Vouch answers
 * it did not give), so looser than the codes Vouch loads; compared upper-case.
 */
const LookedUpCode = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(100), NoControlCharacters);

/** GET /api/v2/coupons/:code */
export const CouponCodeParams = v.object({ code: LookedUpCode });

/** GET /api/v2/coupons/:code/permission/:email */
export const CouponPermissionParams = v.object({ code: LookedUpCode, email: Email });

/** The query of GET /api/v2/coupons/:code */
export const CouponLookupQuery = v.object({ site_slug: SiteSlug, api_key: v.optional(ApiKey) });

/** The query of the permission look-up; `subtotal` (Vouch's) is the order's, for a code's minimum_subtotal. */
export const CouponPermissionQuery = v.object({ site_slug: SiteSlug, api_key: v.optional(ApiKey), subtotal: v.optional(Money) });
