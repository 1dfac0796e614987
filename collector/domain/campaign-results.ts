import type { Kysely } from 'kysely';
import { experimentScope } from '../config/campaign-offer-scopes';
import { defaultCampaign, withCampaignSettings, type Campaign } from '../config/site-campaigns';
import type { Site } from '../config/site-config.schema';
import { variantCounts } from '../store/experiment-results.repository';
import type { Database } from '../store/tables';
import { experimentResults, SIGNIFICANCE_LEVEL, type VariantCounts, type VariantResult } from './experiment-results';

/** What GET /api/v2/campaigns/<id>/results answers. */
export interface CampaignResults {
  /** Each configured variant in the configuration's order, the control (the first) first; empty without an experiment. */
  variants: (VariantResult & { weight: number })[];
  /** How the variants are compared with the control. */
  test: { name: string; alpha: number; confidence_interval: string };
}

const TEST = { name: 'two-proportion z-test (pooled, two-sided)', alpha: SIGNIFICANCE_LEVEL, confidence_interval: 'Wilson score, 95%' };

/**
 * The results of the experiment a campaign runs (its own variants, else the site's; the site's
 * default campaign unless named): every configured variant, with zero counts for one no offer was
 * made in yet. Offers of a variant since removed from the configuration are left out: its weight
 * and its place against the control no longer say anything.
 */
export async function campaignResults(db: Kysely<Database>, site: Site, campaign: Pick<Campaign, 'id' | 'isDefault'> = defaultCampaign(site)): Promise<CampaignResults> {
  const { variants } = withCampaignSettings(site, campaign);
  const stored = new Map((await variantCounts(db, site.id, experimentScope(site, campaign))).map((row) => [row.variantId, row]));
  const counts: VariantCounts[] = variants.map((variant) => stored.get(variant.id) ?? { ...NO_COUNTS, variantId: variant.id });
  const results = experimentResults(counts);
  return { variants: results.map((result, index) => ({ ...result, weight: variants[index]!.weight })), test: TEST };
}

const NO_COUNTS: Omit<VariantCounts, 'variantId'> = { offers: 0, shares: 0, sharedOffers: 0, clicks: 0, clickedOffers: 0, referrals: 0, referredOffers: 0, revenue: 0 };
