import { ApiError } from '../http/api-error';
import type { ApiRoutes } from '../http/api-routes';
import { siteCampaigns } from '../config/site-campaigns';
import { campaignResults } from '../domain/campaign-results';
import { CampaignIdParams, CampaignResultsQuery } from '../schemas/campaign-results.schema';

/** The results of a campaign's A/B experiment (secret key only): README "Experiments (A/B)". */
export function registerCampaignResultRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/v2/campaigns/:campaign_id/results',
      summary:
        "A campaign's experiment (its own variants, else the site's): for each variant (the first is the control) its funnel offers → shares → clicks → referrals → revenue, each step's rate per offer with its Wilson 95% interval, and a two-sided two-proportion z-test of that rate against the control's (p_value, significant at 0.05). Revenue is the referred purchases the merchant's server reported, less refunds.",
      tag: 'Campaigns',
      access: 'secret',
      params: CampaignIdParams,
      query: CampaignResultsQuery,
    },
    async (c, { params: { campaign_id: campaignId }, site }) => {
      // The id the `campaign` subhash of every answer names: the site's default campaign, or a configured one.
      const campaign = siteCampaigns(site).find((candidate) => candidate.id === campaignId);
      if (!campaign) throw ApiError.notFound('campaign_id', 'campaign');
      const results = await campaignResults(c.var.services.db, site, campaign);
      return c.json({ ok: true, result: { campaign: { id: campaign.id, cached_slug: campaign.slug }, ...results } });
    },
  );
}
