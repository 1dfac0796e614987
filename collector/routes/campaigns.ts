import { siteCampaigns } from '../config/site-campaigns';
import type { ApiRoutes } from '../http/api-routes';
import { CampaignsQuery } from '../schemas/campaign.schema';
import { campaignListView } from '../views/campaign-list.view';

/** GET /api/v2/campaigns: the site's campaigns, Talkable's list. */
export function registerCampaignRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/v2/campaigns',
      summary:
        "The site's campaigns: its default one (the site-level settings) first, then those its configuration lists, each with its tags, placement and dates, active while it runs.",
      tag: 'Campaigns',
      access: 'secret',
      query: CampaignsQuery,
    },
    async (c, { site }) => {
      const now = c.var.services.clock();
      return c.json({ ok: true, result: { campaigns: siteCampaigns(site).map((campaign) => campaignListView(campaign, now)) } });
    },
  );
}
