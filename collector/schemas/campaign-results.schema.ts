import * as v from 'valibot';
import { ApiKey, NoControlCharacters, SiteSlug } from './common.schema';

/** /api/v2/campaigns/:campaign_id/...: the campaign's id, as its `campaign` subhash answers it. */
export const CampaignIdParams = v.object({ campaign_id: v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(100), NoControlCharacters) });

/** GET /api/v2/campaigns/:campaign_id/results */
export const CampaignResultsQuery = v.object({
  site_slug: SiteSlug,
  api_key: v.optional(ApiKey),
});
