import type { Campaign } from '../config/site-campaigns';
import { isRunning } from '../domain/campaign-selection';
import { talkableCampaignType } from '../webhooks/campaign-identity';
import { talkableAppearance } from './campaign.view';

/**
 * One campaign of GET /api/v2/campaigns, key for key as Talkable's list (appearance, id, name,
 * new_customer, origin_max_age, origin_min_age, tag_names, slug, is_active, status), then Vouch's:
 * cached_slug and type (as the campaign subhash of offers and web hooks names it), placement
 * (null for the site's default campaign, which takes any), starts_at and ends_at. A campaign is
 * active, "Live", while it runs (its dates), else "Disabled".
 */
export function campaignListView(campaign: Campaign, now: Date) {
  const running = isRunning(campaign, now);
  return {
    appearance: talkableAppearance(campaign),
    id: campaign.id,
    name: campaign.name,
    new_customer: null,
    origin_max_age: null,
    origin_min_age: null,
    tag_names: [...campaign.tags],
    slug: campaign.slug,
    is_active: running,
    status: running ? 'Live' : 'Disabled',
    cached_slug: campaign.slug,
    type: talkableCampaignType(campaign),
    placement: campaign.placement,
    starts_at: campaign.starts_at,
    ends_at: campaign.ends_at,
  };
}
