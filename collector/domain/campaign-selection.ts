import { defaultCampaign, siteCampaigns, type Campaign } from '../config/site-campaigns';
import type { CampaignPlacement, Site } from '../config/site-config.schema';
import type { OriginType } from '../store/tables';

/** The placements an origin's offer may be shown in: a purchase's after the checkout; a sign-up's on a page, a widget or an email. */
export function placementsOf(originType: OriginType): readonly CampaignPlacement[] {
  return originType === 'AffiliateMember' ? ['standalone', 'floating', 'email'] : ['post-purchase'];
}

/** What picks an origin's campaign. */
export interface CampaignRequest {
  /** The origin's campaign_tags; none (null or empty) is Talkable's ["default"]. */
  tags: readonly string[] | null;
  placements: readonly CampaignPlacement[];
  now: Date;
}

/** Whether the campaign runs at this moment: from starts_at (included) until ends_at (excluded). */
export function isRunning(campaign: Pick<Campaign, 'starts_at' | 'ends_at'>, now: Date): boolean {
  const at = now.getTime();
  return (campaign.starts_at === null || Date.parse(campaign.starts_at) <= at) && (campaign.ends_at === null || at < Date.parse(campaign.ends_at));
}

/**
 * The campaign an origin's offer belongs to (README "Campaigns"): the first configured campaign,
 * in the configuration's order, that runs now, is of one of the origin's placements and has one of
 * its tags (an origin without tags asks for "default"); when none does, the site's default
 * campaign (its site-level settings).
 */
export function selectCampaign(site: Site, request: CampaignRequest): Campaign {
  const wanted = request.tags && request.tags.length > 0 ? request.tags : ['default'];
  const chosen = siteCampaigns(site).find(
    (campaign) =>
      !campaign.isDefault &&
      campaign.placement !== null &&
      request.placements.includes(campaign.placement) &&
      isRunning(campaign, request.now) &&
      campaign.tags.some((tag) => wanted.includes(tag)),
  );
  return chosen ?? defaultCampaign(site);
}
