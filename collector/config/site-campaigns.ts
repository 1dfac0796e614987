import { settingsForOffer } from './experiment-variant';
import type { CampaignEntry, CampaignPlacement, Site } from './site-config.schema';

/**
 * The settings a campaign may give its offers instead of the site's: the overridable subset of
 * Site, in the same shape, so code that reads `site.advocate_reward` reads a campaign's the same way.
 */
export type CampaignSettings = Pick<Site, (typeof CAMPAIGN_SETTING_KEYS)[number]>;

/** The keys of CampaignSettings, in the order the README lists them; `variants` is the campaign's own experiment. */
export const CAMPAIGN_SETTING_KEYS = ['advocate_reward', 'friend_reward', 'referral_closed_by', 'approval', 'limits', 'locale', 'email_invite', 'currency', 'offer_expires_in_days', 'variants'] as const;

/** One of a site's campaigns, resolved: the configured ones, or the site's own (its default). */
export interface Campaign {
  /** The configured id; the site's store id for its default campaign (as Vouch answered before campaigns). */
  id: string;
  /** Talkable's cached_slug: the configured slug; the site_slug for the default campaign. */
  slug: string;
  name: string;
  /** Talkable's tag_names; ["default"] for the default campaign. */
  tags: readonly string[];
  /** null for the default campaign: it takes origins of any placement. */
  placement: CampaignPlacement | null;
  starts_at: string | null;
  ends_at: string | null;
  /** The site's own settings: what takes an origin no configured campaign takes. */
  isDefault: boolean;
}

/** The site's own campaign, built from its site-level fields: the one every site has. */
export function defaultCampaign(site: Site): Campaign {
  return { id: site.id, slug: site.site_slug, name: site.name ?? site.site_slug, tags: ['default'], placement: null, starts_at: null, ends_at: null, isDefault: true };
}

/** The configured campaign as the collector serves it. */
function configuredCampaign(entry: CampaignEntry): Campaign {
  return {
    id: entry.id,
    slug: entry.slug,
    name: entry.name ?? entry.slug,
    tags: entry.tags,
    placement: entry.placement,
    starts_at: entry.starts_at ?? null,
    ends_at: entry.ends_at ?? null,
    isDefault: false,
  };
}

/** Every campaign of the site: its default one first, then the configured ones in their order. */
export function siteCampaigns(site: Site): Campaign[] {
  return [defaultCampaign(site), ...(site.campaigns ?? []).map(configuredCampaign)];
}

/**
 * The campaign an offer recorded (offers.campaign_id); null — an offer made before campaigns, or
 * by the default campaign — and an id no longer configured are the site's default campaign.
 */
export function campaignById(site: Site, campaignId: string | null | undefined): Campaign {
  const entry = campaignId ? site.campaigns?.find((campaign) => campaign.id === campaignId) : undefined;
  return entry ? configuredCampaign(entry) : defaultCampaign(site);
}

/**
 * The site as a campaign's offers see it: the campaign's settings laid over the site's. Callers
 * pass it wherever they passed the site (rewards, referral rules, pages, emails), so every rule
 * that reads a setting reads the offer's campaign. The default campaign is the site unchanged.
 */
export function withCampaignSettings(site: Site, campaign: Pick<Campaign, 'id' | 'isDefault'>): Site {
  if (campaign.isDefault) return site;
  const entry = site.campaigns?.find((candidate) => candidate.id === campaign.id);
  if (!entry) return site;
  const overrides: Partial<CampaignSettings> = {};
  for (const key of CAMPAIGN_SETTING_KEYS) {
    if (entry[key] !== undefined) Object.assign(overrides, { [key]: entry[key] });
  }
  return { ...site, ...overrides };
}

/**
 * The settings of an offer's campaign, with the rewards of the experiment variant it was made in
 * laid over them: the one function every caller asks "what applies to this offer".
 */
export function offerCampaignSettings(site: Site, offer: { campaign_id?: string | null; variant_id?: string | null }): Site {
  return settingsForOffer(withCampaignSettings(site, campaignById(site, offer.campaign_id)), offer);
}
