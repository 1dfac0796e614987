import * as v from 'valibot';
import { CouponCodeSchema } from '../config/site-config.schema';
import { ApiKey, SiteSlug } from './common.schema';

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
