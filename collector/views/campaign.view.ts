import { campaignById, offerCampaignSettings } from '../config/site-campaigns';
import type { ExperimentVariant, Site } from '../config/site-config.schema';
import { variantNamed } from '../config/experiment-variant';
import type { OfferRow } from '../store/tables';
import { talkableCampaignType } from '../webhooks/campaign-identity';

/**
 * The offer's campaign in Talkable's `campaign` subhash (id, cached_slug, type, tag_names, and the
 * keys of its campaigns list), with what the widget and claim page show: both sides' rewards, and
 * how many addresses one email share may name, so the widget's form refuses what the collector
 * would. The site's default campaign is tagged as the answer's origin was (`tagNames`, ["default"]
 * when it named none), as before campaigns; a configured campaign by its own tags.
 */
export function campaignView(site: Site, offer: Pick<OfferRow, 'campaign_id'> & { variant_id?: string | null }, tagNames: readonly string[] = ['default']) {
  const campaign = campaignById(site, offer.campaign_id);
  // The offer's campaign's settings, with its variant's rewards laid over them.
  const settings = offerCampaignSettings(site, offer);
  const variant = variantNamed(settings, offer.variant_id);
  return {
    id: campaign.id,
    cached_slug: campaign.slug,
    type: talkableCampaignType(campaign),
    name: campaign.name,
    locale: settings.locale,
    advocate_reward: settings.advocate_reward,
    friend_reward: settings.friend_reward,
    // The currency of both rewards' amounts (ISO 4217).
    currency: settings.currency,
    // Not Talkable's: an added field, so a Talkable client reads the rest unchanged.
    recipients_per_share: site.email_limits.recipients_per_share,
    // Not Talkable's: the experiment variant the offer was made in (its rewards are already the ones above); null without one.
    variant: variant ? variantView(variant) : null,
    // Talkable's, after Vouch's: a campaign chosen for an offer is live (it ran when the offer was made), shown by the merchant's own page.
    tag_names: campaign.isDefault ? [...tagNames] : [...campaign.tags],
    slug: campaign.slug,
    is_active: true,
    status: 'Live',
    appearance: talkableAppearance(campaign),
    joinable_category_names: ['purchase', 'affiliate_member', 'event'],
    new_customer: null,
    origin_min_age: null,
    origin_max_age: null,
  };
}

/** Talkable's appearance: a post-purchase or floating offer opens over the page ("popup"), the rest sit in it ("inline"). */
export function talkableAppearance(campaign: { placement: string | null }): 'inline' | 'popup' {
  return campaign.placement === 'post-purchase' || campaign.placement === 'floating' ? 'popup' : 'inline';
}

/** What the widget needs of a variant besides its rewards: its id, its copy and its share channels in order. */
function variantView(variant: ExperimentVariant) {
  return { id: variant.id, strings: variant.strings ?? {}, share_channels: variant.share_channels ?? null };
}
