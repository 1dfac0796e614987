import type { Site } from '../config/site-config.schema';
import { campaignById, type Campaign } from '../config/site-campaigns';
import type { OfferRow, OriginRow } from '../store/tables';

/** Talkable's campaign type: a standalone page's campaign is a StandaloneCampaign, an offer after a purchase (or in a widget or email) a DoubleSidedDealCampaign. */
export function talkableCampaignType(campaign: Pick<Campaign, 'placement'>): 'StandaloneCampaign' | 'DoubleSidedDealCampaign' {
  return campaign.placement === 'standalone' ? 'StandaloneCampaign' : 'DoubleSidedDealCampaign';
}

/**
 * The keys every answer and web hook names an offer's campaign by (Talkable's id, type,
 * cached_slug, tag_names). The default campaign is tagged as the advocate's origin was, as
 * before campaigns; a configured campaign by its own tags.
 */
export function campaignIdentity(site: Site, offer: Pick<OfferRow, 'campaign_id'>, advocateOrigin: OriginRow | undefined) {
  const campaign = campaignById(site, offer.campaign_id);
  return {
    id: campaign.id,
    type: talkableCampaignType(campaign),
    cached_slug: campaign.slug,
    tag_names: campaign.isDefault ? (advocateOrigin ? tagNames(advocateOrigin) : ['default']) : [...campaign.tags],
  };
}

/** The campaign tags of the advocate's origin, Talkable's ["default"] when none. */
export function tagNames(origin: OriginRow): string[] {
  if (!origin.campaign_tags) return ['default'];
  const tags = JSON.parse(origin.campaign_tags) as unknown;
  return Array.isArray(tags) && tags.length > 0 ? tags.map(String) : ['default'];
}
