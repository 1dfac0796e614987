import type { Reward, Site } from '../config/site-config.schema';
import type { PersonShare } from '../store/person-profile.repository';
import { tagNames } from '../webhooks/webhook-payload';
import { claimUrl, offerPageUrl } from '../contract/public-urls';

/** One side's reward as Talkable's offer.incentives entry; criteria Vouch has no rule for keep Talkable's neutral value. */
function incentiveView(reward: Reward, side: 'advocate' | 'friend') {
  const isAdvocate = side === 'advocate';
  const criteria = isAdvocate
    ? {
        new_customer: true,
        new_optin: false,
        subtotal_min: null,
        subtotal_max: null,
        referrals_min: null,
        referrals_max: null,
        reward_uniqueness: 'once_per_friend',
        friend_event_category: 'purchase',
        has_liquid_criteria: false,
      }
    : {
        once_per_person: true,
        new_customer: reward.new_customers_only ?? false,
        new_optin: false,
        allow_on_expired_offer: false,
        allow_on_self_referral: false,
        has_liquid_criteria: false,
        subtotal_min: reward.minimum_subtotal ?? null,
      };
  const percentage = reward.percent !== undefined || reward.percent_off !== undefined;
  return {
    action_type: isAdvocate ? 'referrer' : 'click',
    description: reward.incentive_description,
    percentage,
    amount: reward.percent ?? reward.percent_off ?? reward.amount ?? null,
    criteria_config: criteria,
    for_advocate: isAdvocate,
    for_friend: !isAdvocate,
    highest_amount: true,
    identifier: isAdvocate ? 'referrer' : 'friend_new_customer',
    incentive_type: reward.incentive,
    coupon_expires_at: null,
  };
}

/**
 * A share the person made, as Talkable's shares_by answers it, key for key: its link, channel
 * and type, the offer with both sides' incentives, the campaign, and the friends it reached and
 * the clicks through its channel. Vouch adds after them when it was made.
 */
export function personShareView(site: Site, publicUrl: string, advocateEmail: string | null, entry: PersonShare) {
  const { share, offer, origin } = entry;
  const claimUrls: Record<string, string> = {};
  for (const link of offer.links) claimUrls[link.channel] = claimUrl(publicUrl, link.code);
  const offerShape = {
    claim_urls: claimUrls,
    claim_url: claimUrls.other ?? offerPageUrl(publicUrl, offer.offer.short_url_code),
    show_url: offerPageUrl(publicUrl, offer.offer.short_url_code),
  };
  const tags = tagNames(origin);
  return {
    short_url: offerShape.claim_urls[share.channel] ?? offerShape.claim_url,
    channel_identifier: share.channel,
    id: share.id,
    type: share.type,
    offer: {
      claim_url: offerShape.claim_url,
      email: advocateEmail,
      id: offer.offer.id,
      short_url_code: offer.offer.short_url_code,
      show_url: offerShape.show_url,
      coupon_code: offer.offer.friend_coupon_code,
      incentives: { referrer: incentiveView(site.advocate_reward, 'advocate'), friend_new_customer: incentiveView(site.friend_reward, 'friend') },
      trigger_widget: false,
      campaign_tags: tags,
    },
    campaign: {
      slug: site.site_slug,
      is_active: true,
      appearance: 'inline',
      id: site.id,
      joinable_category_names: [],
      name: site.name ?? site.site_slug,
      new_customer: null,
      origin_max_age: null,
      origin_min_age: null,
      status: 'Live',
      tag_names: tags,
    },
    friends_count: entry.friendsCount,
    friend_clicks_count: entry.friendClicksCount,
    created_at: share.created_at,
  };
}
