import { ApiError } from '../http/api-error';
import type { ApiRoutes } from '../http/api-routes';
import { campaignResults } from '../domain/campaign-results';
import { CampaignIdParams, CampaignResultsQuery } from '../schemas/campaign-results.schema';

/** The results of a campaign's A/B experiment (secret key only): README "Experiments (A/B)". */
export function registerCampaignResultRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/v2/campaigns/:campaign_id/results',
      summary:
        "A campaign's experiment: for each variant (the first is the control) its funnel offers → shares → clicks → referrals → revenue, each step's rate per offer with its Wilson 95% interval, and a two-sided two-proportion z-test of that rate against the control's (p_value, significant at 0.05). Revenue is the referred purchases the merchant's server reported, less refunds.",
      tag: 'Campaigns',
      access: 'secret',
      params: CampaignIdParams,
      query: CampaignResultsQuery,
    },
    async (c, { params: { campaign_id: campaignId }, site }) => {
      // One campaign per site: its id is the one the `campaign` subhash of every answer names.
      if (campaignId !== site.id) throw ApiError.notFound('campaign_id', 'campaign');
      const results = await campaignResults(c.var.services.db, site);
      return c.json({ ok: true, result: { campaign: { id: site.id, cached_slug: site.site_slug }, ...results } });
    },
  );
}
