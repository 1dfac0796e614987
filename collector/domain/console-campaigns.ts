import type { Kysely } from 'kysely';
import { siteCampaigns, withCampaignSettings, type Campaign } from '../config/site-campaigns';
import type { Site } from '../config/site-config.schema';
import type { Database } from '../store/tables';
import { isRunning } from './campaign-selection';
import { campaignResults, type CampaignResults } from './campaign-results';

/** One of the site's campaigns as the console lists it. */
export interface ConsoleCampaignRow {
  id: string;
  name: string;
  slug: string;
  is_default: boolean;
  status: 'Live' | 'Disabled';
  starts_at: string | null;
  ends_at: string | null;
  experiment: boolean;
  currency: string;
}

/**
 * Whether a campaign runs the site's experiment. The variants are the site's (README
 * "Experiments (A/B)"), and GET /api/v2/campaigns/<id>/results answers them for the site's own
 * campaign only: a configured campaign runs none.
 */
function runsExperiment(site: Site, campaign: Campaign): boolean {
  return campaign.isDefault && site.variants.length > 0;
}

/** The site's campaigns, its default one first, each with whether it runs an experiment and its currency. */
export function consoleCampaigns(site: Site, now: Date): ConsoleCampaignRow[] {
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
  // A campaign without an experiment answers as a site without variants does: none, and the test's name.
  const results = await campaignResults(db, runsExperiment(site, campaign) ? site : { ...site, variants: [] });
  return { campaign: { id: campaign.id, cached_slug: campaign.slug }, currency: withCampaignSettings(site, campaign).currency, ...results };
}
