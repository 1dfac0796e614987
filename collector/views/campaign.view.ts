import type { Site } from '../config/site-config.schema';

/** What the widget and claim page show of the site's campaign: both sides' rewards. */
export function campaignView(site: Site) {
  return {
    id: site.id,
    cached_slug: site.site_slug,
    type: 'DoubleSidedDealCampaign',
    name: site.name ?? site.site_slug,
    locale: site.locale,
    advocate_reward: site.advocate_reward,
    friend_reward: site.friend_reward,
  };
}
