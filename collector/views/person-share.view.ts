import type { Site } from '../config/site-config.schema';
import type { PersonShare } from '../store/person-profile.repository';
import { tagNames } from '../webhooks/campaign-identity';
import { claimUrl, offerPageUrl } from '../contract/public-urls';
import { incentivesView } from './incentives.view';

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
      incentives: incentivesView(site, offer.offer.friend_coupon_expires_at ?? null),
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
