import type { CampaignResultsResult, CampaignsResult } from '../contract/console-api';
import { consoleCampaignResults, consoleCampaigns } from '../domain/console-campaigns';
import { ApiError } from '../http/api-error';
import type { ApiRoutes } from '../http/api-routes';
import { ConsoleSiteParams } from '../schemas/console.schema';
import { ConsoleCampaignParams } from '../schemas/console-data.schema';

/** The console's Campaigns page: the site's campaigns, and a campaign's experiment results (the session's, never the site key's). */
export function registerConsoleCampaignRoutes(api: ApiRoutes): void {
  api.addConsole(
    {
      method: 'get',
      path: '/console/api/sites/:site/campaigns',
      summary: "The site's campaigns, its default one first, each with its status, dates, currency and whether it runs an A/B experiment.",
      access: 'console',
      params: ConsoleSiteParams,
    },
    (c, { site }) => {
      const result: CampaignsResult = { campaigns: consoleCampaigns(site, c.var.services.console.now()) };
      return c.json({ ok: true, result });
    },
  );

  api.addConsole(
    {
      method: 'get',
      path: '/console/api/sites/:site/campaigns/:campaign/results',
      summary:
        "A campaign's experiment, as GET /api/v2/campaigns/:id/results answers it (each variant's funnel, rates per offer with Wilson 95% intervals, z-test against the control), and the currency of its revenue.",
      access: 'console',
      params: ConsoleCampaignParams,
    },
    async (c, { site, params }) => {
      const result: CampaignResultsResult | null = await consoleCampaignResults(c.var.services.db, site, params.campaign);
      if (!result) throw ApiError.notFound('campaign', 'campaign');
      return c.json({ ok: true, result });
    },
  );
}
