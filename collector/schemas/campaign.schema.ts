import * as v from 'valibot';
import { ApiKey, SiteSlug } from './common.schema';

/** GET /api/v2/campaigns */
export const CampaignsQuery = v.object({ site_slug: SiteSlug, api_key: v.optional(ApiKey) });
