import type { ExperimentVariant, Site } from '../config/site-config.schema';
import { variantNamed, applyVariant } from '../domain/experiment-variant';

/**
 * The site's campaign in Talkable's `campaign` subhash (id, cached_slug, type, tag_names, and the
 * keys of its campaigns list), with what the widget and claim page show: both sides' rewards, and
 * how many addresses one email share may name, so the widget's form refuses what the collector
 * would. One campaign per site: `tagNames` are the tags the answer's origin named (["default"]).
 */
export function campaignView(campaign: Site, tagNames: readonly string[] = ['default'], variantId?: string | null) {
  const variant = variantNamed(campaign, variantId);
  const site = applyVariant(campaign, variant);
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
    // Not Talkable's: the experiment variant the offer was made in (its rewards are already the ones above); null without one.
    variant: variant ? variantView(variant) : null,
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

/** What the widget needs of a variant besides its rewards: its id, its copy and its share channels in order. */
function variantView(variant: ExperimentVariant) {
  return { id: variant.id, strings: variant.strings ?? {}, share_channels: variant.share_channels ?? null };
}
