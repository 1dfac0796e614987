import type { OfferScope } from '../store/offer-scope';
import type { Campaign } from './site-campaigns';
import type { CampaignEntry, Site } from './site-config.schema';

/**
 * Which offers count together for a campaign's experiment and its reward tiers. A campaign with a
 * setting of its own counts only its own offers; every campaign that takes the site's setting
 * (the default campaign, one since removed from the configuration, a configured one without the
 * key) counts with the others that do, as the whole site did before campaigns had their own.
 */
function scopeOf(site: Site, campaign: Pick<Campaign, 'id' | 'isDefault'>, hasOwn: (entry: CampaignEntry) => boolean): OfferScope {
  const entries = site.campaigns ?? [];
  const entry = campaign.isDefault ? undefined : entries.find((candidate) => candidate.id === campaign.id);
  if (entry && hasOwn(entry)) return { campaignId: entry.id };
  return { siteExcept: entries.filter(hasOwn).map((own) => own.id) };
}

/** A campaign runs an experiment of its own when it lists `variants` (even none: then it runs no experiment). */
const ownsExperiment = (entry: CampaignEntry) => entry.variants !== undefined;

/** A campaign's tiers are its own when its advocate's reward is: its own `advocate_reward`, or one of its own variants'. */
const ownsTiers = (entry: CampaignEntry) => entry.advocate_reward !== undefined || entry.variants !== undefined;

/** The offers of a campaign's experiment: where a person's variant is sticky, and what its results count. */
export function experimentScope(site: Site, campaign: Pick<Campaign, 'id' | 'isDefault'>): OfferScope {
  return scopeOf(site, campaign, ownsExperiment);
}

/** The offers whose rewarded referrals a campaign's reward tiers count (the advocate's Nth in the period). */
export function tierScope(site: Site, campaign: Pick<Campaign, 'id' | 'isDefault'>): OfferScope {
  return scopeOf(site, campaign, ownsTiers);
}
