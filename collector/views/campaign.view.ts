import type { Site } from '../config/site-config.schema';

/**
 * The site's campaign in Talkable's `campaign` subhash (id, cached_slug, type, tag_names, and the
 * keys of its campaigns list), with what the widget and claim page show: both sides' rewards, and
 * how many addresses one email share may name, so the widget's form refuses what the collector
 * would. One campaign per site: `tagNames` are the tags the answer's origin named (["default"]).
 */
export function campaignView(site: Site, tagNames: readonly string[] = ['default']) {
  return {
    id: site.id,
    cached_slug: site.site_slug,
    type: 'DoubleSidedDealCampaign',
    name: site.name ?? site.site_slug,
    locale: site.locale,
    advocate_reward: site.advocate_reward,
    friend_reward: site.friend_reward,
    // The currency of both rewards' amounts (ISO 4217).
    currency: site.currency,
    // Not Talkable's: an added field, so a Talkable client reads the rest unchanged.
    recipients_per_share: site.email_limits.recipients_per_share,
    // Talkable's, after Vouch's: the site's one campaign is always live, shown by the merchant's own page.
    tag_names: [...tagNames],
    slug: site.site_slug,
    is_active: true,
    status: 'Live',
    appearance: 'inline',
    joinable_category_names: ['purchase', 'affiliate_member', 'event'],
    new_customer: null,
    origin_min_age: null,
    origin_max_age: null,
  };
}
