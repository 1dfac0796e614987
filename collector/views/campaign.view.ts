import type { Site } from '../config/site-config.schema';

/**
 * What the widget and claim page show of the site's campaign: both sides' rewards, and how many
 * addresses one email share may name, so the widget's form refuses what the collector would.
 */
export function campaignView(site: Site) {
  return {
    id: site.id,
    cached_slug: site.site_slug,
    type: 'DoubleSidedDealCampaign',
    name: site.name ?? site.site_slug,
    locale: site.locale,
    advocate_reward: site.advocate_reward,
    friend_reward: site.friend_reward,
    // Not Talkable's: an added field, so a Talkable client reads the rest unchanged.
    recipients_per_share: site.email_limits.recipients_per_share,
  };
}
