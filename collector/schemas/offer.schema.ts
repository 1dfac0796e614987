import * as v from 'valibot';
import { ApiKey, OfferCode, SiteSlug } from './common.schema';

/** GET /api/v2/offers/:id */
export const OfferParams = v.object({ id: OfferCode });

/** GET /api/v2/offers/:id — site_slug is optional for a browser: the offer names its site. */
export const OfferQuery = v.object({ site_slug: v.optional(SiteSlug), api_key: v.optional(ApiKey) });
