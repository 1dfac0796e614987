import type { Kysely } from 'kysely';
import { siteCampaigns, withCampaignSettings, type Campaign } from '../config/site-campaigns';
import type { Site } from '../config/site-config.schema';
import type { ConsoleCampaign } from '../contract/console-api';
import type { Database } from '../store/tables';
import { isRunning } from './campaign-selection';
import { campaignResults, type CampaignResults } from './campaign-results';

/** Whether a campaign runs an experiment: its own variants, else the site's (README "Experiments (A/B)"). */
function runsExperiment(site: Site, campaign: Campaign): boolean {
  return withCampaignSettings(site, campaign).variants.length > 0;
}

/** The site's campaigns, its default one first, each with whether it runs an experiment and its currency. */
export function consoleCampaigns(site: Site, now: Date): ConsoleCampaign[] {
  return siteCampaigns(site).map((campaign) => ({
    id: campaign.id,
    name: campaign.name,
    slug: campaign.slug,
    is_default: campaign.isDefault,
    status: isRunning(campaign, now) ? 'Live' : 'Disabled',
    starts_at: campaign.starts_at,
    ends_at: campaign.ends_at,
    experiment: runsExperiment(site, campaign),
    currency: withCampaignSettings(site, campaign).currency,
  }));
}

/**
 * A campaign's experiment results, as GET /api/v2/campaigns/<id>/results computes them, with the
 * currency its revenue is in; no variants for a campaign without an experiment; null for an id
 * that names none of the site's campaigns.
 */
export async function consoleCampaignResults(
  db: Kysely<Database>,
  site: Site,
  campaignId: string,
): Promise<(CampaignResults & { campaign: { id: string; cached_slug: string }; currency: string }) | null> {
  const campaign = siteCampaigns(site).find((candidate) => candidate.id === campaignId);
  if (!campaign) return null;
  // The same answer as GET /api/v2/campaigns/<id>/results: no variants for a campaign without an experiment.
  const results = await campaignResults(db, site, campaign);
  return { campaign: { id: campaign.id, cached_slug: campaign.slug }, currency: withCampaignSettings(site, campaign).currency, ...results };
}
